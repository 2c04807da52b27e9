import { expect } from '@open-wc/testing';
import { ConsentManager, type ManagerEvent } from '../../src/core/consent.js';
import { COPY_NAME, createDecisionCopies } from '../../src/core/copy-store.js';
import { encodeCopy } from '../../src/core/decision-copy.js';
import { withMemoryFallback, type ConsentStore } from '../../src/core/storage.js';
import type { Config, ConsentState } from '../../src/core/types.js';
import { fakeClock } from '../helpers/clock.js';
import { configFrom } from '../helpers/manager.js';
import { recordWarnings } from '../helpers/warnings.js';

const ID = '0b8a4c1e-5f3d-4a2b-9c8d-7e6f5a4b3c2d';
const OTHER_ID = 'ffffffff-5f3d-4a2b-9c8d-7e6f5a4b3c2d';

function decision(revision: number, analytics: boolean, changes: Partial<ConsentState> = {}): ConsentState {
  return {
    id: ID,
    revision,
    timestamp: new Date(Date.parse('2026-11-28T10:00:00.000Z') + revision * 60_000).toISOString(),
    expiresAt: '2027-05-27T10:00:00.000Z',
    policyVersion: '1',
    decisions: { necessary: true, analytics, marketing: false },
    method: analytics ? 'custom' : 'reject-all',
    gpc: false,
    ...changes,
  };
}

