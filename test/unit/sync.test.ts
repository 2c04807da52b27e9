import { expect } from '@open-wc/testing';
import { ConsentManager } from '../../src/core/consent.js';
import { currentPage, fetchDecisionToRestore, fetchRegion, type EndpointRecord } from '../../src/core/endpoint.js';
import { createIndexedDbOutbox, type Outbox } from '../../src/core/outbox.js';
import type { ConsentStore } from '../../src/core/storage.js';
import { syncToEndpoint, type SyncOptions } from '../../src/core/sync.js';
import type { ConsentState } from '../../src/core/types.js';
import { VERSION } from '../../src/core/version.js';
import { configFrom } from '../helpers/manager.js';
import { freshIndexedDbStore, readRawEntries, writeRaw, writeRawEntry } from '../helpers/stores.js';
import { recordWarnings } from '../helpers/warnings.js';

// The endpoint is a real HTTP server: the test server's /test-endpoint/ (test/helpers/test-endpoint.mjs),
// whose answers each test scripts. Backoff is shortened; nothing else is faked.

interface EndpointLog {
  received: EndpointRecord[];
  /** The Assent-Proof header of each received POST, or null. */
  proofs: Array<string | null>;
  stored: EndpointRecord[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 25) {
    if (waited > 5000) throw new Error(`timed out waiting for ${what}`);
    await pause(25);
  }
}

/** A bucket of the test endpoint of its own. */
function testEndpoint() {
  const url = `/test-endpoint/b${crypto.randomUUID().replaceAll('-', '')}`;
  return {
    url,
    script: (plan: Record<string, unknown>) =>
      fetch(`${url}/script`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(plan) }),
    log: async (): Promise<EndpointLog> => (await fetch(`${url}/log`)).json(),
  };
}

const stops: Array<() => void> = [];

/** What a decision looks like as the endpoint receives it, for tests that put records in place by hand. */
function endpointRecordOf(state: ConsentState): EndpointRecord {
  return { ...state, language: 'de', url: 'https://shop.example/cart', region: 'DE', subject: null, client: `assent/${VERSION}` };
}

/** POSTs a record as another browser would, with its own proof. */
function postElsewhere(url: string, record: EndpointRecord, proof: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Assent-Proof': proof }, body: JSON.stringify(record) });
}

/** One page's Assent with sync: a manager on real IndexedDB, an outbox on real IndexedDB. */
function page(
  options: {
    endpoint?: string;
    store?: ConsentStore;
    outbox?: Outbox;
    /** The outbox's database, for an outbox of this page's own on a database a test reads or writes. */
    outboxName?: string;
    attributes?: string;
    restoreTimeoutMs?: number;
    sync?: Partial<SyncOptions>;
  } = {},
) {
  const warn = recordWarnings();
  const store = options.store ?? freshIndexedDbStore();
  const outbox = options.outbox ?? createIndexedDbOutbox(options.outboxName ?? `assent-outbox-test-${crypto.randomUUID()}`, warn);
  const manager = new ConsentManager({
    store,
    warn,
    restore: (config) => fetchDecisionToRestore(config, options.restoreTimeoutMs ?? 1000),
  });
  const target = new EventTarget() as unknown as Window;
  const endpoint = options.endpoint ? ` endpoint="${options.endpoint}"` : '';
  manager.configure(configFrom(`${options.attributes ?? 'policy-version="7" categories="analytics marketing" region="DE"'}${endpoint}`));
  stops.push(
    syncToEndpoint(manager, {
      outbox,
      warn,
      target,
      retry: { baseMs: 20, maxMs: 100 },
      page: () => ({ location: { origin: 'https://shop.example', pathname: '/cart' }, language: 'de' }),
      ...options.sync,
    }),
  );
  return { manager, warn, store, outbox, target };
}

