import { del, entries, get, set, update } from 'idb-keyval';
import type { EndpointRecord } from './endpoint.js';
import { untilFirstFailure } from './memory-fallback.js';
import { storeOpenedOnFirstUse } from './storage.js';
import type { Warn } from './types.js';

/** A record waiting for a 2xx from the endpoint. */
export interface OutboxEntry {
  readonly record: EndpointRecord;
  /** The endpoint refused it as malformed (4xx): kept as evidence, never sent again. */
  readonly refused?: { readonly status: number; readonly at: string };
}

/** Records not yet stored by the endpoint, shared by the site's tabs, kept until a 2xx. */
export interface Outbox {
  put(entry: OutboxEntry): Promise<void>;
  /** The endpoint stored it: it leaves the queue and becomes the latest delivered key. */
  delivered(record: EndpointRecord): Promise<void>;
  /** Every waiting entry, oldest decision first. */
  all(): Promise<OutboxEntry[]>;
  /** The key of the latest record the endpoint stored, to catch a decision whose queueing was cut off. */
  lastDelivered(): Promise<string | undefined>;
}

const DELIVERED_KEY = 'delivered';

/** The idempotency key of a record (docs/endpoint.md). */
export function outboxKey(record: Pick<EndpointRecord, 'id' | 'revision'>): string {
  return `${record.id}:${String(record.revision).padStart(10, '0')}`;
}

/**
 * IndexedDB, in a database of its own (idb-keyval keeps one store per database), opened on first
 * use: a shop without an endpoint never opens it.
 */
export function createIndexedDbOutbox(databaseName = 'assent-outbox'): Outbox {
  const store = storeOpenedOnFirstUse(databaseName, 'records');
  return {
    put: (entry) => set(outboxKey(entry.record), entry, store()),
    delivered: async (record) => {
      await del(outboxKey(record), store());
      await update<string>(DELIVERED_KEY, (previous) => latestKey(previous, outboxKey(record)), store());
    },
    all: async () => sortedEntries(await entries<string, unknown>(store())),
    lastDelivered: () => get<string>(DELIVERED_KEY, store()),
  };
}

export function createMemoryOutbox(): Outbox {
  const kept = new Map<string, OutboxEntry>();
  let lastDelivered: string | undefined;
  return {
    put: async (entry) => void kept.set(outboxKey(entry.record), entry),
    delivered: async (record) => {
      kept.delete(outboxKey(record));
      lastDelivered = latestKey(lastDelivered, outboxKey(record));
    },
    all: async () => sortedEntries([...kept.entries()]),
    lastDelivered: async () => lastDelivered,
  };
}

/** Keys of one id sort by revision (padded); a new id (storage wiped) replaces the old one. */
function latestKey(previous: string | undefined, key: string): string {
  return previous && previous.split(':')[0] === key.split(':')[0] && previous > key ? previous : key;
}

function sortedEntries(all: Array<[IDBValidKey, unknown]>): OutboxEntry[] {
  return all
    .filter((pair): pair is [string, OutboxEntry] => pair[0] !== DELIVERED_KEY)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, entry]) => entry);
}

/**
 * Uses `primary` until it fails, then warns once and keeps the queue in memory for this page: the
 * record is still sent, only a retry after the page closes is lost.
 */
export function outboxWithMemoryFallback(primary: Outbox, warn: Warn): Outbox {
  const memory = createMemoryOutbox();
  const attempt = untilFirstFailure((reason) => warn(`the consent outbox cannot use IndexedDB (${reason}); unsent records are kept for this page only.`));
  return {
    put: (entry) => attempt(() => primary.put(entry), () => memory.put(entry)),
    delivered: (record) => attempt(() => primary.delivered(record), () => memory.delivered(record)),
    all: () => attempt(() => primary.all(), () => memory.all()),
    lastDelivered: () => attempt(() => primary.lastDelivered(), () => memory.lastDelivered()),
  };
}
