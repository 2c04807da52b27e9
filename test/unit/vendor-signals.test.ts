import { expect } from '@open-wc/testing';
import { sendVendorDefaults } from '../../src/signals/vendor-defaults.js';
import { signalsOnScript } from '../../src/signals/vendor-script.js';
import { driveVendorSignals } from '../../src/signals/vendors.js';
import { configFrom, createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';
import { recordWarnings } from '../helpers/warnings.js';

// The vendors' tags (UET's bat.js, Clarity, Meta's fbevents.js, TikTok's events.js) cannot run
// here: each vendor is its own snippet, as the shop pastes it, without the network load of the
// tag, on a stand-in window. What the tag would be told is what its snippet's queue holds, in
// order. The manager, its IndexedDB store and the configuration read from markup are real.

type Stand = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALL = 'categories="analytics marketing"';
const VENDORS = 'signals="uet clarity meta tiktok"';

/** An `arguments` object (what the vendors' queues hold) as an array, to compare. */
const plain = (entry: unknown) => (Object.prototype.toString.call(entry) === '[object Arguments]' ? [...(entry as IArguments)] : entry);

/** UET's snippet: `w[u]=w[u]||[]`; when bat.js arrives it takes the queue and pushes `pageLoad`. */
function uetSnippet(w: Stand): void {
  w.uetq = w.uetq || [];
  const queue: unknown[] = w.uetq;
  w.uetq = { push: (...items: unknown[]) => queue.push(...items), queue };
  w.uetq.push('pageLoad');
}

/** Clarity's snippet: `c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)}`. */
function claritySnippet(c: Stand): void {
  c.clarity =
    c.clarity ||
    function () {
      // eslint-disable-next-line prefer-rest-params
      (c.clarity.q = c.clarity.q || []).push(arguments);
    };
}

/** Meta's base code, then the page's `fbq('init')` and `fbq('track', 'PageView')`. */
function metaBaseCode(f: Stand): void {
  (function () {
    if (f.fbq) return;
    const n: Stand = (f.fbq = function () {
      // eslint-disable-next-line prefer-rest-params
      n.callMethod ? n.callMethod.apply(n, arguments) : n.queue.push(arguments);
    });
    if (!f._fbq) f._fbq = n;
    n.push = n;
    n.loaded = !0;
    n.version = '2.0';
    n.queue = [];
  })();
  f.fbq('init', '1234567890');
  f.fbq('track', 'PageView');
}

/** TikTok's base code (its deferred methods push `[method, ...arguments]`), then `ttq.load()` and `ttq.page()`. */
function tiktokBaseCode(w: Stand): void {
  w.TiktokAnalyticsObject = 'ttq';
  const ttq = (w.ttq = w.ttq || []);
  ttq.methods = ['page', 'track', 'identify', 'enableCookie', 'disableCookie', 'holdConsent', 'revokeConsent', 'grantConsent'];
  ttq.setAndDefer = function (t: unknown[], e: string) {
    (t as Stand)[e] = function () {
      // eslint-disable-next-line prefer-rest-params
      t.push([e].concat(Array.prototype.slice.call(arguments, 0)));
    };
  };
  for (const method of ttq.methods) ttq.setAndDefer(ttq, method);
  ttq.load = (id: string) => ttq.push(['load', id]); // events.js is not loaded here
  ttq.load('CPIXEL');
  ttq.page();
}

/** What each vendor's queue holds, in order: UET's flat pushes in threes, the others one call each. */
function told(w: Stand) {
  const uet: unknown[] = w.uetq?.queue ?? (Array.isArray(w.uetq) ? w.uetq : []);
  return {
    uet: uet.reduce<unknown[][]>((calls, item) => (item === 'consent' || item === 'pageLoad' ? [...calls, [item]] : (calls.at(-1)!.push(item), calls)), []),
    clarity: (w.clarity?.q ?? []).map(plain),
    meta: (w.fbq?.queue ?? []).map(plain),
    tiktok: [...(w.ttq ?? [])],
  };
}

const DEFAULTS = {
  uet: [['consent', 'default', { ad_storage: 'denied' }]],
  clarity: [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }]],
  meta: [['consent', 'revoke']],
  tiktok: [['holdConsent']],
};