/** A cookie jar as `document.cookie` shows it: `name=value` pairs; what was written is kept as written. */
function fakeDocument(protocol = 'https:') {
  const jar = new Map<string, string>();
  const written: string[] = [];
  const doc = {
    location: { protocol },
    get cookie() {
      return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    set cookie(text: string) {
      written.push(text);
      const pair = text.split('; ')[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      if (/max-age=(0|-)/.test(text)) jar.delete(name);
      else jar.set(name, pair.slice(name.length + 1));
    },
  };
  return { doc: doc as unknown as Document, jar, written };
}

function fakeStorage() {
  const items = new Map<string, string>();
  const storage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
  return { storage: () => storage as unknown as Storage, items };
}

/** IndexedDB that answers only when the test says so: the page's fast path is what happens before. */
function heldStore(value?: ConsentState) {
  let kept: unknown = value;
  let release!: () => void;
  const answered = new Promise<void>((resolve) => (release = resolve));
  const saved: ConsentState[] = [];
  const store: ConsentStore = {
    load: async () => (await answered, kept),
    save: async (record) => void (saved.push(record), (kept = record)),
  };
  return { store, release, saved };
}

const SHARED = configFrom('categories="analytics marketing" cookie-domain="localhost"');
const LOCAL = configFrom('categories="analytics marketing"');
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function pageWith(options: { stored?: ConsentState; own?: ConsentState | string; cookie?: ConsentState | string; config?: Config; gpc?: boolean }) {
  const { doc, jar, written } = fakeDocument();
  const { storage, items } = fakeStorage();
  const copyOf = (value: ConsentState | string) => (typeof value === 'string' ? value : encodeCopy(value));
  if (options.own) items.set(COPY_NAME, copyOf(options.own));
  if (options.cookie) jar.set(COPY_NAME, copyOf(options.cookie));
  const { store, release, saved } = heldStore(options.stored);
  const clock = fakeClock();
  const sharedBy: ConsentState[] = [];
  const manager = new ConsentManager({ store, warn: recordWarnings(), now: clock.now, copies: createDecisionCopies(doc, storage), sharedBy: (record) => sharedBy.push(record), gpcSignal: () => options.gpc === true });
  const events: ManagerEvent[] = [];
  manager.subscribe((event) => events.push(event));
  let ready = false;
  void manager.ready.then(() => (ready = true));
  manager.configure(options.config ?? LOCAL);
  return { manager, release, saved, items, jar, written, events, sharedBy, isReady: async () => (await tick(), ready) };
}

describe('decision copies', () => {
  describe('the store', () => {
    it('keeps this origin’s copy in localStorage only, without cookie-domain', () => {
      const { doc, written } = fakeDocument();
      const { storage, items } = fakeStorage();
      const copies = createDecisionCopies(doc, storage);
      copies.keep(decision(1, true), LOCAL);
      expect(items.get(COPY_NAME)).to.equal(encodeCopy(decision(1, true)));
      expect(written).to.deep.equal([]);
      expect(copies.trusted(LOCAL, Date.now())).to.deep.equal(decision(1, true));
      expect(copies.shared(LOCAL, Date.now())).to.equal(undefined);
      let writes = 0;
      const setItem = storage().setItem;
      storage().setItem = (key, value) => (writes++, setItem(key, value));
      copies.keep(decision(1, true), LOCAL);
      expect(writes, 'the same copy is not written again on every page view').to.equal(0);
    });

    it('shares it with cookie-domain in a first-party cookie: parent domain, Path=/, SameSite=Lax, Secure on https, Max-Age until expiry', () => {
      const { doc, written } = fakeDocument('https:');
      const copies = createDecisionCopies(doc, fakeStorage().storage);
      const record = decision(1, true, { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
      copies.keep(record, SHARED);
      expect(written).to.have.length(1);
      const [pair, ...attributes] = written[0]!.split('; ');
      expect(pair).to.equal(`${COPY_NAME}=${encodeCopy(record)}`);
      const maxAge = attributes.find((attribute) => attribute.startsWith('max-age='));
      expect(Number(maxAge!.slice('max-age='.length))).to.be.within(3590, 3600);
      expect(attributes.filter((attribute) => attribute !== maxAge)).to.deep.equal(['domain=localhost', 'path=/', 'samesite=lax', 'secure']);
      copies.keep(record, SHARED);
      expect(written, 'the same copy is not written again').to.have.length(1);

      const plain = fakeDocument('http:');
      createDecisionCopies(plain.doc, fakeStorage().storage).keep(record, SHARED);
      expect(plain.written[0]).not.to.contain('secure');
    });

    it('trusts the shared cookie before IndexedDB answers only while it says what this origin stored', () => {
      const { doc, jar } = fakeDocument();
      const { storage } = fakeStorage();
      const copies = createDecisionCopies(doc, storage);
      copies.keep(decision(1, true), SHARED);
      expect(copies.trusted(SHARED, Date.now())).to.deep.equal(decision(1, true));
      jar.set(COPY_NAME, encodeCopy(decision(2, false))); // another sub-domain decided since
      expect(copies.trusted(SHARED, Date.now())).to.equal(undefined);
      expect(copies.shared(SHARED, Date.now())).to.deep.equal(decision(2, false));
      jar.delete(COPY_NAME);
      expect(copies.trusted(SHARED, Date.now())).to.equal(undefined);
    });

    it('forgets this origin’s copy and leaves the shared one to the other sub-domains', () => {
      const { doc, jar } = fakeDocument();
      const { storage, items } = fakeStorage();
      const copies = createDecisionCopies(doc, storage);
      copies.keep(decision(1, true), SHARED);
      copies.keep(null, SHARED);
      expect(items.has(COPY_NAME)).to.equal(false);
      expect(jar.has(COPY_NAME)).to.equal(true);
    });

    it('leaves no older copy behind when the new one cannot be written (a full quota)', () => {
      const { storage, items } = fakeStorage();
      const copies = createDecisionCopies(fakeDocument().doc, storage);
      copies.keep(decision(1, true), LOCAL);
      storage().setItem = () => {
        throw new DOMException('full', 'QuotaExceededError');
      };
      copies.keep(decision(2, false), LOCAL);
      expect(items.has(COPY_NAME)).to.equal(false);
      expect(copies.trusted(LOCAL, Date.now())).to.equal(undefined);
    });

    it('has no copy, and throws nothing, where storage and cookies are blocked', () => {
      const blocked = () => {
        throw new DOMException('blocked', 'SecurityError');
      };
      const doc = { location: { protocol: 'https:' }, get cookie(): string { return blocked(); }, set cookie(_: string) { blocked(); } } as unknown as Document;
      const copies = createDecisionCopies(doc, blocked);
      copies.keep(decision(1, true), SHARED);
      expect(copies.trusted(SHARED, Date.now())).to.equal(undefined);
      expect(copies.shared(SHARED, Date.now())).to.equal(undefined);
    });
  });

  describe('the returning shopper', () => {
    it('is decided from this origin’s copy before IndexedDB answers', async () => {
      const page = pageWith({ stored: decision(1, true), own: decision(1, true) });
      expect(await page.isReady()).to.equal(true);
      expect(page.manager.state).to.deep.equal(decision(1, true));
      expect(page.manager.granted('analytics')).to.equal(true);
      page.release();
      await tick();
      expect(page.manager.state).to.deep.equal(decision(1, true));
      expect(page.events.filter((event) => event.type === 'decision')).to.deep.equal([]);
    });

    it('takes what IndexedDB says when it disagrees with the copy, and corrects the copy', async () => {
      const page = pageWith({ stored: decision(2, false), own: decision(1, true) });
      expect(await page.isReady()).to.equal(true);
      page.release();
      await tick();
      expect(page.manager.state).to.deep.equal(decision(2, false));
      expect(page.manager.granted('analytics')).to.equal(false);
      expect(page.events.at(-1)).to.deep.include({ type: 'decision', source: 'other-tab' });
      expect(page.items.get(COPY_NAME)).to.equal(encodeCopy(decision(2, false)));
    });

    it('has no decision when IndexedDB has none, and forgets the copy', async () => {
      const page = pageWith({ own: decision(1, true) });
      page.release();
      await tick();
      expect(page.manager.state).to.equal(null);
      expect(page.manager.granted('analytics')).to.equal(false);
      expect(page.items.has(COPY_NAME)).to.equal(false);
    });

    it('keeps the copy’s decision when IndexedDB cannot answer (blocked or too slow): no withdrawal, no reload', async () => {
      const { doc } = fakeDocument();
      const { storage, items } = fakeStorage();
      items.set(COPY_NAME, encodeCopy(decision(1, true)));
      const broken: ConsentStore = { load: () => Promise.reject(new DOMException('blocked', 'InvalidStateError')), save: () => Promise.reject(new Error('blocked')) };
      const warn = recordWarnings();
      const manager = new ConsentManager({ store: withMemoryFallback(broken, warn), warn, now: fakeClock().now, copies: createDecisionCopies(doc, storage) });
      const events: ManagerEvent[] = [];
      manager.subscribe((event) => events.push(event));
      manager.configure(LOCAL);
      await manager.ready;
      await tick();
      await tick();
      expect(warn.messages.join('\n')).to.contain('IndexedDB is unavailable');
      expect(manager.state).to.deep.equal(decision(1, true));
      expect(manager.granted('analytics')).to.equal(true);
      expect(events.filter((event) => event.type === 'decision')).to.deep.equal([]);
      expect(items.get(COPY_NAME)).to.equal(encodeCopy(decision(1, true)));
    });

    it('honours Global Privacy Control in opt-out mode as with a stored decision, before IndexedDB answers', async () => {
      const optOut = configFrom('mode="opt-out" categories="analytics marketing"', '<assent-category name="marketing" sale></assent-category>');
      const accepted = decision(1, true, { decisions: { necessary: true, analytics: true, marketing: true }, method: 'accept-all' });
      const page = pageWith({ stored: accepted, own: accepted, config: optOut, gpc: true });
      expect(await page.isReady()).to.equal(true);
      expect(page.manager.state).to.deep.include({ method: 'gpc', revision: 2 });
      expect(page.manager.snapshot.grants).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    });

    it('keeps a decision made before IndexedDB answered', async () => {
      const page = pageWith({ stored: decision(1, true), own: decision(1, true) });
      await page.isReady();
      const made = await page.manager.rejectAll();
      page.release();
      await tick();
      expect(page.manager.state).to.deep.equal(made);
      expect(made.revision).to.equal(2);
    });

    for (const [what, own, config] of [
      ['a tampered copy (grants edited)', encodeCopy(decision(1, false)).replace('!analytics', 'analytics'), LOCAL],
      ['an expired copy', decision(1, true, { timestamp: '2025-01-01T00:00:00.000Z', expiresAt: '2025-06-01T00:00:00.000Z' }), LOCAL],
      ['a copy for another policy version', decision(1, true, { policyVersion: '0' }), LOCAL],
      ['a copy for other categories', decision(1, true), configFrom('categories="analytics marketing functional"')],
      ['a shared copy this origin did not write', undefined, SHARED],
    ] as const) {
      it(`waits for IndexedDB with ${what}, and then grants only what it holds`, async () => {
        const page = pageWith({ stored: decision(1, false), own, cookie: config === SHARED ? decision(2, true) : undefined, config });
        expect(await page.isReady()).to.equal(false);
        expect(page.manager.granted('analytics')).to.equal(false);
        page.release();
        expect(await page.isReady()).to.equal(true);
        expect(page.manager.state?.decisions).to.deep.include({ analytics: config === SHARED }); // the shared copy is newer
      });
    }

    it('writes the copy as the shopper decides, before IndexedDB has it', async () => {
      const page = pageWith({ config: SHARED });
      page.release();
      await page.manager.ready;
      void page.manager.acceptAll();
      expect(page.saved, 'IndexedDB is written after this task').to.deep.equal([]);
      const state = page.manager.state!;
      expect(page.items.get(COPY_NAME)).to.equal(encodeCopy(state));
      expect(page.jar.get(COPY_NAME)).to.equal(encodeCopy(state));
    });
  });

  describe('sub-domains', () => {
    it('take the shared decision when they have none: same id and revision, stored, not decided here', async () => {
      const page = pageWith({ cookie: decision(3, true), config: SHARED });
      page.release();
      expect(await page.manager.ready).to.deep.equal(decision(3, true));
      await page.manager.saved;
      expect(page.saved).to.deep.equal([decision(3, true)]);
      expect(page.events.some((event) => event.type === 'decision')).to.equal(false);
      expect(page.sharedBy, 'the endpoint has it from the sub-domain that decided').to.deep.equal([decision(3, true)]);
      expect(page.items.get(COPY_NAME)).to.equal(encodeCopy(decision(3, true)));
    });

    it('take a newer revision (a withdrawal elsewhere) and ask again', async () => {
      const withdrawn = decision(2, false, { method: 'withdraw' });
      const page = pageWith({ stored: decision(1, true), own: decision(1, true), cookie: withdrawn, config: SHARED });
      expect(await page.isReady(), 'the shared copy is newer than this origin’s: no fast path').to.equal(false);
      page.release();
      expect(await page.manager.ready).to.deep.equal(withdrawn);
      expect(page.manager.snapshot.showBanner).to.equal(true);
      expect(page.manager.granted('analytics')).to.equal(false);
    });

    it('share their own decision when the shared one is older, or is under another id and was made earlier', async () => {
      for (const shared of [decision(1, false), decision(9, false, { id: OTHER_ID, timestamp: '2026-11-28T09:00:00.000Z' })]) {
        const page = pageWith({ stored: decision(2, true), cookie: shared, config: SHARED });
        page.release();
        expect(await page.manager.ready).to.deep.equal(decision(2, true));
        expect(page.jar.get(COPY_NAME)).to.equal(encodeCopy(decision(2, true)));
        expect(page.sharedBy).to.deep.equal([]);
      }
    });

    it('take a later decision under another id, and its id', async () => {
      const later = decision(1, false, { id: OTHER_ID, timestamp: '2026-11-28T11:00:00.000Z' });
      const page = pageWith({ stored: decision(5, true), cookie: later, config: SHARED });
      page.release();
      expect(await page.manager.ready).to.deep.equal(later);
      const next = await page.manager.acceptAll();
      expect(next).to.deep.include({ id: OTHER_ID, revision: 2 });
    });
  });
});