describe('sync to the endpoint', () => {
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('sends nothing and queues nothing without an endpoint', async () => {
    const { manager, outbox } = page();
    await manager.acceptAll();
    await pause(100);
    expect(await outbox.all()).to.deep.equal([]);
  });

  it('POSTs each decision as the contract’s record, after storing it, and empties the outbox on 201', async () => {
    const endpoint = testEndpoint();
    const { manager, outbox, store } = page({ endpoint: endpoint.url });
    await manager.ready;
    const state = await manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'the record');
    const [record] = (await endpoint.log()).stored;
    expect(record).to.deep.equal({
      ...state,
      language: 'de',
      url: 'https://shop.example/cart',
      region: 'DE',
      subject: null,
      client: `assent/${VERSION}`,
      mode: 'opt-in',
    });
    expect(await store.load()).to.deep.equal(state);
    await until(async () => (await outbox.all()).length === 0, 'an empty outbox');
  });

  it('retries after 503s with backoff and delivers the record once', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [503, 503, 503] });
    const { manager, outbox } = page({ endpoint: endpoint.url });
    await manager.rejectAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'delivery');
    const log = await endpoint.log();
    expect(log.received).to.have.length(4);
    expect(log.stored).to.have.length(1);
    await until(async () => (await outbox.all()).length === 0, 'an empty outbox');
  });

  it('treats 408 and 429 as temporary', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [408, 429] });
    const { manager } = page({ endpoint: endpoint.url });
    await manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'delivery');
    expect((await endpoint.log()).received).to.have.length(3);
  });

  it('keeps a record the endpoint refuses as malformed (400), warns once, and does not send it again', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [400] });
    const { manager, outbox, warn } = page({ endpoint: endpoint.url });
    await manager.acceptAll();
    await until(async () => (await outbox.all()).some((entry) => entry.refused), 'the refusal');
    await pause(300);
    expect((await endpoint.log()).received).to.have.length(1);
    const [entry] = await outbox.all();
    expect(entry!.refused!.status).to.equal(400);
    expect(warn.messages).to.deep.equal(['the endpoint refused a consent record (HTTP 400); it is kept in the outbox and not sent again.']);
    await manager.rejectAll(); // the next record is sent as usual
    await until(async () => (await endpoint.log()).stored.length === 1, 'the next record');
  });

  it('keeps records while the endpoint cannot be reached and delivers them on the next load, oldest first', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const outbox = createIndexedDbOutbox(`assent-outbox-test-${crypto.randomUUID()}`);
    const offline = page({ endpoint: 'http://127.0.0.1:9/api/consent', store, outbox }); // nothing listens on port 9
    await offline.manager.acceptAll();
    await offline.manager.update({ marketing: false });
    await pause(200);
    expect((await outbox.all()).map((entry) => entry.record.revision)).to.deep.equal([1, 2]);
    for (const stop of stops.splice(0)) stop();

    page({ endpoint: endpoint.url, store, outbox }); // the next page load, the endpoint back
    await until(async () => (await endpoint.log()).stored.length === 2, 'both records');
    expect((await endpoint.log()).stored.map((record) => [record.revision, record.decisions['marketing']])).to.deep.equal([
      [1, true],
      [2, false],
    ]);
  });

  it('sends at once when the browser comes back online', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [503] });
    const { manager, target } = page({ endpoint: endpoint.url, sync: { retry: { baseMs: 60_000, maxMs: 60_000 }, random: () => 1 } });
    await manager.acceptAll();
    await until(async () => (await endpoint.log()).received.length === 1, 'the failed attempt');
    await pause(100);
    expect((await endpoint.log()).stored).to.have.length(0);
    target.dispatchEvent(new Event('online'));
    await until(async () => (await endpoint.log()).stored.length === 1, 'delivery after online');
  });

  it('sends waiting records with keepalive when the page is hidden for good', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [503] });
    const requests: RequestInit[] = [];
    const { manager, target } = page({
      endpoint: endpoint.url,
      sync: {
        retry: { baseMs: 60_000, maxMs: 60_000 },
        random: () => 1,
        fetch: (input, init) => {
          requests.push(init ?? {});
          return fetch(input, init);
        },
      },
    });
    await manager.acceptAll();
    await until(async () => (await endpoint.log()).received.length === 1, 'the failed attempt');
    target.dispatchEvent(new Event('pagehide'));
    await until(async () => (await endpoint.log()).stored.length === 1, 'the keepalive delivery');
    expect(requests.at(-1)!.keepalive).to.equal(true);
  });

  it('puts decisions made while the page is still catching up in the outbox at once, so a page closed then loses none', async () => {
    const endpoint = testEndpoint();
    const outboxName = `assent-outbox-test-${crypto.randomUUID()}`;
    const outbox = createIndexedDbOutbox(outboxName);
    // The catch-up's first read of the outbox held back: IndexedDB slow at the page's start, a fault
    // a test cannot cause otherwise. Everything else is the real outbox.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow: Outbox = {
      ...outbox,
      all: async () => {
        await released;
        return outbox.all();
      },
    };
    const { manager } = page({ endpoint: endpoint.url, outbox: slow });
    await manager.ready;
    const first = await manager.acceptAll();
    const second = await manager.rejectAll();
    const sameDatabase = createIndexedDbOutbox(outboxName);
    await until(async () => (await sameDatabase.all()).length === 2, 'both decisions in the outbox while the catch-up waits');
    release();
    await until(async () => (await endpoint.log()).stored.length === 2, 'both records');
    expect((await endpoint.log()).stored.map(({ id, revision }) => ({ id, revision }))).to.deep.equal([
      { id: first.id, revision: first.revision },
      { id: second.id, revision: second.revision },
    ]);
  });

  it('queues a decision that was stored but never queued (the page closed at once)', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const decided = new ConsentManager({ store, warn: recordWarnings() });
    decided.configure(configFrom('policy-version="7" categories="analytics"'));
    const state = await decided.acceptAll();
    page({ endpoint: endpoint.url, store, attributes: 'policy-version="7" categories="analytics"' });
    await until(async () => (await endpoint.log()).stored.length === 1, 'the caught-up record');
    expect((await endpoint.log()).stored[0]).to.include({ id: state.id, revision: 1 });
  });

  it('queues the decision the page started with that was never queued, also after a newer one was made before the part started', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const attributes = `policy-version="7" categories="analytics" endpoint="${endpoint.url}"`;
    const closed = new ConsentManager({ store, warn: recordWarnings() });
    closed.configure(configFrom(attributes));
    const cutOff = await closed.acceptAll(); // stored, but its page closed before it was queued
    const next = new ConsentManager({ store, warn: recordWarnings() });
    next.configure(configFrom(attributes));
    await next.ready;
    const startedWith = next.state;
    const made = await next.rejectAll(); // before the endpoint's part has loaded
    const page = () => ({ location: { origin: 'https://shop.example', pathname: '/cart' }, language: 'de' });
    stops.push(
      syncToEndpoint(next, {
        outbox: createIndexedDbOutbox(`assent-outbox-test-${crypto.randomUUID()}`),
        warn: recordWarnings(),
        target: new EventTarget() as unknown as Window,
        retry: { baseMs: 20, maxMs: 100 },
        page,
        earlier: [endpointRecordOf(made)],
        startedWith,
      }),
    );
    await until(async () => (await endpoint.log()).stored.length === 2, 'both records');
    expect((await endpoint.log()).stored.map(({ id, revision }) => ({ id, revision }))).to.deep.equal([
      { id: cutOff.id, revision: 1 },
      { id: made.id, revision: 2 },
    ]);
  });

  it('lets one tab at a time send the shared outbox, so no record is sent twice at once', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [503, 503] });
    const store = freshIndexedDbStore();
    const outbox = createIndexedDbOutbox(`assent-outbox-test-${crypto.randomUUID()}`);
    const first = page({ endpoint: endpoint.url, store, outbox });
    page({ endpoint: endpoint.url, store, outbox });
    page({ endpoint: endpoint.url, store, outbox });
    await first.manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'delivery');
    await pause(300);
    expect((await endpoint.log()).received).to.have.length(3); // two scripted failures, one success
  });
});

