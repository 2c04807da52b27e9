import { expect, oneEvent } from '@open-wc/testing';
import { createConsentApi } from '../../src/core/api.js';
import { announceOnDocument } from '../../src/core/document-events.js';
import type { EndpointRecord, Receipt } from '../../src/core/endpoint.js';
import { createMemoryOutbox } from '../../src/core/outbox.js';
import { broadcastChannel, shareAcrossTabs, storageEventChannel } from '../../src/core/tabs.js';
import { configFrom, createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';

describe('consent API (window.assent)', () => {
  it('decides with method "api" and answers granted() like the manager', async () => {
    const { manager } = createTestManager();
    const api = createConsentApi(manager);
    expect(await api.ready).to.equal(null);
    expect((await api.acceptAll()).method).to.equal('api');
    expect(api.granted('analytics')).to.equal(true);
    expect((await api.update({ analytics: false })).method).to.equal('api');
    expect(api.granted('analytics')).to.equal(false);
    expect(api.granted('marketing')).to.equal(true);
    expect((await api.rejectAll()).method).to.equal('api');
    expect(api.state).to.equal(manager.state);
  });

  it('resolves whenGranted at once when granted, or when granted later', async () => {
    const { manager } = createTestManager();
    const api = createConsentApi(manager);
    await api.ready;
    let resolved = false;
    const waiting = api.whenGranted('analytics').then(() => (resolved = true));
    await api.rejectAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resolved).to.equal(false);
    await api.update({ analytics: true });
    await waiting;
    expect(resolved).to.equal(true);
    await api.whenGranted('necessary');
  });

  it('withdraws into a withdraw record and asks again', async () => {
    const { manager } = createTestManager();
    const api = createConsentApi(manager);
    await api.acceptAll();
    const state = await api.withdraw();
    expect(state.method).to.equal('withdraw');
    expect(api.state).to.equal(state);
    expect(manager.snapshot.showBanner).to.equal(true);
  });

  it('opens the preference center', async () => {
    const { manager } = createTestManager();
    createConsentApi(manager).openPreferences();
    await manager.ready;
    await Promise.resolve();
    expect(manager.snapshot.preferencesOpen).to.equal(true);
  });

  it('gives the latest delivered record with its receipt, and null before one or without an endpoint', async () => {
    const outbox = createMemoryOutbox();
    const { manager } = createTestManager({ config: configFrom('categories="analytics" endpoint="/api/consent"') });
    const api = createConsentApi(manager, async () => outbox);
    expect(await api.receipt()).to.equal(null);
    const state = await api.acceptAll();
    const record: EndpointRecord = { ...state, language: 'en', url: 'https://shop.example/', region: null, subject: null, client: 'assent/0.2.0' };
    const receipt: Receipt = { v: 1, alg: 'Ed25519', kid: '0123456789abcdef', id: state.id, revision: 1, receivedAt: state.timestamp, hash: '0'.repeat(64), path: [], signature: 'c2ln' };
    await outbox.delivered(record, receipt);
    expect(await api.receipt()).to.deep.equal({ record, receipt });

    const withoutEndpoint = createConsentApi(createTestManager().manager, async () => outbox);
    expect(await withoutEndpoint.receipt()).to.equal(null);
  });

  it('is frozen: the page cannot replace its methods', () => {
    const api = createConsentApi(createTestManager().manager);
    expect(Object.isFrozen(api)).to.equal(true);
  });
});

describe('document events', () => {
  it('fires assent-ready once with the state, and assent-change after each decision with the previous state', async () => {
    const target = document.createElement('div');
    const { manager } = createTestManager({ config: null });
    announceOnDocument(manager, target);
    const ready = oneEvent(target, 'assent-ready');
    const { configFrom } = await import('../helpers/manager.js');
    manager.configure(configFrom('categories="analytics"'));
    const readyEvent = (await ready) as CustomEvent;
    expect(readyEvent.detail).to.deep.equal({ state: null });
    expect([readyEvent.bubbles, readyEvent.composed]).to.deep.equal([true, true]);
    const changed = oneEvent(target, 'assent-change');
    const state = await manager.acceptAll();
    const changeEvent = (await changed) as CustomEvent;
    expect(changeEvent.detail).to.deep.equal({ state, previous: null });
    const again = oneEvent(target, 'assent-change');
    const next = await manager.rejectAll();
    expect(((await again) as CustomEvent).detail).to.deep.equal({ state: next, previous: state });
  });
});

describe('other tabs', () => {
  it('shows a decision made in one tab in the other, with an assent-change there', async () => {
    const channel = `assent-test-${crypto.randomUUID()}`;
    const store = freshIndexedDbStore();
    const tabA = createTestManager({ store }).manager;
    const tabB = createTestManager({ store }).manager;
    shareAcrossTabs(tabA, broadcastChannel(channel));
    shareAcrossTabs(tabB, broadcastChannel(channel));
    const target = document.createElement('div');
    announceOnDocument(tabB, target);
    await Promise.all([tabA.ready, tabB.ready]);
    const changed = oneEvent(target, 'assent-change');
    const state = await tabA.acceptAll();
    expect(((await changed) as CustomEvent).detail.state).to.deep.equal(state);
    expect(tabB.granted('analytics')).to.equal(true);
    expect(tabB.snapshot.showBanner).to.equal(false);
    const next = await tabB.rejectAll();
    expect(next.revision).to.equal(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tabA.state).to.deep.equal(next);
  });
});

describe('a message on the tabs’ channel', () => {
  it('is only a hint: a forged decision grants nothing and writes nothing', async () => {
    const channel = `assent-test-${crypto.randomUUID()}`;
    const store = freshIndexedDbStore();
    const { manager } = createTestManager({ store });
    shareAcrossTabs(manager, broadcastChannel(channel));
    await manager.ready;
    const forged = {
      id: crypto.randomUUID(),
      revision: 1,
      timestamp: '2026-11-28T11:59:00.000Z', // a minute before the test clock's now: a record the manager takes from storage
      expiresAt: '2027-05-27T11:59:00.000Z',
      policyVersion: '1',
      decisions: { necessary: true, analytics: true, marketing: true },
      method: 'accept-all',
      gpc: false,
    };
    new BroadcastChannel(channel).postMessage(forged); // any script of the site can
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(manager.state).to.equal(null);
    expect(manager.granted('marketing')).to.equal(false);
    expect(manager.snapshot.showBanner).to.equal(true);
    expect(await store.load()).to.equal(undefined);
  });
});

describe('other tabs without BroadcastChannel', () => {
  it('carries a decision through the storage event and leaves nothing in Web Storage', async () => {
    // A same-origin frame is another browsing context: it hears the storage events this page causes.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const store = freshIndexedDbStore();
      const tabA = createTestManager({ store }).manager;
      const tabB = createTestManager({ store }).manager;
      shareAcrossTabs(tabA, storageEventChannel(window));
      shareAcrossTabs(tabB, storageEventChannel(frame.contentWindow!));
      await Promise.all([tabA.ready, tabB.ready]);
      const state = await tabA.acceptAll();
      for (let waited = 0; !tabB.state && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(tabB.state).to.deep.equal(state);
      expect(tabB.snapshot.showBanner).to.equal(false);
      expect(localStorage.length).to.equal(0);
    } finally {
      frame.remove();
    }
  });
});
