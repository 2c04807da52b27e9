import { entries, promisifyRequest } from 'idb-keyval';
import type { DeliveredRecord, EndpointRecord, Receipt } from './endpoint.js';
import { untilFirstFailure } from './memory-fallback.js';
import { checkRecord } from './record.js';
import { DELIVERED_KEY, OUTBOX_DATABASE, OUTBOX_STORE, outboxKey } from './outbox-key.js';
import { storeOpenedOnFirstUse } from './storage.js';
import type { Warn } from './types.js';

export { outboxKey };

/** A record waiting for a 2xx from the endpoint. */
export interface OutboxEntry {
  readonly record: EndpointRecord;
  /**
   * The endpoint refused it. With 400, 413, 415 or 422 (malformed): kept as evidence, never sent
   * again. Any other status (an older Assent refused on every 4xx) is sent again.
   */
  readonly refused?: { readonly status: number; readonly at: string };
}

/** Records not yet stored by the endpoint, shared by the site's tabs, kept until a 2xx. */
export interface Outbox {
  put(entry: OutboxEntry): Promise<void>;
  /** Removes `records` and puts `entries` in one step: records moved to another (id, revision). */
  replace(records: readonly EndpointRecord[], entries: readonly OutboxEntry[]): Promise<void>;
  /**
   * The endpoint stored it: it leaves the queue and becomes the latest delivered key; with the
   * endpoint's receipt, that receipt is kept when the record is the latest delivered.
   */
  delivered(record: EndpointRecord, receipt?: Receipt): Promise<void>;
  /** Every waiting entry, oldest decision first; malformed entries are dropped, with a warning. */
  all(): Promise<OutboxEntry[]>;
  /** The key of the latest record the endpoint stored, to catch a decision whose queueing was cut off. */
  lastDelivered(): Promise<string | undefined>;
  /** The id's proof secret; `candidate` becomes it when the id has none yet. */
  proof(id: string, candidate: string): Promise<string>;
  /** The latest delivered record with the endpoint's receipt for it, if any. */
  receipt(): Promise<DeliveredRecord | undefined>;
}

const RECEIPT_KEY = 'receipt';
/** `{ id, secret }` of the id in use; an older id's stays under `proof:<id>` while it has records waiting. */
const PROOF_KEY = 'proof';


/** Keys and values, changed a few keys at a time in one step (one IndexedDB transaction). */
interface Shelf {
  entries(): Promise<Array<[IDBValidKey, unknown]>>;
  /** Reads `keys`, then lets `change` write; settles with its result once the writes are committed. */
  change<T>(keys: readonly string[], change: (values: unknown[], write: Writer) => T): Promise<T>;
}

interface Writer {
  set(key: string, value: unknown): unknown;
  delete(key: string): unknown;
}

/** What the outbox keeps besides records. */
const OWN_KEY = /^(delivered|receipt|proof)(:|$)/;

/**
 * IndexedDB, in a database of its own (idb-keyval keeps one store per database), opened on first
 * use: a shop without an endpoint never opens it. When IndexedDB fails, it warns once and keeps
 * the queue in memory for this page: the record is still sent, only a retry after the page
 * closes is lost.
 */
export function createIndexedDbOutbox(databaseName = OUTBOX_DATABASE, warn: Warn = () => undefined): Outbox {
  const store = storeOpenedOnFirstUse(databaseName, OUTBOX_STORE);
  const memory = memoryShelf();
  const attempt = untilFirstFailure((reason) => warn(`the consent outbox cannot use IndexedDB (${reason}); unsent records are kept for this page only.`));
  const indexedDb: Shelf = {
    entries: () => entries(store()),
    change: (keys, change) =>
      store()('readwrite', (objectStore) => {
        let result!: ReturnType<typeof change>;
        const reads = keys.map((key) => objectStore.get(key));
        const writer: Writer = { set: (key, value) => objectStore.put(value, key), delete: (key) => objectStore.delete(key) };
        const write = () => (result = change(reads.map((read) => read.result), writer));
        // Requests of one transaction succeed in order: the last read's success means all have.
        if (reads.length) reads.at(-1)!.onsuccess = write;
        else write();
        return promisifyRequest(objectStore.transaction).then(() => result);
      }),
  };
  return outboxOn(
    {
      entries: () => attempt(indexedDb.entries, memory.entries),
      change: (keys, change) => attempt(() => indexedDb.change(keys, change), () => memory.change(keys, change)),
    },
    warn,
  );
}