describe('the record sent', () => {
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  for (const [pageLanguage, sent] of [
    ['en_US', 'en-US'],
    ['zh_Hant_TW', 'zh-Hant-TW'],
    ['english', 'english'],
    ['e', 'en'],
    ['en-US.UTF-8', 'en'],
    [`de-${'x'.repeat(8)}-${'y'.repeat(8)}-${'z'.repeat(8)}-abcdef`, 'en'], // 36 characters
  ]) {
    it(`sends the page language ${JSON.stringify(pageLanguage)} as ${JSON.stringify(sent)}, which the endpoint takes`, async () => {
      const endpoint = testEndpoint();
      const { manager } = page({ endpoint: endpoint.url, sync: { page: () => ({ location: { origin: 'https://shop.example', pathname: '/' }, language: pageLanguage! }) } });
      await manager.acceptAll();
      await until(async () => (await endpoint.log()).stored.length === 1, 'the record');
      expect((await endpoint.log()).stored[0]!.language).to.equal(sent);
      expect(sent).to.match(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/);
    });
  }

  it('reads <html lang="en_US"> as en-US, and a page language that is no tag as the browser’s', () => {
    const html = document.documentElement;
    const before = html.lang;
    try {
      html.lang = 'en_US';
      expect(currentPage().language).to.equal('en-US');
      html.lang = 'not a language';
      expect(currentPage().language).to.equal(navigator.language);
    } finally {
      html.lang = before;
    }
  });
});