function vendorsOn(manager: ReturnType<typeof createTestManager>['manager'], w: Stand, signalsOnScript = ['uet', 'clarity', 'meta', 'tiktok']) {
  const warn = recordWarnings();
  driveVendorSignals(manager, { target: w, warn, signalsOnScript });
  return warn;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 3000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('vendor signals', () => {
  it('reads the names of data-signals on Assent’s own script', () => {
    const script = document.createElement('script');
    expect(signalsOnScript(script)).to.deep.equal([]);
    script.dataset['signals'] = ' uet  clarity\nmeta tiktok ';
    expect(signalsOnScript(script)).to.deep.equal(['uet', 'clarity', 'meta', 'tiktok']);
    expect(signalsOnScript(null)).to.deep.equal([]);
  });

  it('puts each default first in the queue the vendor’s own snippet then takes over, before its first call', () => {
    const w: Stand = {};
    sendVendorDefaults(['uet', 'clarity', 'meta', 'tiktok'], w);
    expect(w.fbq === undefined, 'no fbq of Assent’s own: Meta’s base code would return early').to.equal(true);
    uetSnippet(w);
    claritySnippet(w);
    metaBaseCode(w);
    tiktokBaseCode(w);
    expect(Object.prototype.toString.call(w.clarity.q[0])).to.equal('[object Arguments]');
    expect(Object.prototype.toString.call(w.fbq.queue[0])).to.equal('[object Arguments]');
    expect(told(w)).to.deep.equal({
      uet: [...DEFAULTS.uet, ['pageLoad']],
      clarity: DEFAULTS.clarity,
      meta: [...DEFAULTS.meta, ['init', '1234567890'], ['track', 'PageView']],
      tiktok: [...DEFAULTS.tiktok, ['load', 'CPIXEL'], ['page']],
    });
    expect(w._fbq).to.equal(w.fbq);
  });

  it('sends only the named defaults, and calls a vendor already on the page directly', () => {
    const w: Stand = {};
    sendVendorDefaults(['clarity', 'nonsense'], w);
    expect(Object.keys(w)).to.deep.equal(['clarity']);

    const loaded: Stand = {};
    metaBaseCode(loaded);
    tiktokBaseCode(loaded);
    sendVendorDefaults(['meta', 'tiktok'], loaded);
    expect(told(loaded).meta.at(-1)).to.deep.equal(['consent', 'revoke']);
    expect(told(loaded).tiktok.at(-1)).to.deep.equal(['holdConsent']);
  });

  it('keeps a stub that is not Meta’s base code working: the default goes into the queue it already has', () => {
    const w: Stand = {};
    sendVendorDefaults(['meta'], w);
    const queue: unknown[] = [];
    const stub = Object.assign((...args: unknown[]) => void queue.push(args), { queue });
    w.fbq = stub;
    expect(w.fbq).to.equal(stub);
    expect(queue).to.deep.equal([['consent', 'revoke']]);
    w.fbq('init', '1');
    expect(queue).to.deep.equal([['consent', 'revoke'], ['init', '1']]);
  });

  it('tells nothing more before a decision in the opt-in regime: the defaults stand, TikTok stays on hold', async () => {
    const w: Stand = {};
    sendVendorDefaults(['uet', 'clarity', 'meta', 'tiktok'], w);
    const { manager } = createTestManager({ config: configFrom(`${ALL} ${VENDORS}`) });
    vendorsOn(manager, w);
    await manager.ready;
    metaBaseCode(w);
    expect(told(w)).to.deep.equal({ ...DEFAULTS, meta: [...DEFAULTS.meta, ['init', '1234567890'], ['track', 'PageView']] });
  });

  it('updates every vendor after Accept all, Reject all and a custom choice, before the tags of that decision run', async () => {
    const w: Stand = {};
    sendVendorDefaults(['uet', 'clarity', 'meta', 'tiktok'], w);
    const { manager } = createTestManager({ config: configFrom(`${ALL} ${VENDORS}`) });
    vendorsOn(manager, w);
    await manager.ready;
    await manager.acceptAll();
    metaBaseCode(w); // the pixel, held back until marketing was granted
    tiktokBaseCode(w);
    await manager.rejectAll();
    await manager.update({ analytics: true });
    const { uet, clarity, meta, tiktok } = told(w);
    expect(uet).to.deep.equal([
      ...DEFAULTS.uet,
      ['consent', 'update', { ad_storage: 'granted' }],
      ['consent', 'update', { ad_storage: 'denied' }],
      ['consent', 'update', { ad_storage: 'denied' }],
    ]);
    expect(clarity).to.deep.equal([
      ...DEFAULTS.clarity,
      ['consentv2', { ad_Storage: 'granted', analytics_Storage: 'granted' }],
      ['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }],
      ['consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }],
    ]);
    // Accept all came before the base code: it replaced the waiting revoke and went first.
    expect(meta).to.deep.equal([['consent', 'grant'], ['init', '1234567890'], ['track', 'PageView'], ['consent', 'revoke'], ['consent', 'revoke']]);
    expect(tiktok).to.deep.equal([['holdConsent'], ['grantConsent'], ['load', 'CPIXEL'], ['page'], ['revokeConsent'], ['revokeConsent']]);
  });

  it('updates at once for a returning shopper’s stored decision, and the part that loads after ready catches up', async () => {
    const store = freshIndexedDbStore();
    await createTestManager({ store, config: configFrom(`${ALL} ${VENDORS}`) }).manager.update({ marketing: true });
    const { manager } = createTestManager({ store, config: configFrom(`${ALL} ${VENDORS}`) });
    await manager.ready;
    const w: Stand = {};
    sendVendorDefaults(['uet', 'tiktok'], w);
    vendorsOn(manager, w, ['uet', 'tiktok']); // loaded after ready
    expect(told(w).uet).to.deep.equal([...DEFAULTS.uet, ['consent', 'update', { ad_storage: 'granted' }]]);
    expect(told(w).tiktok).to.deep.equal([['holdConsent'], ['grantConsent']]);
  });

  it('is told a decision made in another tab of the shop', async () => {
    const store = freshIndexedDbStore();
    const { manager } = createTestManager({ store, config: configFrom(`${ALL} ${VENDORS}`) });
    const w: Stand = {};
    sendVendorDefaults(['uet', 'clarity', 'meta', 'tiktok'], w);
    vendorsOn(manager, w);
    await manager.ready;
    await createTestManager({ store, config: configFrom(`${ALL} ${VENDORS}`) }).manager.update({ analytics: true });
    void manager.adoptStored();
    await until(() => told(w).clarity.length > 1, 'the adopted decision');
    expect(told(w).clarity.at(-1)).to.deep.equal(['consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }]);
    expect(told(w).uet.at(-1)).to.deep.equal(['consent', 'update', { ad_storage: 'denied' }]);
    expect(told(w).tiktok.at(-1)).to.deep.equal(['revokeConsent']);
  });

  it('opt-out regime: grants at once without a decision and says Limited Data Use is off', async () => {
    const w: Stand = {};
    sendVendorDefaults(['uet', 'meta', 'tiktok'], w);
    const { manager } = createTestManager({ config: configFrom(`mode="opt-out" ${ALL} signals="uet meta tiktok"`) });
    vendorsOn(manager, w, ['uet', 'meta', 'tiktok']);
    await manager.ready;
    metaBaseCode(w);
    expect(told(w).uet.at(-1)).to.deep.equal(['consent', 'update', { ad_storage: 'granted' }]);
    expect(told(w).tiktok).to.deep.equal([['holdConsent'], ['grantConsent']]);
    expect(told(w).meta).to.deep.equal([['dataProcessingOptions', []], ['consent', 'grant'], ['init', '1234567890'], ['track', 'PageView']]);
  });

  it('opt-out regime: a shopper who opts out of sale gets Limited Data Use, as does Global Privacy Control', async () => {
    const sale = '<assent-category name="marketing" sale></assent-category>';
    const w: Stand = {};
    metaBaseCode(w);
    const { manager } = createTestManager({ config: configFrom(`mode="opt-out" categories="analytics" signals="meta"`, sale) });
    vendorsOn(manager, w, []);
    await manager.ready;
    await manager.update({ marketing: false });
    expect(told(w).meta.slice(2)).to.deep.equal([
      ['consent', 'revoke'], // the default, from the element: Assent's script named no vendor
      ['dataProcessingOptions', []],
      ['consent', 'grant'],
      ['dataProcessingOptions', ['LDU'], 0, 0],
      ['consent', 'revoke'],
    ]);

    const withGpc: Stand = {};
    metaBaseCode(withGpc);
    const gpc = createTestManager({ gpc: true, config: configFrom(`mode="opt-out" categories="analytics" signals="meta"`, sale) });
    vendorsOn(gpc.manager, withGpc, []);
    await gpc.manager.ready;
    await gpc.manager.saved;
    expect(gpc.manager.state?.method).to.equal('gpc');
    expect(told(withGpc).meta.slice(-2)).to.deep.equal([['dataProcessingOptions', ['LDU'], 0, 0], ['consent', 'revoke']]);

    // Meta follows another category than the sale one: the pixel may run, with Limited Data Use.
    const shared: Stand = {};
    metaBaseCode(shared);
    const other = createTestManager({
      gpc: true,
      config: configFrom(`mode="opt-out" signals="meta"`, '<assent-category name="data-sharing" sale signals=""></assent-category><assent-category name="ads" signals="meta"></assent-category>'),
    });
    vendorsOn(other.manager, shared, []);
    await other.manager.ready;
    await other.manager.saved;
    expect(told(shared).meta.slice(-2)).to.deep.equal([['dataProcessingOptions', ['LDU'], 0, 0], ['consent', 'grant']]);

    // No category is marked sale: the objection alone asks for Limited Data Use.
    const unmarked: Stand = {};
    metaBaseCode(unmarked);
    const objecting = createTestManager({ gpc: true, config: configFrom(`mode="opt-out" ${ALL} signals="meta"`) });
    vendorsOn(objecting.manager, unmarked, []);
    await objecting.manager.ready;
    expect(told(unmarked).meta.slice(-2)).to.deep.equal([['dataProcessingOptions', ['LDU'], 0, 0], ['consent', 'grant']]);
  });

  it('never says anything about Limited Data Use in the opt-in regime', async () => {
    const w: Stand = {};
    metaBaseCode(w);
    const { manager } = createTestManager({ gpc: true, config: configFrom(`${ALL} signals="meta"`, '<assent-category name="marketing" sale></assent-category>') });
    vendorsOn(manager, w, []);
    await manager.ready;
    await manager.acceptAll();
    expect(told(w).meta.slice(2)).to.deep.equal([['consent', 'revoke'], ['consent', 'revoke']]);
  });

  it('follows the categories each vendor signal is mapped to, granted only when every one of them is, with the documented defaults', async () => {
    const mapped = configFrom(
      `categories="analytics marketing" ${VENDORS}`,
      '<assent-category name="ads" signals="uet clarity-ads"></assent-category><assent-category name="retargeting" signals="uet"></assent-category>' +
        '<assent-category name="marketing" signals="meta"></assent-category><assent-category name="analytics" signals=""></assent-category>',
    );
    const w: Stand = {};
    const { manager } = createTestManager({ config: mapped });
    vendorsOn(manager, w);
    await manager.ready;
    await manager.update({ ads: true, analytics: true });
    expect(told(w)).to.deep.equal({
      uet: [['consent', 'update', { ad_storage: 'denied' }]], // retargeting, which also grants it, is not granted
      clarity: [['consentv2', { ad_Storage: 'granted', analytics_Storage: 'denied' }]], // nothing grants analytics_Storage now
      meta: [], // waiting for Meta's base code
      tiktok: [['revokeConsent']], // no category maps tiktok
    });
    metaBaseCode(w);
    expect(told(w).meta).to.deep.equal([['consent', 'revoke'], ['init', '1234567890'], ['track', 'PageView']]);
    expect(configFrom(ALL).categories.map(({ name, signals }) => [name, signals])).to.deep.equal([
      ['necessary', []],
      ['analytics', ['clarity-analytics']],
      ['marketing', ['uet', 'clarity-ads', 'meta', 'tiktok']],
    ]);
  });

  it('sends the default, then the update, for a vendor named only on <assent-consent>', async () => {
    const w: Stand = {};
    const store = freshIndexedDbStore();
    await createTestManager({ store, config: configFrom(ALL) }).manager.acceptAll();
    const { manager } = createTestManager({ store, config: null });
    vendorsOn(manager, w, []);
    manager.configure(configFrom(`${ALL} signals="uet"`));
    await manager.ready;
    expect(told(w).uet).to.deep.equal([...DEFAULTS.uet, ['consent', 'update', { ad_storage: 'granted' }]]);
  });

  it('warns about a name that is no vendor, and about a vendor API that throws, and tells the others', async () => {
    const w: Stand = { uetq: { push: () => { throw new TypeError('uetq is broken'); } } };
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = vendorsOn(manager, w, ['uet', 'tiktok', 'pinterest']);
    await manager.acceptAll();
    await manager.rejectAll();
    expect(warn.messages).to.deep.equal([
      'data-signals="pinterest" on Assent\'s <script> is not a vendor (uet, clarity, meta, tiktok); it is ignored.',
      'the uet consent call failed (uetq is broken); the others are told.',
    ]);
    expect(told(w).tiktok).to.deep.equal([['grantConsent'], ['revokeConsent']]);
  });
});
