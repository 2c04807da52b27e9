import { expect } from '@open-wc/testing';
import { createStore } from 'idb-keyval';
import { currentPage, endpointRecord } from '../../src/core/endpoint.js';
import { createIndexedDbOutbox } from '../../src/core/outbox.js';
import { OUTBOX_STORE, outboxHasWork } from '../../src/core/outbox-key.js';
import type { ConsentState } from '../../src/core/types.js';
import { configFrom } from '../helpers/manager.js';

// The main script's cheap look at the outbox, which decides whether the endpoint's part loads
// before any decision is made on the page: it must see every kind of work the part would do.

function decision(revision: number, id = '0b8a7c1e-3f2d-4e5a-9b6c-1d2e3f4a5b6c'): ConsentState {
  return {
    id,
    revision,
    timestamp: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-07-01T00:00:00.000Z',
    policyVersion: '1',
    decisions: { necessary: true, analytics: revision % 2 === 1 },
    method: 'custom',
    gpc: false,
  };
}

const recordOf = (state: ConsentState) => endpointRecord(state, { config: configFrom('endpoint="/api/consent" categories="analytics"'), mode: 'opt-in', variant: undefined }, currentPage());

function freshOutbox() {
  const name = `assent-outbox-test-${crypto.randomUUID()}`;
  return { outbox: createIndexedDbOutbox(name), store: createStore(name, OUTBOX_STORE) };
}

describe('outboxHasWork', () => {
  it('has none on a first visit (an empty outbox, no decision)', async () => {
    const { store } = freshOutbox();
    expect(await outboxHasWork(store, null)).to.equal(false);
  });

  it('has work while a record waits, from this decision or an older one, and none once the latest is delivered', async () => {
    const { outbox, store } = freshOutbox();
    const first = decision(1);
    const second = decision(2);
    await outbox.put({ record: recordOf(first) });
    expect(await outboxHasWork(store, null)).to.equal(true);
    await outbox.delivered(recordOf(first));
    expect(await outboxHasWork(store, first)).to.equal(false);
    await outbox.put({ record: recordOf(second) });
    expect(await outboxHasWork(store, first)).to.equal(true);
    await outbox.delivered(recordOf(second));
    expect(await outboxHasWork(store, second)).to.equal(false);
  });

  it('has work for a stored decision that is not the latest delivered: its queueing was cut off, or the outbox was wiped', async () => {
    const { outbox, store } = freshOutbox();
    expect(await outboxHasWork(store, decision(1))).to.equal(true);
    await outbox.delivered(recordOf(decision(1)));
    expect(await outboxHasWork(store, decision(2))).to.equal(true);
    expect(await outboxHasWork(store, decision(1, 'ffffffff-3f2d-4e5a-9b6c-1d2e3f4a5b6c'))).to.equal(true);
  });

  it('keeps the proof secret and the receipt to itself: they are not work', async () => {
    const { outbox, store } = freshOutbox();
    const first = decision(1);
    await outbox.proof(first.id, 'a-secret');
    await outbox.put({ record: recordOf(first) });
    await outbox.delivered(recordOf(first), { v: 1, alg: 'Ed25519', kid: 'k', id: first.id, revision: 1, receivedAt: first.timestamp, hash: '0'.repeat(64), path: [], signature: 'x' });
    expect(await outboxHasWork(store, first)).to.equal(false);
  });

  it('answers yes when the outbox cannot be read, so the part decides', async () => {
    const broken = (() => Promise.reject(new Error('blocked'))) as unknown as Parameters<typeof outboxHasWork>[0];
    expect(await outboxHasWork(broken, null)).to.equal(true);
  });
});