describe('what each answer of the endpoint means', () => {
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  for (const status of [400, 413, 415, 422]) {
    it(`refuses a record for good on ${status}: kept in the outbox as evidence, never sent again`, async () => {
      const endpoint = testEndpoint();
      await endpoint.script({ post: [status] });
      const { manager, outbox } = page({ endpoint: endpoint.url });
      await manager.acceptAll();
      await until(async () => (await outbox.all()).some((entry) => entry.refused), 'the refusal');
      await pause(300);
      expect((await endpoint.log()).received).to.have.length(1);
      expect((await outbox.all())[0]!.refused!.status).to.equal(status);
    });
  }

  it('retries 404 and 405 with backoff, warning once with the endpoint’s URL, and delivers once the endpoint answers', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [404, 404, 405, 404] });
    const { manager, outbox, warn } = page({ endpoint: endpoint.url });
    await manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'delivery');
    expect((await endpoint.log()).received).to.have.length(5);
    expect(await outbox.all()).to.deep.equal([]);
    expect(warn.messages).to.deep.equal([
      `the endpoint ${new URL(endpoint.url, location.href).href} answered 404: check the endpoint attribute / proxy; records are kept and retried.`,
    ]);
  });

  it('retries a 403 or 409 that is not the endpoint’s own answer (a proxy’s), like a 404', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ post: [{ status: 403, body: 'Forbidden by the firewall' }, { status: 409, body: { error: 'busy' } }] });
    const { manager } = page({ endpoint: endpoint.url });
    const state = await manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'delivery');
    expect((await endpoint.log()).stored[0]).to.include({ id: state.id, revision: 1 });
    expect(manager.state).to.equal(state);
  });

  it('warns once, naming the likely causes, when the endpoint cannot be reached', async () => {
    const { manager, warn } = page({ endpoint: 'http://127.0.0.1:9/api/consent' }); // nothing listens on port 9
    await manager.acceptAll();
    await until(() => warn.messages.some((message) => message.startsWith('could not reach')), 'the warning');
    await pause(300); // several retries
    expect(warn.messages.filter((message) => !message.startsWith('could not restore'))).to.deep.equal([
      "could not reach the endpoint http://127.0.0.1:9/api/consent (network, or the shop's origin missing from the endpoint's allowed origins); records are kept and retried.",
    ]);
  });

  it('delivers every record once the page has the right endpoint, after 404s from a mistyped one', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const outboxName = `assent-outbox-test-${crypto.randomUUID()}`;
    const typo = page({ endpoint: endpoint.url.replace('/test-endpoint/', '/test-endpoitn/'), store, outboxName });
    await typo.manager.acceptAll();
    await typo.manager.update({ marketing: false });
    await until(() => typo.warn.messages.some((message) => message.includes('answered 404')), 'a 404');
    for (const stop of stops.splice(0)) stop();

    const fixed = page({ endpoint: endpoint.url, store, outboxName }); // the shop fixed the attribute: the next load
    await until(async () => (await endpoint.log()).stored.length === 2, 'both records');
    expect((await endpoint.log()).stored.map((record) => [record.revision, record.decisions['marketing']])).to.deep.equal([
      [1, true],
      [2, false],
    ]);
    expect(await fixed.outbox.all()).to.deep.equal([]);
  });

  it('sends again records an older Assent refused on a 404, but not those refused as malformed', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const outbox = createIndexedDbOutbox(`assent-outbox-test-${crypto.randomUUID()}`);
    const earlier = new ConsentManager({ store, warn: recordWarnings() });
    earlier.configure(configFrom('policy-version="7" categories="analytics marketing" region="DE"'));
    const first = await earlier.acceptAll();
    const second = await earlier.rejectAll();
    const at = new Date().toISOString();
    await outbox.put({ record: endpointRecordOf(first), refused: { status: 400, at } });
    await outbox.put({ record: endpointRecordOf(second), refused: { status: 404, at } });
    page({ endpoint: endpoint.url, store, outbox });
    await until(async () => (await endpoint.log()).stored.length === 1, 'the record refused on a 404');
    await pause(200);
    expect((await endpoint.log()).received.map((record) => record.revision)).to.deep.equal([2]);
    expect((await outbox.all()).map((entry) => [entry.record.revision, entry.refused?.status])).to.deep.equal([[1, 400]]);
  });
});