export function createMemoryOutbox(): Outbox {
  return outboxOn(memoryShelf(), () => undefined);
}

function memoryShelf(): Shelf {
  const kept = new Map<string, unknown>();
  return { entries: async () => [...kept], change: async (keys, change) => change(keys.map((key) => kept.get(key)), kept) };
}

function outboxOn(shelf: Shelf, warn: Warn): Outbox {
  const replace: Outbox['replace'] = (records, moved) =>
    shelf.change([], (_, write) => {
      for (const record of records) write.delete(outboxKey(record));
      for (const entry of moved) write.set(outboxKey(entry.record), entry);
    });
  return {
    put: (entry) => replace([], [entry]),
    replace,
    delivered: (record, receipt) =>
      shelf.change([DELIVERED_KEY], ([previous], write) => {
        const key = outboxKey(record);
        const latest = latestKey(previous, key);
        write.delete(key);
        write.set(DELIVERED_KEY, latest);
        if (receipt && latest === key) write.set(RECEIPT_KEY, { record, receipt });
      }),
    all: async () => {
      const stored = await shelf.entries();
      const waiting: Array<[string, OutboxEntry]> = [];
      const drop: IDBValidKey[] = [];
      for (const [key, value] of stored) {
        if (isEntry(key, value)) waiting.push([key as string, value]);
        else if (!OWN_KEY.test(String(key))) drop.push(key);
      }
      if (drop.length) warn(`dropped ${drop.length} malformed entries from the consent outbox.`);
      // An older id's proof secret goes once its records have.
      for (const [key] of stored) {
        if (String(key).startsWith(`${PROOF_KEY}:`) && !waiting.some(([, { record }]) => key === `${PROOF_KEY}:${record.id}`)) drop.push(key);
      }
      if (drop.length) await shelf.change([], (_, write) => drop.forEach((key) => write.delete(key as string)));
      return waiting.sort(([a], [b]) => (a < b ? -1 : 1)).map(([, entry]) => entry);
    },
    lastDelivered: () => shelf.change([DELIVERED_KEY], ([key]) => (typeof key === 'string' ? key : undefined)),
    proof: (id, candidate) =>
      shelf.change([PROOF_KEY, `${PROOF_KEY}:${id}`], (kept, write) => {
        const [current] = kept as Array<{ id?: string; secret?: unknown } | undefined>;
        const secret = (kept as Array<typeof current>).find((proof) => proof?.id === id)?.secret;
        if (typeof secret === 'string') return secret;
        if (current?.id) write.set(`${PROOF_KEY}:${current.id}`, current);
        write.set(PROOF_KEY, { id, secret: candidate });
        return candidate;
      }),
    receipt: () => shelf.change([RECEIPT_KEY], ([kept]) => ((kept as Partial<DeliveredRecord> | undefined)?.receipt ? (kept as DeliveredRecord) : undefined)),
  };
}

/** An entry as read back, checked like a stored decision plus the fields the endpoint adds, its key included. */
function isEntry(key: IDBValidKey, value: unknown): value is OutboxEntry {
  const { record, refused } = (value ?? {}) as Partial<OutboxEntry>;
  if (!checkRecord(record).ok) return false;
  const { language, url, region, subject, client } = record!;
  return [language, url, client, region ?? '', subject ?? ''].every((field) => typeof field === 'string') && (!refused || refused.status > 0) && outboxKey(record!) === key;
}

/** Keys of one id sort by revision (padded); a new id (storage wiped) replaces the old one. */
function latestKey(previous: unknown, key: string): string {
  return typeof previous === 'string' && previous.split(':')[0] === key.split(':')[0] && previous > key ? previous : key;
}
