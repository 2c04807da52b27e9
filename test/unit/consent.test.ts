import { expect } from '@open-wc/testing';
import { ConsentManager, type ManagerEvent } from '../../src/core/consent.js';
import { fakeClock } from '../helpers/clock.js';
import { configFrom, createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore, writeRaw } from '../helpers/stores.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ConsentManager', () => {
  describe('first visit', () => {
    it('is ready with no decision, shows the banner and grants nothing optional', async () => {
      const { manager } = createTestManager();
      expect(await manager.ready).to.equal(null);
      expect(manager.snapshot).to.deep.include({ ready: true, state: null, showBanner: true, preferencesOpen: false });
      expect(manager.snapshot.grants).to.deep.equal({ necessary: true, analytics: false, marketing: false });
      expect(manager.granted('analytics')).to.equal(false);
      expect(manager.granted('necessary')).to.equal(true);
    });

    it('is not ready, and shows nothing, until it has a configuration', async () => {
      const { manager } = createTestManager({ config: null });
      let ready = false;
      void manager.ready.then(() => (ready = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(ready).to.equal(false);
      expect(manager.snapshot.showBanner).to.equal(false);
      manager.configure(configFrom('categories="analytics"'));
      expect(await manager.ready).to.equal(null);
      expect(manager.snapshot.showBanner).to.equal(true);
    });

    it('grants optional categories before any decision in opt-out mode', async () => {
      const { manager } = createTestManager({ config: configFrom('mode="opt-out" categories="analytics marketing"') });
      await manager.ready;
      expect(manager.granted('analytics')).to.equal(true);
      await manager.update({ marketing: false });
      expect(manager.granted('analytics')).to.equal(true);
      expect(manager.granted('marketing')).to.equal(false);
    });
  });

  describe('decisions', () => {
    it('tells listeners of a decision when it is stored: `saved` includes that decision’s write', async () => {
      const { manager, store } = createTestManager();
      await manager.ready;
      let storedWhenSaved: Promise<unknown> | undefined;
      manager.subscribe((event) => {
        if (event.type === 'decision') storedWhenSaved = manager.saved.then(() => store.load());
      });
      const state = await manager.acceptAll();
      expect(await storedWhenSaved).to.deep.equal(state);
    });

    it('records Accept all with a new id, revision 1, the time, lifetime and policy version', async () => {
      const { manager } = createTestManager({ config: configFrom('policy-version="2026-11" max-age-days="30" categories="analytics marketing"') });
      await manager.ready;
      const state = await manager.acceptAll();
      expect(state.id).to.match(UUID_V4);
      expect(state).to.deep.include({
        revision: 1,
        timestamp: '2026-11-28T12:00:00.000Z',
        expiresAt: '2026-12-28T12:00:00.000Z',
        policyVersion: '2026-11',
        method: 'accept-all',
        gpc: false,
      });
      expect(state.decisions).to.deep.equal({ necessary: true, analytics: true, marketing: true });
      expect(manager.state).to.equal(state);
      expect(manager.snapshot.showBanner).to.equal(false);
    });

    it('records Reject all with every optional category off', async () => {
      const { manager } = createTestManager();
      const state = await manager.rejectAll();
      expect(state.decisions).to.deep.equal({ necessary: true, analytics: false, marketing: false });
      expect(state.method).to.equal('reject-all');
      expect(manager.granted('marketing')).to.equal(false);
    });

    it('keeps the id and adds one to the revision with every decision, also after a reload', async () => {
      const store = freshIndexedDbStore();
      const first = createTestManager({ store }).manager;
      const one = await first.acceptAll();
      const two = await first.rejectAll();
      const reloaded = createTestManager({ store }).manager;
      expect(await reloaded.ready).to.deep.equal(two);
      const three = await reloaded.update({ analytics: true });
      expect([one.revision, two.revision, three.revision]).to.deep.equal([1, 2, 3]);
      expect(new Set([one.id, two.id, three.id]).size).to.equal(1);
    });

    it('changes only the categories an update names, warning about the rest', async () => {
      const { manager, warn } = createTestManager();
      await manager.acceptAll();
      const state = await manager.update({ marketing: false, unknown: true, analytics: 'yes' as unknown as boolean, necessary: false }, 'api');
      expect(state.decisions).to.deep.equal({ necessary: true, analytics: true, marketing: false });
      expect(state.method).to.equal('api');
      expect(warn.messages).to.have.length(3);
      expect(warn.messages.join('\n')).to.contain('"unknown"').and.contain('"analytics"').and.contain('"necessary"');
    });

    it('applies a decision made before the stored one was read on top of it', async () => {
      const store = freshIndexedDbStore();
      await createTestManager({ store }).manager.acceptAll();
      const { manager } = createTestManager({ store });
      const state = await manager.rejectAll(); // called at once, before ready
      expect(state.revision).to.equal(2);
    });

    it('tells subscribers about each decision with the previous state', async () => {
      const { manager } = createTestManager();
      await manager.ready;
      const events: ManagerEvent[] = [];
      manager.subscribe((event) => events.push(event));
      const first = await manager.acceptAll();
      const second = await manager.rejectAll();
      const decisions = events.filter((event) => event.type === 'decision');
      expect(decisions).to.deep.equal([
        { type: 'decision', state: first, previous: null, source: 'local' },
        { type: 'decision', state: second, previous: first, source: 'local' },
      ]);
    });

    it('replaces a frozen snapshot on every change instead of mutating it', async () => {
      const { manager } = createTestManager();
      await manager.ready;
      const before = manager.snapshot;
      await manager.acceptAll();
      expect(manager.snapshot).not.to.equal(before);
      expect(Object.isFrozen(manager.snapshot)).to.equal(true);
      expect(Object.isFrozen(manager.snapshot.state!.decisions)).to.equal(true);
      expect(before.state).to.equal(null);
    });

    it('records a withdrawal, denies everything optional and asks again', async () => {
      const { manager } = createTestManager();
      await manager.acceptAll();
      const state = await manager.withdraw();
      expect(state).to.deep.include({ method: 'withdraw', revision: 2 });
      expect(state.decisions).to.deep.equal({ necessary: true, analytics: false, marketing: false });
      expect(manager.state).to.equal(state);
      expect(manager.snapshot.showBanner).to.equal(true);
      expect(manager.granted('analytics')).to.equal(false);
    });

    it('shows the banner again after a reload that follows a withdrawal', async () => {
      const store = freshIndexedDbStore();
      const first = createTestManager({ store }).manager;
      await first.acceptAll();
      await first.withdraw();
      const reloaded = createTestManager({ store }).manager;
      expect((await reloaded.ready)?.method).to.equal('withdraw');
      expect(reloaded.snapshot.showBanner).to.equal(true);
    });

    it('records whether Global Privacy Control was on', async () => {
      const manager = new ConsentManager({ store: freshIndexedDbStore(), warn: () => undefined, gpcSignal: () => true });
      manager.configure(configFrom('categories="analytics"'));
      expect((await manager.rejectAll()).gpc).to.equal(true);
    });
  });

  describe('asking again', () => {
    it('asks again when the policy version changed, keeping the id and continuing the revision', async () => {
      const store = freshIndexedDbStore();
      const old = await createTestManager({ store, config: configFrom('policy-version="1" categories="analytics"') }).manager.acceptAll();
      const { manager } = createTestManager({ store, config: configFrom('policy-version="2" categories="analytics"') });
      expect(await manager.ready).to.equal(null);
      expect(manager.snapshot.showBanner).to.equal(true);
      expect(manager.granted('analytics')).to.equal(false);
      const fresh = await manager.rejectAll();
      expect(fresh).to.deep.include({ id: old.id, revision: 2, policyVersion: '2' });
    });

    it('asks again when the policy version changes while the page is open', async () => {
      const { manager } = createTestManager({ config: configFrom('policy-version="1" categories="analytics"') });
      await manager.acceptAll();
      manager.configure(configFrom('policy-version="2" categories="analytics"'));
      expect(manager.state).to.equal(null);
      expect(manager.snapshot.showBanner).to.equal(true);
      expect(manager.granted('analytics')).to.equal(false);
    });

    it('keeps a decision until max-age-days have passed, then asks again', async () => {
      const store = freshIndexedDbStore();
      const clock = fakeClock();
      const config = configFrom('max-age-days="30" categories="analytics"');
      await createTestManager({ store, clock, config }).manager.acceptAll();
      clock.advanceDays(29.9);
      expect(await createTestManager({ store, clock, config }).manager.ready).not.to.equal(null);
      clock.advanceDays(0.1);
      const expired = createTestManager({ store, clock, config }).manager;
      expect(await expired.ready).to.equal(null);
      expect(expired.snapshot.showBanner).to.equal(true);
      expect(expired.granted('analytics')).to.equal(false);
    });

    it('asks again when the shop shortens max-age-days below the decision’s age', async () => {
      const store = freshIndexedDbStore();
      const clock = fakeClock();
      await createTestManager({ store, clock, config: configFrom('max-age-days="180" categories="analytics"') }).manager.acceptAll();
      clock.advanceDays(40);
      const { manager } = createTestManager({ store, clock, config: configFrom('max-age-days="30" categories="analytics"') });
      expect(await manager.ready).to.equal(null);
    });

    it('discards a stored value that fails validation, with a warning, and starts a new id', async () => {
      const store = freshIndexedDbStore();
      await writeRaw(store.databaseName, { id: 'not-a-uuid', revision: 7, decisions: { necessary: true, analytics: true } });
      const { manager, warn } = createTestManager({ store });
      expect(await manager.ready).to.equal(null);
      expect(manager.granted('analytics')).to.equal(false);
      expect(warn.messages).to.deep.equal(['discarded the stored decision: its id is invalid; the shopper is asked again.']);
      const state = await manager.acceptAll();
      expect(state.revision).to.equal(1);
      expect(state.id).not.to.equal('not-a-uuid');
    });

    for (const [field, value] of [
      ['revision', 0],
      ['revision', 2147483648], // above any endpoint's 2³¹−1
      ['timestamp', 'yesterday'],
      ['timestamp', '2026-11-28T12:10:00.001Z'], // more than 10 minutes after the (fake) clock's now
      ['expiresAt', '2030-01-01T00:00:00.000Z'],
      ['decisions', { necessary: true, analytics: 'yes' }],
      ['decisions', { analytics: true }],
      ['method', 'clicked-somewhere'],
      ['gpc', 'no'],
    ] as const) {
      it(`never trusts a stored record whose ${field} is ${JSON.stringify(value)}`, async () => {
        const store = freshIndexedDbStore();
        const valid = await createTestManager({ store }).manager.acceptAll();
        await writeRaw(store.databaseName, { ...valid, [field]: value });
        const { manager, warn } = createTestManager({ store });
        expect(await manager.ready).to.equal(null);
        expect(manager.granted('analytics')).to.equal(false);
        expect(warn.messages[0]).to.contain(`its ${field} is invalid`);
      });
    }
  });

  describe('a record dated ahead of the browser’s clock', () => {
    it('is taken within 10 minutes of drift, and its revisions continue', async () => {
      const store = freshIndexedDbStore();
      const valid = await createTestManager({ store }).manager.acceptAll();
      await writeRaw(store.databaseName, { ...valid, timestamp: '2026-11-28T12:09:59.000Z' }); // the fake clock says 12:00
      const { manager, warn } = createTestManager({ store });
      expect((await manager.ready)?.timestamp).to.equal('2026-11-28T12:09:59.000Z');
      expect(warn.messages).to.deep.equal([]);
      expect((await manager.rejectAll()).revision).to.equal(2);
    });

    it('asks the shopper again when it is further ahead, and starts a new id', async () => {
      const store = freshIndexedDbStore();
      const valid = await createTestManager({ store }).manager.acceptAll();
      await writeRaw(store.databaseName, { ...valid, timestamp: '2099-01-01T00:00:00.000Z', expiresAt: '2099-06-01T00:00:00.000Z' });
      const { manager, warn } = createTestManager({ store });
      expect(await manager.ready).to.equal(null);
      expect(manager.snapshot.showBanner).to.equal(true);
      expect(warn.messages).to.deep.equal(['discarded the stored decision: its timestamp is invalid; the shopper is asked again.']);
      expect((await manager.rejectAll()).id).not.to.equal(valid.id);
    });
  });

  describe('re-issue under another (id, revision)', () => {
    it('moves the latest decision, unchanged otherwise, stores it and tells no one of a decision', async () => {
      const { manager, store } = createTestManager();
      await manager.ready;
      const decided = await manager.update({ analytics: true });
      const events: ManagerEvent[] = [];
      manager.subscribe((event) => events.push(event));
      const to = { id: crypto.randomUUID(), revision: 1 };
      await manager.reissue(decided, to);
      const moved = { ...decided, ...to };
      expect(manager.state).to.deep.equal(moved);
      expect(await store.load()).to.deep.equal(moved);
      expect(events).to.deep.equal([{ type: 'reissued', state: moved }]);
      expect((await manager.rejectAll()).revision).to.equal(2);
      expect(manager.state!.id).to.equal(to.id);
    });

    it('does nothing when the decision to move is no longer the latest', async () => {
      const { manager } = createTestManager();
      await manager.ready;
      const first = await manager.acceptAll();
      const second = await manager.rejectAll();
      await manager.reissue(first, { id: crypto.randomUUID(), revision: 1 });
      expect(manager.state).to.equal(second);
    });
  });

  describe('preference center and other tabs', () => {
    it('opens and closes the preference center without deciding', async () => {
      const { manager } = createTestManager();
      manager.openPreferences();
      await manager.ready;
      await Promise.resolve();
      expect(manager.snapshot.preferencesOpen).to.equal(true);
      manager.closePreferences();
      expect(manager.snapshot.preferencesOpen).to.equal(false);
      expect(manager.state).to.equal(null);
    });

    it('closes the preference center when a decision is made', async () => {
      const { manager } = createTestManager();
      await manager.ready;
      manager.openPreferences();
      await Promise.resolve();
      await manager.update({ analytics: true });
      expect(manager.snapshot.preferencesOpen).to.equal(false);
    });

    it('adopts the newer decision another tab stored, reading it from the shared store', async () => {
      const store = freshIndexedDbStore();
      const here = createTestManager({ store });
      const elsewhere = createTestManager({ store }).manager;
      await here.manager.ready;
      const events: ManagerEvent[] = [];
      here.manager.subscribe((event) => events.push(event));
      const first = await elsewhere.acceptAll();
      await here.manager.adoptStored();
      expect(here.manager.state).to.deep.equal(first);
      expect(events).to.deep.equal([{ type: 'decision', state: first, previous: null, source: 'other-tab' }]);
      await here.manager.adoptStored(); // the same again: nothing new
      expect(events).to.have.length(1);
    });

    it('ignores an older stored decision, and an invalid one with a warning', async () => {
      const store = freshIndexedDbStore();
      const here = createTestManager({ store });
      await here.manager.ready;
      const mine = await here.manager.acceptAll();
      await here.manager.rejectAll(); // revision 2, stored
      await writeRaw(store.databaseName, mine); // revision 1 of the same id
      await here.manager.adoptStored();
      expect(here.manager.state!.revision).to.equal(2);
      await writeRaw(store.databaseName, { ...mine, revision: 3, timestamp: '2099-01-01T00:00:00.000Z', expiresAt: '2099-02-01T00:00:00.000Z' });
      await here.manager.adoptStored();
      expect(here.manager.state!.revision).to.equal(2);
      expect(here.warn.messages).to.deep.equal(['discarded the stored decision: its timestamp is invalid; the shopper is asked again.']);
    });

    it('takes quietly a decision another tab moved to another id', async () => {
      const store = freshIndexedDbStore();
      const here = createTestManager({ store });
      const elsewhere = createTestManager({ store }).manager;
      await Promise.all([here.manager.ready, elsewhere.ready]);
      const decided = await here.manager.acceptAll();
      await elsewhere.adoptStored();
      const events: ManagerEvent[] = [];
      here.manager.subscribe((event) => events.push(event));
      const to = { id: crypto.randomUUID(), revision: 1 };
      await elsewhere.reissue(decided, to);
      await here.manager.adoptStored();
      expect(here.manager.state).to.deep.equal({ ...decided, ...to });
      expect(events.map((event) => event.type)).to.deep.equal(['update']);
    });
  });
});