describe('proof that this browser owns its id', () => {
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  /** Every decision event the manager emits from now on. */
  function decisionsOf(manager: ConsentManager): unknown[] {
    const events: unknown[] = [];
    manager.subscribe((event) => {
      if (event.type === 'decision') events.push(event);
    });
    return events;
  }

  it('sends the same secret of 43 base64url characters with every record of an id, kept in the outbox database only', async () => {
    const endpoint = testEndpoint();
    const outboxName = `assent-outbox-test-${crypto.randomUUID()}`;
    const store = freshIndexedDbStore();
    const first = page({ endpoint: endpoint.url, store, outboxName });
    const state = await first.manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'the first record');
    for (const stop of stops.splice(0)) stop();
    const next = page({ endpoint: endpoint.url, store, outboxName }); // a later page: the secret is read back
    await next.manager.ready;
    await next.manager.rejectAll();
    await until(async () => (await endpoint.log()).stored.length === 2, 'the second record'); // the endpoint checks the proof
    const { proofs } = await endpoint.log();
    expect(proofs[0]).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(proofs[1]).to.equal(proofs[0]);
    expect((await readRawEntries(outboxName, 'records')).get('proof')).to.deep.equal({ id: state.id, secret: proofs[0] });
    expect(JSON.stringify(next.manager.state)).not.to.contain(proofs[0]!);
    expect(JSON.stringify(await store.load())).not.to.contain(proofs[0]!);
  });

  it('on 403 "proof required", moves the waiting decisions to a new id, as revisions 1, 2…, without a new decision', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const offline = page({ endpoint: 'http://127.0.0.1:9/api/consent', store });
    const first = await offline.manager.update({ analytics: true });
    const second = await offline.manager.update({ marketing: true });
    await offline.manager.saved;
    const outbox = offline.outbox;
    for (const stop of stops.splice(0)) stop();
    // Another browser wrote this id first, with its own secret (no assent_id cookie here proves otherwise).
    expect((await postElsewhere(endpoint.url, endpointRecordOf(first), 'another-browsers-secret-aaaaaaaaaaaaaaaaaaaa')).status).to.equal(201);

    const { manager } = page({ endpoint: endpoint.url, store, outbox });
    await manager.ready;
    const decisions = decisionsOf(manager);
    await until(async () => (await endpoint.log()).stored.length === 3, 'the re-issued records');
    const moved = (await endpoint.log()).stored.slice(1);
    const id = moved[0]!.id;
    expect(id).not.to.equal(first.id);
    expect(moved.map(({ id, revision, timestamp, decisions, method }) => ({ id, revision, timestamp, decisions, method }))).to.deep.equal([
      { id, revision: 1, timestamp: first.timestamp, decisions: first.decisions, method: first.method },
      { id, revision: 2, timestamp: second.timestamp, decisions: second.decisions, method: second.method },
    ]);
    expect(manager.state).to.deep.equal({ ...second, id, revision: 2 });
    expect(await store.load()).to.deep.equal({ ...second, id, revision: 2 });
    expect(decisions).to.deep.equal([]);
    await until(async () => (await outbox.all()).length === 0, 'an empty outbox');
    const third = await manager.rejectAll(); // the next decision continues the new id
    expect([third.id, third.revision]).to.deep.equal([id, 3]);
    await until(async () => (await endpoint.log()).stored.length === 4, 'the next record');
  });

  it('does not lose a decision made while the endpoint answers 403: it moves to the new id too, on top', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const before = new ConsentManager({ store, warn: recordWarnings() });
    before.configure(configFrom('policy-version="7" categories="analytics marketing" region="DE"'));
    const first = await before.acceptAll();
    await postElsewhere(endpoint.url, endpointRecordOf(first), 'another-browsers-secret-aaaaaaaaaaaaaaaaaaaa');
    let decidedMeanwhile: Promise<ConsentState> | undefined;
    const { manager } = page({
      endpoint: endpoint.url,
      store,
      sync: {
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          // The shopper decides while the 403 is on its way: the queue being sent does not hold it yet.
          if (response.status === 403 && !decidedMeanwhile) await (decidedMeanwhile = manager.rejectAll());
          return response;
        },
      },
    });
    await until(async () => (await endpoint.log()).stored.length === 3, 'both decisions under the new id');
    const second = await decidedMeanwhile!;
    const [, ...moved] = (await endpoint.log()).stored;
    expect(moved.map(({ id, revision, timestamp, method }) => [id === moved[0]!.id && id !== first.id, revision, timestamp, method])).to.deep.equal([
      [true, 1, first.timestamp, 'accept-all'],
      [true, 2, second.timestamp, 'reject-all'],
    ]);
    expect(manager.state).to.deep.equal({ ...second, id: moved[0]!.id, revision: 2 });
  });

  it('on 409 "conflict", renumbers the waiting decisions after the endpoint’s latest revision', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const outboxName = `assent-outbox-test-${crypto.randomUUID()}`;
    const offline = page({ endpoint: 'http://127.0.0.1:9/api/consent', store, outboxName });
    const first = await offline.manager.update({ analytics: true });
    const second = await offline.manager.update({ marketing: true });
    await offline.manager.saved;
    for (const stop of stops.splice(0)) stop();
    // This browser's own secret (say, an older copy of this profile wrote revision 1 differently).
    const secret = await createIndexedDbOutbox(outboxName).proof(first.id, 'unused-candidate');
    const other = { ...endpointRecordOf(first), decisions: { necessary: true, analytics: false, marketing: false }, method: 'reject-all' as const };
    expect((await postElsewhere(endpoint.url, other, secret)).status).to.equal(201);

    const { manager } = page({ endpoint: endpoint.url, store, outboxName });
    await manager.ready;
    const decisions = decisionsOf(manager);
    await until(async () => (await endpoint.log()).stored.length === 3, 'the renumbered records');
    const stored = (await endpoint.log()).stored.map(({ id, revision, timestamp, method }) => ({ id, revision, timestamp, method }));
    expect(stored).to.deep.equal([
      { id: first.id, revision: 1, timestamp: first.timestamp, method: 'reject-all' },
      { id: first.id, revision: 2, timestamp: first.timestamp, method: first.method },
      { id: first.id, revision: 3, timestamp: second.timestamp, method: second.method },
    ]);
    expect(manager.state).to.deep.equal({ ...second, revision: 3 });
    expect(await store.load()).to.deep.equal({ ...second, revision: 3 });
    expect(decisions).to.deep.equal([]);
  });

  it('on 409 "revision out of range", renumbers a far revision right after the endpoint’s latest', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const earlier = new ConsentManager({ store, warn: recordWarnings() });
    earlier.configure(configFrom('policy-version="7" categories="analytics marketing" region="DE"'));
    const decided = await earlier.acceptAll();
    await writeRaw(store.databaseName, { ...decided, revision: 99 }); // 98 revisions the endpoint never got
    const { manager } = page({ endpoint: endpoint.url, store });
    await manager.ready;
    const latest = await manager.rejectAll(); // revision 100: more than 64 after the endpoint's none
    expect(latest.revision).to.equal(100);
    await until(async () => (await endpoint.log()).stored.length === 2, 'both records');
    expect((await endpoint.log()).stored.map(({ revision, method }) => [revision, method])).to.deep.equal([
      [1, 'accept-all'],
      [2, 'reject-all'],
    ]);
    expect(manager.state).to.deep.equal({ ...latest, revision: 2 });
  });
});

