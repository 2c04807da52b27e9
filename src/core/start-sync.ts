import type { ConsentManager } from './consent.js';
import type { EndpointRecord } from './endpoint.js';
import { createIndexedDbOutbox, type Outbox } from './outbox.js';
import { syncToEndpoint } from './sync.js';
import type { ConsentState, Warn } from './types.js';

/**
 * The endpoint's half of the page (docs/endpoint.md): the outbox and the sender, loaded only on a
 * page whose configuration names an `endpoint`. Answers the outbox, where receipts are read.
 */
export function startSync(manager: ConsentManager, warn: Warn, earlier: readonly EndpointRecord[], startedWith?: ConsentState | null): Pick<Outbox, 'receipt'> {
  const outbox = createIndexedDbOutbox(undefined, warn);
  syncToEndpoint(manager, { outbox, warn, earlier, startedWith });
  return outbox;
}
