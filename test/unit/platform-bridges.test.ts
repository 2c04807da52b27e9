import { expect } from '@open-wc/testing';
import { ConsentManager } from '../../src/core/consent.js';
import { bridgeToPlatform } from '../../src/signals/platform.js';
import { bridgeToShopify, type ShopifyGlobal, type ShopifyTrackingConsent, type ShopifyWindow } from '../../src/signals/shopify.js';
import { bridgeToWordPress, type WordPressWindow, type WpConsentCategory, type WpConsentValue } from '../../src/signals/wordpress.js';
import { configFrom, createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';
import { recordWarnings } from '../helpers/warnings.js';

// The platforms' APIs are test doubles that behave as documented (shopify.dev/docs/api/customer-privacy,
// wordpress.org/plugins/wp-consent-api); the manager, its IndexedDB store and the events are real.
// Each bridge gets a stand-in window (`target`), so no test touches the real globals.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 3000) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

/** A document still being parsed: its scripts have not all run; `finish()` fires DOMContentLoaded. */
function parsingDocument() {
  const doc = Object.assign(new EventTarget(), { readyState: 'loading' as DocumentReadyState });
  return Object.assign(doc as unknown as Document, {
    finish() {
      doc.readyState = 'interactive';
      doc.dispatchEvent(new Event('DOMContentLoaded'));
    },
  });
}

/** A parsed document that counts what is dispatched on it. */
function quietDocument() {
  const doc = Object.assign(new EventTarget(), { readyState: 'complete' as DocumentReadyState, dispatched: [] as string[] });
  const dispatch = doc.dispatchEvent.bind(doc);
  doc.dispatchEvent = (event: Event) => {
    doc.dispatched.push(event.type);
    return dispatch(event);
  };
  return doc as unknown as Document & { readonly dispatched: string[] };
}

/**
 * `window.Shopify` as Shopify's storefront has it: `customerPrivacy.setTrackingConsent(consent, callback)`
 * records the consent and calls back later; with `lazy`, `customerPrivacy` only exists once
 * `loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], callback)` has loaded it, 5 ms
 * after the call, or with `lazy: 'held'` when the test calls `finishLoading()`.
 */
function fakeShopify(options: { lazy?: boolean | 'held'; throws?: boolean; answer?: unknown; loadError?: unknown; document?: Document } = {}) {
  const told: ShopifyTrackingConsent[] = [];
  const loads: unknown[] = [];
  let callbacks = 0;
  let finishLoading: () => void = () => {
    throw new Error('finishLoading: nothing is loading');
  };
  const customerPrivacy: NonNullable<ShopifyGlobal['customerPrivacy']> = {
    setTrackingConsent(consent, callback) {
      if (options.throws) throw new TypeError('customerPrivacy is broken');
      told.push(structuredClone(consent));
      setTimeout(() => {
        callbacks += 1;
        callback(options.answer);
      }, 1);
    },
  };
  const shopify: ShopifyGlobal = options.lazy
    ? {
        loadFeatures(features, callback) {
          loads.push(structuredClone(features));
          finishLoading = () => {
            if (options.loadError) return callback(options.loadError);
            shopify.customerPrivacy = customerPrivacy;
            callback();
          };
          if (options.lazy !== 'held') setTimeout(finishLoading, 5);
        },
      }
    : { customerPrivacy };
  const target: ShopifyWindow = { Shopify: shopify, document: options.document ?? document };
  return { target, told, loads, callbacks: () => callbacks, finishLoading: () => finishLoading() };
}

/**
 * The WP Consent API plugin's script: `wp_set_consent` keeps the choice (a cookie there) and
 * announces it with `wp_listen_for_consent_change`; `wp_has_consent` reads it as the plugin does.
 */
function fakeWordPress(options: { throws?: boolean; document?: Document } = {}) {
  const kept = new Map<string, WpConsentValue>();
  const told: Array<[WpConsentCategory, WpConsentValue]> = [];
  const announced: Array<Record<string, string>> = [];
  const target: WordPressWindow & { wp_has_consent(category: string): boolean } = {
    document: options.document ?? document,
    wp_set_consent(category, value) {
      if (options.throws) throw new Error('cookies are disabled');
      if (value !== 'allow' && value !== 'deny') return;
      told.push([category, value]);
      kept.set(category, value);
      announced.push({ [category]: value });
    },
    wp_has_consent(category) {
      const type = target.wp_consent_type;
      const choice = kept.get(category) ?? '';
      if (!type) return true;
      if (type.includes('optout') && choice === '') return true;
      return choice === 'allow';
    },
  };
  return { target, told, announced };
}

const ALL = 'categories="functional analytics marketing personalization"';
const everything = (value: boolean): ShopifyTrackingConsent => ({ analytics: value, marketing: value, preferences: value, sale_of_data: value });
const wp = (functional: WpConsentValue, preferences: WpConsentValue, statistics: WpConsentValue, marketing: WpConsentValue) => [
  ['functional', functional],
  ['preferences', preferences],
  ['statistics-anonymous', statistics],
  ['statistics', statistics],
  ['marketing', marketing],
];

const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

function shopifyBridge(manager: ConsentManager, target: ShopifyWindow) {
  const warn = recordWarnings();
  stops.push(bridgeToShopify(manager, { warn, target }));
  return warn;
}

function wordPressBridge(manager: ConsentManager, target: WordPressWindow) {
  const warn = recordWarnings();
  stops.push(bridgeToWordPress(manager, { warn, target }));
  return warn;
}

/** A shopper who decided on an earlier page of the same shop. */
async function returningShopper(attributes: string, decide: (manager: ConsentManager) => Promise<unknown>) {
  const store = freshIndexedDbStore();
  await decide(createTestManager({ store, config: configFrom(attributes) }).manager);
  return createTestManager({ store, config: configFrom(attributes) }).manager;
}

describe('platform="shopify": Shopify’s Customer Privacy API', () => {
  it('is told every purpose granted after Accept all, and its callback runs later without a warning', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = shopifyBridge(manager, shopify.target);
    await manager.ready;
    expect(shopify.told).to.deep.equal([]);
    await manager.acceptAll();
    expect(shopify.told).to.deep.equal([everything(true)]);
    await until(() => shopify.callbacks() === 1, 'Shopify’s callback');
    expect(warn.messages).to.deep.equal([]);
  });

  it('is told every purpose denied after Reject all', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    shopifyBridge(manager, shopify.target);
    await manager.rejectAll();
    expect(shopify.told).to.deep.equal([everything(false)]);
  });

  it('maps a custom choice: preferences only when functional and personalization are both granted', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    shopifyBridge(manager, shopify.target);
    await manager.update({ analytics: true, functional: true });
    await manager.update({ personalization: true });
    await manager.update({ functional: false, marketing: true });
    expect(shopify.told).to.deep.equal([
      { analytics: true, marketing: false, preferences: false, sale_of_data: false },
      { analytics: true, marketing: false, preferences: true, sale_of_data: false },
      { analytics: true, marketing: true, preferences: false, sale_of_data: true },
    ]);
  });

  it('counts categories the shop did not configure as denied', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({ config: configFrom('categories="analytics personalization"') });
    shopifyBridge(manager, shopify.target);
    await manager.acceptAll();
    expect(shopify.told).to.deep.equal([{ analytics: true, marketing: false, preferences: true, sale_of_data: false }]);
  });

  it('is told everything denied on a withdrawal', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    shopifyBridge(manager, shopify.target);
    await manager.acceptAll();
    await manager.withdraw();
    expect(shopify.told).to.deep.equal([everything(true), everything(false)]);
  });

  it('is told a returning shopper’s stored decision once the manager is ready, and nothing on a first visit', async () => {
    const returning = await returningShopper(ALL, (manager) => manager.update({ marketing: true }));
    const shopify = fakeShopify();
    shopifyBridge(returning, shopify.target);
    await returning.ready;
    expect(shopify.told).to.deep.equal([{ analytics: false, marketing: true, preferences: false, sale_of_data: true }]);

    const newcomer = fakeShopify();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    shopifyBridge(manager, newcomer.target);
    await manager.ready;
    expect(newcomer.told).to.deep.equal([]);
  });

  it('is told a decision made in another tab of the shop', async () => {
    const shopify = fakeShopify();
    const store = freshIndexedDbStore();
    const { manager } = createTestManager({ store, config: configFrom(ALL) });
    shopifyBridge(manager, shopify.target);
    await manager.ready;
    await createTestManager({ store, config: configFrom(ALL) }).manager.update({ analytics: true });
    void manager.adoptStored();
    await until(() => shopify.told.length > 0, 'the adopted decision');
    expect(shopify.told).to.deep.equal([{ analytics: true, marketing: false, preferences: false, sale_of_data: false }]);
  });

  it('is not told a stored decision made for another policy version', async () => {
    const store = freshIndexedDbStore();
    await createTestManager({ store, config: configFrom(`policy-version="1" ${ALL}`) }).manager.acceptAll();
    const shopify = fakeShopify();
    const { manager } = createTestManager({ store, config: configFrom(`policy-version="2" ${ALL}`) });
    shopifyBridge(manager, shopify.target);
    await manager.ready;
    expect(shopify.told).to.deep.equal([]);
  });

  it('allows sale of data only when every sale category is granted', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({
      config: configFrom('categories="analytics"', '<assent-category name="marketing" sale></assent-category><assent-category name="data_sharing" sale></assent-category>'),
    });
    shopifyBridge(manager, shopify.target);
    await manager.update({ marketing: true });
    await manager.update({ data_sharing: true });
    await manager.update({ marketing: false });
    expect(shopify.told.map((consent) => [consent.marketing, consent.sale_of_data])).to.deep.equal([
      [true, false],
      [true, true],
      [false, false],
    ]);
  });

  it('lets sale of data follow marketing when no category is marked sale', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({ config: configFrom('categories="analytics marketing"') });
    shopifyBridge(manager, shopify.target);
    await manager.update({ analytics: true });
    await manager.update({ marketing: true });
    expect(shopify.told.map((consent) => consent.sale_of_data)).to.deep.equal([false, true]);
  });

  it('keeps sale of data off under Global Privacy Control unless the shopper switches a sale category on', async () => {
    const objecting = (attributes: string, children = '') => {
      const manager = new ConsentManager({ store: freshIndexedDbStore(), warn: recordWarnings(), gpcSignal: () => true });
      manager.configure(configFrom(attributes, children));
      return manager;
    };
    const unmarked = fakeShopify();
    const withoutSale = objecting('categories="analytics marketing"');
    shopifyBridge(withoutSale, unmarked.target);
    await withoutSale.acceptAll();
    expect(unmarked.told).to.deep.equal([{ analytics: true, marketing: true, preferences: false, sale_of_data: false }]);

    const marked = fakeShopify();
    const withSale = objecting('categories="analytics"', '<assent-category name="marketing" sale></assent-category>');
    shopifyBridge(withSale, marked.target);
    await withSale.acceptAll();
    await withSale.update({ marketing: true });
    expect(marked.told.map((consent) => [consent.marketing, consent.sale_of_data])).to.deep.equal([
      [false, false],
      [true, true],
    ]);
  });

  it('loads the API with loadFeatures when the theme has not, then sends only the latest decision', async () => {
    // Held until both decisions are made: a slow machine must not let the API arrive in between.
    const shopify = fakeShopify({ lazy: 'held' });
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = shopifyBridge(manager, shopify.target);
    await manager.ready;
    expect(shopify.loads).to.deep.equal([]);
    await manager.acceptAll();
    await manager.rejectAll();
    expect(shopify.loads).to.deep.equal([[{ name: 'consent-tracking-api', version: '0.1' }]]);
    expect(shopify.told).to.deep.equal([]);
    shopify.finishLoading();
    await until(() => shopify.told.length > 0, 'the consent');
    await pause(20);
    expect(shopify.told).to.deep.equal([everything(false)]);
    await manager.acceptAll();
    expect(shopify.told).to.deep.equal([everything(false), everything(true)]);
    expect(shopify.loads).to.have.length(1);
    expect(warn.messages).to.deep.equal([]);
  });

  it('waits for the page’s own scripts before deciding that Shopify is not there', async () => {
    const doc = parsingDocument();
    const returning = await returningShopper(ALL, (manager) => manager.acceptAll());
    const target: { Shopify?: ShopifyGlobal; document: Document } = { document: doc };
    const warn = shopifyBridge(returning, target);
    await returning.ready;
    const later = fakeShopify();
    target.Shopify = later.target.Shopify;
    expect(later.told).to.deep.equal([]);
    doc.finish();
    expect(later.told).to.deep.equal([everything(true)]);
    expect(warn.messages).to.deep.equal([]);
  });

  it('warns once and does nothing else when the page has no Shopify object', async () => {
    const target: ShopifyWindow = { document };
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = shopifyBridge(manager, target);
    await manager.ready;
    await manager.acceptAll();
    await manager.rejectAll();
    expect(warn.messages).to.have.length(1);
    expect(warn.messages[0]).to.match(/^platform="shopify" but window\.Shopify\.customerPrivacy is not on the page; /);
    expect(target).to.deep.equal({ document });
  });

  it('warns once when setTrackingConsent throws, and the page keeps working', async () => {
    const shopify = fakeShopify({ throws: true });
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = shopifyBridge(manager, shopify.target);
    await manager.acceptAll();
    const state = await manager.rejectAll();
    expect(warn.messages).to.have.length(1);
    expect(warn.messages[0]).to.contain('customerPrivacy is broken');
    expect(manager.state).to.equal(state);
    expect(manager.granted('analytics')).to.equal(false);
  });

  it('warns once when Shopify answers with an error, or cannot load the API', async () => {
    const answering = fakeShopify({ answer: { error: 'consent not saved' } });
    const first = createTestManager({ config: configFrom(ALL) }).manager;
    const warnAnswer = shopifyBridge(first, answering.target);
    await first.acceptAll();
    await first.rejectAll();
    await until(() => answering.callbacks() === 2, 'both callbacks');
    expect(warnAnswer.messages).to.have.length(1);
    expect(warnAnswer.messages[0]).to.contain('consent not saved');

    const unloadable = fakeShopify({ lazy: true, loadError: new Error('feature not available') });
    const second = createTestManager({ config: configFrom(ALL) }).manager;
    const warnLoad = shopifyBridge(second, unloadable.target);
    await second.acceptAll();
    await until(() => warnLoad.messages.length > 0, 'the warning');
    await second.rejectAll();
    await pause(20);
    expect(unloadable.told).to.deep.equal([]);
    expect(warnLoad.messages).to.have.length(1);
    expect(warnLoad.messages[0]).to.contain('feature not available');
  });

  it('stops telling Shopify once stopped', async () => {
    const shopify = fakeShopify();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const stop = bridgeToShopify(manager, { warn: recordWarnings(), target: shopify.target });
    await manager.acceptAll();
    stop();
    await manager.rejectAll();
    expect(shopify.told).to.deep.equal([everything(true)]);
  });
});