describe('the outbox', () => {
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('drops malformed entries with one warning, and delivers the next decisions, also after a reload', async () => {
    const endpoint = testEndpoint();
    const store = freshIndexedDbStore();
    const outboxName = `assent-outbox-test-${crypto.randomUUID()}`;
    await writeRawEntry(outboxName, 'records', 'garbage', { garbage: 1 });
    await writeRawEntry(outboxName, 'records', `${crypto.randomUUID()}:0000000001`, { record: {} });
    const first = page({ endpoint: endpoint.url, store, outboxName });
    await first.manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'the first decision');
    expect(first.warn.messages).to.deep.equal(['dropped 2 malformed entries from the consent outbox.']);
    for (const stop of stops.splice(0)) stop();
    await writeRawEntry(outboxName, 'records', 'garbage', { garbage: 1 }); // again, before the next load

    const next = page({ endpoint: endpoint.url, store, outboxName });
    await next.manager.ready;
    await next.manager.rejectAll();
    await until(async () => (await endpoint.log()).stored.length === 2, 'the decision after the reload');
    const left = [...(await readRawEntries(outboxName, 'records')).keys()].sort();
    expect(left).to.deep.equal(['delivered', 'proof', 'receipt']);
  });

  it('keeps one proof secret per id, an older id’s only until its waiting records are delivered', async () => {
    const outboxName = `assent-outbox-test-${crypto.randomUUID()}`;
    const outbox = createIndexedDbOutbox(outboxName);
    const store = freshIndexedDbStore();
    const earlier = new ConsentManager({ store, warn: recordWarnings() });
    earlier.configure(configFrom('policy-version="7" categories="analytics"'));
    const old = endpointRecordOf(await earlier.acceptAll());
    const newId = crypto.randomUUID();
    expect(await outbox.proof(old.id, 'secret-of-the-old-id')).to.equal('secret-of-the-old-id');
    expect(await outbox.proof(old.id, 'another-candidate')).to.equal('secret-of-the-old-id');
    await outbox.put({ record: old });
    expect(await outbox.proof(newId, 'secret-of-the-new-id')).to.equal('secret-of-the-new-id');
    expect((await readRawEntries(outboxName, 'records')).get('proof')).to.deep.equal({ id: newId, secret: 'secret-of-the-new-id' });
    await outbox.all();
    expect(await outbox.proof(old.id, 'a-third-candidate')).to.equal('secret-of-the-old-id'); // its record still waits
    await outbox.delivered(old);
    await outbox.all();
    expect([...(await readRawEntries(outboxName, 'records')).keys()].sort()).to.deep.equal(['delivered', 'proof']);
    expect(await outbox.proof(newId, 'unused')).to.equal('secret-of-the-new-id');
  });

  it('keeps the latest delivered record with the endpoint’s receipt', async () => {
    const endpoint = testEndpoint();
    const { manager, outbox } = page({ endpoint: endpoint.url });
    await manager.acceptAll();
    await until(async () => (await endpoint.log()).stored.length === 1, 'the first record');
    const latest = await manager.rejectAll();
    await until(async () => (await outbox.receipt())?.record.revision === 2, 'the second receipt');
    const kept = (await outbox.receipt())!;
    expect(kept.record).to.deep.equal((await endpoint.log()).stored[1]);
    expect(kept.receipt).to.include({ v: 1, alg: 'Ed25519', id: latest.id, revision: 2 });
  });
});

