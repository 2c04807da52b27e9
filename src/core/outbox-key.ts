import { promisifyRequest, type UseStore } from 'idb-keyval';
import type { EndpointRecord } from './endpoint.js';
import type { ConsentState } from './types.js';

/** Where records wait for the endpoint (docs/endpoint.md#the-outbox): shared by the main script and the endpoint's part. */
export const OUTBOX_DATABASE = 'assent-outbox';
export const OUTBOX_STORE = 'records';
/** The key of the latest record the endpoint stored. */
export const DELIVERED_KEY = 'delivered';
/** What the outbox keeps besides records. */
export const OWN_KEY = /^(delivered|receipt|proof)(:|$)/;

/** The idempotency key of a record (docs/endpoint.md). */
export function outboxKey(record: Pick<EndpointRecord, 'id' | 'revision'>): string {
  return `${record.id}:${String(record.revision).padStart(10, '0')}`;
}

/**
 * Whether the endpoint's part has work on this load, read cheaply from the outbox so that a page
 * with nothing to send does not load it: a record waiting (its page closed before the part loaded
 * or before the endpoint answered; a malformed one kept as evidence counts too), or a stored
 * decision that is not the latest the endpoint stored (its queueing was cut off, or IndexedDB was
 * wiped and the decision restored). When the outbox cannot be read: yes, the part knows what to do.
 */
export async function outboxHasWork(store: UseStore, state: ConsentState | null): Promise<boolean> {
  try {
    const [stored, delivered] = await store('readonly', (objectStore) => Promise.all([promisifyRequest(objectStore.getAllKeys()), promisifyRequest(objectStore.get(DELIVERED_KEY))]));
    // The stored decision is the latest: delivered, it is the latest delivered key.
    return stored.some((each) => !OWN_KEY.test(String(each))) || (!!state && delivered !== outboxKey(state));
  } catch {
    return true;
  }
}