describe('platform="wordpress": the WP Consent API', () => {
  it('sets every WP category after Accept all, and plugins see the consent', async () => {
    const wordPress = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = wordPressBridge(manager, wordPress.target);
    await manager.ready;
    expect(wordPress.told).to.deep.equal([]);
    await manager.acceptAll();
    expect(wordPress.told).to.deep.equal(wp('allow', 'allow', 'allow', 'allow'));
    expect(wordPress.target.wp_has_consent('marketing')).to.equal(true);
    expect(warn.messages).to.deep.equal([]);
  });

  it('denies every WP category after Reject all', async () => {
    const wordPress = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    wordPressBridge(manager, wordPress.target);
    await manager.rejectAll();
    expect(wordPress.told).to.deep.equal(wp('deny', 'deny', 'deny', 'deny'));
    expect(wordPress.target.wp_has_consent('statistics')).to.equal(false);
  });

  it('maps a custom choice category by category', async () => {
    const wordPress = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    wordPressBridge(manager, wordPress.target);
    await manager.update({ analytics: true, personalization: true });
    expect(wordPress.told).to.deep.equal(wp('deny', 'allow', 'allow', 'deny'));
    wordPress.told.length = 0;
    await manager.update({ analytics: false, functional: true, marketing: true });
    expect(wordPress.told).to.deep.equal(wp('allow', 'allow', 'deny', 'allow'));
  });

  it('denies categories the shop did not configure, but allows functional, WordPress’s necessary storage', async () => {
    const wordPress = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom('categories="analytics"') });
    wordPressBridge(manager, wordPress.target);
    await manager.acceptAll();
    expect(wordPress.told).to.deep.equal(wp('allow', 'deny', 'allow', 'deny'));
  });

  it('denies everything on a withdrawal', async () => {
    const wordPress = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    wordPressBridge(manager, wordPress.target);
    await manager.acceptAll();
    wordPress.told.length = 0;
    await manager.withdraw();
    expect(wordPress.told).to.deep.equal(wp('deny', 'deny', 'deny', 'deny'));
    expect(wordPress.target.wp_has_consent('marketing')).to.equal(false);
  });

  it('sets a returning shopper’s stored decision on ready, and only the consent type on a first visit', async () => {
    const returning = await returningShopper(ALL, (manager) => manager.update({ marketing: true }));
    const wordPress = fakeWordPress();
    wordPressBridge(returning, wordPress.target);
    await returning.ready;
    expect(wordPress.told).to.deep.equal(wp('deny', 'deny', 'deny', 'allow'));

    const newcomer = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    wordPressBridge(manager, newcomer.target);
    await manager.ready;
    expect(newcomer.told).to.deep.equal([]);
    expect(newcomer.target.wp_consent_type).to.equal('optin');
    expect(newcomer.target.wp_has_consent('statistics')).to.equal(false);
  });

  it('sets wp_consent_type from the regime in force: optout for opt-out, and for mode="auto" by region', async () => {
    const expectations: Array<[string, string]> = [
      ['mode="opt-in"', 'optin'],
      ['mode="opt-out"', 'optout'],
      ['mode="auto" region="US-CA"', 'optout'],
      ['mode="auto" region="DE"', 'optin'],
    ];
    for (const [attributes, type] of expectations) {
      const wordPress = fakeWordPress();
      const { manager } = createTestManager({ config: configFrom(`${attributes} ${ALL}`) });
      wordPressBridge(manager, wordPress.target);
      await manager.ready;
      expect(wordPress.target.wp_consent_type, attributes).to.equal(type);
    }
  });

  it('lets plugins run before a choice in opt-out, and not after Reject all', async () => {
    const wordPress = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom(`mode="opt-out" ${ALL}`) });
    wordPressBridge(manager, wordPress.target);
    await manager.ready;
    expect(wordPress.target.wp_has_consent('marketing')).to.equal(true);
    await manager.rejectAll();
    expect(wordPress.target.wp_has_consent('marketing')).to.equal(false);
  });

  it('follows a configuration change of the regime', async () => {
    const wordPress = fakeWordPress();
    const { manager } = createTestManager({ config: configFrom(`mode="opt-in" ${ALL}`) });
    wordPressBridge(manager, wordPress.target);
    await manager.ready;
    manager.configure(configFrom(`mode="opt-out" ${ALL}`));
    expect(wordPress.target.wp_consent_type).to.equal('optout');
  });

  it('leaves the announcing to wp_set_consent: Assent dispatches nothing itself', async () => {
    const doc = quietDocument();
    const wordPress = fakeWordPress({ document: doc });
    const { manager } = createTestManager({ config: configFrom(ALL) });
    wordPressBridge(manager, wordPress.target);
    await manager.acceptAll();
    expect(wordPress.announced).to.have.length(5);
    expect(doc.dispatched).to.deep.equal([]);
  });

  it('waits for the footer’s WP Consent API script before deciding it is not there', async () => {
    const doc = parsingDocument();
    const returning = await returningShopper(ALL, (manager) => manager.acceptAll());
    const target: WordPressWindow = { document: doc };
    const warn = wordPressBridge(returning, target);
    await returning.ready;
    const later = fakeWordPress({ document: doc });
    target.wp_set_consent = later.target.wp_set_consent;
    expect(later.told).to.deep.equal([]);
    doc.finish();
    expect(later.told).to.deep.equal(wp('allow', 'allow', 'allow', 'allow'));
    expect(target.wp_consent_type).to.equal('optin');
    expect(warn.messages).to.deep.equal([]);
  });

  it('warns once and sets nothing when the WP Consent API is not on the page', async () => {
    const target: WordPressWindow = { document };
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = wordPressBridge(manager, target);
    await manager.ready;
    await manager.acceptAll();
    await manager.rejectAll();
    expect(warn.messages).to.have.length(1);
    expect(warn.messages[0]).to.match(/^platform="wordpress" but window\.wp_set_consent is not on the page; /);
    expect(target).to.deep.equal({ document });
  });

  it('warns once when wp_set_consent throws, and the page keeps working', async () => {
    const wordPress = fakeWordPress({ throws: true });
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = wordPressBridge(manager, wordPress.target);
    await manager.acceptAll();
    const state = await manager.rejectAll();
    expect(warn.messages).to.have.length(1);
    expect(warn.messages[0]).to.contain('cookies are disabled');
    expect(manager.state).to.equal(state);
    expect(manager.granted('marketing')).to.equal(false);
  });
});

