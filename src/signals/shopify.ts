import type { ConsentManager, ConsentSnapshot } from '../core/consent.js';
import type { Warn } from '../core/types.js';
import { warnOncePerKind } from '../core/warn.js';

/** What Shopify's Customer Privacy API takes (shopify.dev/docs/api/customer-privacy). */
export interface ShopifyTrackingConsent {
  readonly analytics: boolean;
  readonly marketing: boolean;
  readonly preferences: boolean;
  readonly sale_of_data: boolean;
}

/** The part of `window.Shopify` Assent uses. */
export interface ShopifyGlobal {
  customerPrivacy?: {
    setTrackingConsent(consent: ShopifyTrackingConsent, callback: (result?: unknown) => void): void;
  };
  /** Loads `customerPrivacy`; the callback gets an error, or nothing once it is there. */
  loadFeatures?(features: ReadonlyArray<{ readonly name: string; readonly version: string }>, callback: (error?: unknown) => void): void;
}

/** The window, or a stand-in for it in tests. */
export interface ShopifyWindow {
  readonly Shopify?: ShopifyGlobal;
  readonly document: Document;
}

export interface ShopifyBridgeOptions {
  readonly warn: Warn;
  readonly target?: ShopifyWindow;
}

const CONSENT_FEATURE = [{ name: 'consent-tracking-api', version: '0.1' }] as const;

/**
 * Shopify's four purposes from the grants. A category the shop did not configure counts as
 * denied; `preferences` needs every configured one of `functional` and `personalization`;
 * `sale_of_data` needs every `sale` category, or, when none is marked `sale`, follows `marketing`
 * unless the browser objects (GPC): then nothing the shopper switched on says "sale".
 */
export function shopifyConsentOf(snapshot: Pick<ConsentSnapshot, 'config' | 'grants' | 'objection'>): ShopifyTrackingConsent {
  const { config, grants } = snapshot;
  const allGranted = (names: readonly string[]) => names.length > 0 && names.every((name) => grants[name] === true);
  const configured = config.categories.map((category) => category.name);
  const sale = config.categories.filter((category) => category.sale).map((category) => category.name);
  const marketing = grants.marketing === true;
  return {
    analytics: grants.analytics === true,
    marketing,
    preferences: allGranted(configured.filter((name) => name === 'functional' || name === 'personalization')),
    sale_of_data: sale.length > 0 ? allGranted(sale) : marketing && !snapshot.objection,
  };
}

/**
 * Tells Shopify's Customer Privacy API every decision, and a stored one in force once the
 * manager is ready, loading the API with `Shopify.loadFeatures` when the theme has not; only the
 * latest decision is sent once the API is there. Assent runs first in `<head>`, so Shopify is
 * looked for until the page is parsed. A page without it, or an API that fails, gets one warning
 * each and nothing thrown. Returns the function that stops it.
 */
export function bridgeToShopify(manager: ConsentManager, options: ShopifyBridgeOptions): () => void {
  const host: ShopifyWindow = options.target ?? window;
  const warnOnce = warnOncePerKind<'missing' | 'failed'>(options.warn);
  /** The latest decision Shopify has not been told yet. */
  let pending: ShopifyTrackingConsent | undefined;
  /** Loading the API, or waiting for the page's own scripts. */
  let busy = false;
  let stopped = false;

  const failed = (what: string, error: unknown) =>
    warnOnce('failed', `Shopify's ${what} failed (${describe(error)}); Shopify keeps the consent it had.`);

  const missing = () => {
    pending = undefined;
    warnOnce(
      'missing',
      'platform="shopify" but window.Shopify.customerPrivacy is not on the page; Shopify is not told of decisions. Turn on the Customer Privacy API in the theme, or remove the attribute.',
    );
  };

  const send = () => {
    const privacy = host.Shopify?.customerPrivacy;
    if (!pending || !privacy) return;
    const consent = { ...pending };
    pending = undefined;
    try {
      privacy.setTrackingConsent(consent, (result) => {
        if (isFailure(result)) failed('setTrackingConsent', result.error);
      });
    } catch (error) {
      failed('setTrackingConsent', error);
    }
  };

  const load = (shopify: ShopifyGlobal) => {
    busy = true;
    const loaded = (error?: unknown) => {
      busy = false;
      if (stopped) return;
      if (error) failed('loadFeatures', error);
      else if (host.Shopify?.customerPrivacy) send();
      else missing();
    };
    try {
      shopify.loadFeatures!(CONSENT_FEATURE, loaded);
    } catch (error) {
      loaded(error);
    }
  };

  const parsed = () => {
    busy = false;
    deliver();
  };

  const deliver = () => {
    if (stopped) return;
    const shopify = host.Shopify;
    if (typeof shopify?.customerPrivacy?.setTrackingConsent === 'function') return send();
    if (busy) return;
    if (typeof shopify?.loadFeatures === 'function') {
      if (pending) load(shopify);
    } else if (host.document.readyState === 'loading') {
      busy = true;
      host.document.addEventListener('DOMContentLoaded', parsed, { once: true });
    } else missing();
  };

  const follow = (snapshot: ConsentSnapshot) => {
    if (snapshot.state) pending = shopifyConsentOf(snapshot);
    deliver();
  };
  const unsubscribe = manager.subscribe((event, snapshot) => {
    if (event.type === 'ready' || event.type === 'decision') follow(snapshot);
  });
  if (manager.snapshot.ready) follow(manager.snapshot);
  return () => {
    stopped = true;
    unsubscribe();
    host.document.removeEventListener('DOMContentLoaded', parsed);
  };
}

function isFailure(result: unknown): result is { error: unknown } {
  return typeof result === 'object' && result !== null && 'error' in result && Boolean(result.error);
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unreadable error';
  }
}
