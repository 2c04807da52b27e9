import type { EndpointRecord } from './endpoint.js';

/** Where records wait for the endpoint (docs/endpoint.md#the-outbox): shared by the main script and the endpoint's part. */
export const OUTBOX_DATABASE = 'assent-outbox';
export const OUTBOX_STORE = 'records';
/** The outbox's key for the latest record the endpoint holds. */
export const DELIVERED_KEY = 'delivered';

/** The idempotency key of a record (docs/endpoint.md). */
export function outboxKey(record: Pick<EndpointRecord, 'id' | 'revision'>): string {
  return `${record.id}:${String(record.revision).padStart(10, '0')}`;
}