describe('bridgeToPlatform', () => {
  function bothPlatforms() {
    const shopify = fakeShopify();
    const wordPress = fakeWordPress();
    const target = { ...shopify.target, ...wordPress.target };
    return { shopify, wordPress, target };
  }

  it('tells only the platform the configuration names', async () => {
    for (const platform of ['shopify', 'wordpress'] as const) {
      const { shopify, wordPress, target } = bothPlatforms();
      const { manager } = createTestManager({ config: configFrom(`platform="${platform}" ${ALL}`) });
      const warn = recordWarnings();
      stops.push(bridgeToPlatform(manager, { warn, target }));
      await manager.acceptAll();
      expect(shopify.told.length, platform).to.equal(platform === 'shopify' ? 1 : 0);
      expect(wordPress.told.length, platform).to.equal(platform === 'wordpress' ? 5 : 0);
      expect(warn.messages).to.deep.equal([]);
    }
  });

  it('tells no platform, and warns about none, without the attribute', async () => {
    const { shopify, wordPress, target } = bothPlatforms();
    const { manager } = createTestManager({ config: configFrom(ALL) });
    const warn = recordWarnings();
    stops.push(bridgeToPlatform(manager, { warn, target }));
    await manager.acceptAll();
    expect(shopify.told).to.deep.equal([]);
    expect(wordPress.told).to.deep.equal([]);
    expect(warn.messages).to.deep.equal([]);
  });

  it('follows a configuration that names another platform: the new one is told the decision in force', async () => {
    const { shopify, wordPress, target } = bothPlatforms();
    const { manager } = createTestManager({ config: configFrom(`platform="shopify" ${ALL}`) });
    stops.push(bridgeToPlatform(manager, { warn: recordWarnings(), target }));
    await manager.update({ analytics: true });
    manager.configure(configFrom(`platform="wordpress" ${ALL}`));
    expect(wordPress.told).to.deep.equal(wp('deny', 'deny', 'allow', 'deny'));
    await manager.acceptAll();
    expect(shopify.told).to.have.length(1);
    expect(wordPress.told.slice(5)).to.deep.equal(wp('allow', 'allow', 'allow', 'allow'));
  });

  it('tells a returning shopper’s stored decision once ready, and stops with the returned function', async () => {
    const { shopify, target } = bothPlatforms();
    const returning = await returningShopper(`platform="shopify" ${ALL}`, (manager) => manager.acceptAll());
    const stop = bridgeToPlatform(returning, { warn: recordWarnings(), target });
    await returning.ready;
    expect(shopify.told).to.deep.equal([everything(true)]);
    stop();
    await returning.rejectAll();
    expect(shopify.told).to.have.length(1);
  });
});