describe('restoring a decision from the endpoint', () => {
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  const stored = (overrides: Partial<ConsentState> = {}): ConsentState => ({
    id: crypto.randomUUID(),
    revision: 4,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    policyVersion: '7',
    decisions: { necessary: true, analytics: true, marketing: false },
    method: 'custom',
    gpc: false,
    ...overrides,
  });

  it('restores a still-valid decision when nothing is stored locally, shows no banner and keeps it locally', async () => {
    const endpoint = testEndpoint();
    const record = stored();
    await endpoint.script({ current: record });
    const { manager, store } = page({ endpoint: endpoint.url });
    expect(await manager.ready).to.deep.equal(record);
    expect(manager.snapshot.showBanner).to.equal(false);
    expect(manager.granted('analytics')).to.equal(true);
    await manager.saved;
    expect(await store.load()).to.deep.equal(record);
  });

  it('asks again for a decision of another policy version, and continues its id and revision', async () => {
    const endpoint = testEndpoint();
    const record = stored({ policyVersion: '6' });
    await endpoint.script({ current: record });
    const { manager } = page({ endpoint: endpoint.url });
    expect(await manager.ready).to.equal(null);
    expect(manager.snapshot.showBanner).to.equal(true);
    const next = await manager.rejectAll();
    expect([next.id, next.revision]).to.deep.equal([record.id, 5]);
  });

  it('does not ask the endpoint when a decision is stored locally', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ current: stored({ revision: 99 }) });
    const store = freshIndexedDbStore();
    const earlier = new ConsentManager({ store, warn: recordWarnings() });
    earlier.configure(configFrom('policy-version="7" categories="analytics marketing"'));
    const local = await earlier.rejectAll();
    const { manager } = page({ endpoint: endpoint.url, store });
    expect(await manager.ready).to.deep.equal(local);
  });

  it('gives up on a slow endpoint and shows the banner, with a warning', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ current: stored(), currentDelayMs: 2000 });
    const { manager, warn } = page({ endpoint: endpoint.url, restoreTimeoutMs: 150 });
    expect(await manager.ready).to.equal(null);
    expect(manager.snapshot.showBanner).to.equal(true);
    expect(warn.messages.some((message) => message.startsWith('could not restore the decision (TimeoutError'))).to.equal(true);
  });

  it('ignores a malformed answer', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ current: { ...stored(), decisions: 'everything' } });
    const { manager, warn } = page({ endpoint: endpoint.url });
    expect(await manager.ready).to.equal(null);
    expect(warn.messages).to.include('ignored the restored decision: its decisions is invalid.');
  });

  it('restores a signed-in shopper’s decision from another device by subject', async () => {
    const endpoint = testEndpoint();
    const subject = 'c2hvcC1zZWNyZXQtaG1hYy1vZi00Mg';
    const attributes = `policy-version="7" categories="analytics marketing" subject="${subject}"`;
    const laptop = page({ endpoint: endpoint.url, attributes });
    const decided = await laptop.manager.update({ analytics: true });
    await until(async () => (await endpoint.log()).stored.length === 1, 'the laptop’s record');
    expect((await endpoint.log()).stored[0]!.subject).to.equal(subject);
    await endpoint.script({ noCurrent: true }); // a new device: no assent_id cookie there
    const phone = page({ endpoint: endpoint.url, attributes });
    const restored = await phone.manager.ready;
    expect(restored).to.deep.include({ decisions: decided.decisions, method: decided.method, timestamp: decided.timestamp, revision: 1 });
    expect(restored!.id).not.to.equal(decided.id); // the phone's own id: the devices never share an (id, revision)
    expect(phone.manager.snapshot.showBanner).to.equal(false);
    const next = await phone.manager.rejectAll();
    expect([next.id, next.revision]).to.deep.equal([restored!.id, 2]);
  });

  it('takes 204 from /current as "nothing": the banner shows, without a warning', async () => {
    const endpoint = testEndpoint();
    const { manager, warn } = page({ endpoint: endpoint.url });
    expect(await manager.ready).to.equal(null);
    expect(manager.snapshot.showBanner).to.equal(true);
    expect(warn.messages).to.deep.equal([]);
  });

  it('takes 404 from an older endpoint as "nothing" too', async () => {
    const endpoint = testEndpoint();
    await endpoint.script({ nothingStatus: 404 });
    const subject = 'c2hvcC1zZWNyZXQtaG1hYy1vZi00Mg';
    const { manager, warn } = page({ endpoint: endpoint.url, attributes: `policy-version="7" categories="analytics" subject="${subject}"` });
    expect(await manager.ready).to.equal(null);
    expect(warn.messages).to.deep.equal([]);
  });

  it('asks /region for the shopper’s region, and takes 204 (or an older endpoint’s 404) as unknown', async () => {
    const endpoint = testEndpoint();
    expect(await fetchRegion(endpoint.url, 1000)).to.equal(undefined);
    await endpoint.script({ region: 'us-ca' });
    expect(await fetchRegion(endpoint.url, 1000)).to.equal('US-CA');
    await endpoint.script({ region: null, nothingStatus: 404 });
    expect(await fetchRegion(endpoint.url, 1000)).to.equal(undefined);
  });

  it('keeps VERSION equal to package.json', async () => {
    const { version } = await (await fetch('/package.json')).json();
    expect(VERSION).to.equal(version);
  });
});
