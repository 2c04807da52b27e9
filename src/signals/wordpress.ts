import type { ConsentManager, ConsentSnapshot } from '../core/consent.js';
import type { Config, Warn } from '../core/types.js';
import { warnOncePerKind } from '../core/warn.js';

/** The WP Consent API's categories, in the order Assent sets them. */
export const WP_CONSENT_CATEGORIES = ['functional', 'preferences', 'statistics-anonymous', 'statistics', 'marketing'] as const;
export type WpConsentCategory = (typeof WP_CONSENT_CATEGORIES)[number];
export type WpConsentValue = 'allow' | 'deny';
/** `optin`: a category without a choice is denied; `optout`: it is allowed. */
export type WpConsentType = 'optin' | 'optout';

/** The globals of the WP Consent API plugin (wordpress.org/plugins/wp-consent-api). */
export interface WordPressWindow {
  wp_set_consent?: (category: WpConsentCategory, value: WpConsentValue) => void;
  wp_consent_type?: string;
  readonly document: Document;
}

export interface WordPressBridgeOptions {
  readonly warn: Warn;
  readonly target?: WordPressWindow;
}

/**
 * The WP Consent API's categories from the grants: `statistics` and `statistics-anonymous` from
 * `analytics` (an anonymous measure is a narrower purpose than the one the shopper answered),
 * `marketing` from `marketing`, `preferences` from `personalization`, `functional` from
 * `functional`. A category the shop did not configure is denied, except `functional`: there it
 * means WordPress's strictly necessary storage, which Assent's `necessary` always allows.
 */
export function wpConsentOf(config: Config, grants: Readonly<Record<string, boolean>>): Record<WpConsentCategory, WpConsentValue> {
  const value = (granted: boolean): WpConsentValue => (granted ? 'allow' : 'deny');
  const hasFunctional = config.categories.some((category) => category.name === 'functional');
  return {
    functional: value(!hasFunctional || grants.functional === true),
    preferences: value(grants.personalization === true),
    'statistics-anonymous': value(grants.analytics === true),
    statistics: value(grants.analytics === true),
    marketing: value(grants.marketing === true),
  };
}

/** The regime in force (for `mode="auto"`, the shopper's region's) in the WP Consent API's words. */
export function wpConsentTypeOf(snapshot: Pick<ConsentSnapshot, 'mode'>): WpConsentType {
  return snapshot.mode === 'opt-out' ? 'optout' : 'optin';
}

/**
 * Keeps the WP Consent API (WooCommerce, Site Kit and other plugins read it) in step: sets
 * `window.wp_consent_type` once the manager is ready (and again when the regime changes), and calls
 * `wp_set_consent(category, 'allow' | 'deny')` for every category after each decision and for a
 * stored one in force. `wp_set_consent` announces each change itself; Assent dispatches nothing.
 * Without the API (it loads in the page's footer, so Assent waits for the page to be parsed) one
 * warning, and nothing set. Returns the function that stops it.
 */
export function bridgeToWordPress(manager: ConsentManager, options: WordPressBridgeOptions): () => void {
  const host: WordPressWindow = options.target ?? window;
  const warnOnce = warnOncePerKind<'missing' | 'failed'>(options.warn);
  /** The latest snapshot to apply, and whether it carries a decision to tell. */
  let pending: { snapshot: ConsentSnapshot; decision: boolean } | undefined;
  let waiting = false;

  const apply = () => {
    if (!pending || waiting) return;
    const setConsent = host.wp_set_consent;
    if (typeof setConsent !== 'function') {
      if (host.document.readyState === 'loading') {
        waiting = true;
        host.document.addEventListener('DOMContentLoaded', parsed, { once: true });
        return;
      }
      pending = undefined;
      warnOnce('missing', 'platform="wordpress" but window.wp_set_consent is not on the page; WordPress plugins are not told of decisions. Activate the WP Consent API plugin, or remove the attribute.');
      return;
    }
    const { snapshot, decision } = pending;
    pending = undefined;
    host.wp_consent_type = wpConsentTypeOf(snapshot);
    if (!decision) return;
    for (const [category, value] of Object.entries(wpConsentOf(snapshot.config, snapshot.grants)) as Array<[WpConsentCategory, WpConsentValue]>) {
      try {
        host.wp_set_consent!(category, value);
      } catch (error) {
        warnOnce('failed', `wp_set_consent("${category}", "${value}") failed (${describe(error)}); WordPress plugins may not see the decision.`);
      }
    }
  };
  const parsed = () => {
    waiting = false;
    apply();
  };

  const follow = (snapshot: ConsentSnapshot, decision: boolean) => {
    // A decision told earlier stays told until the next one: a later update only resets the type.
    pending = { snapshot, decision: decision || pending?.decision === true };
    apply();
  };
  const unsubscribe = manager.subscribe((event, snapshot) => {
    if (!snapshot.ready) return;
    if (event.type === 'decision') follow(snapshot, true);
    else if (event.type === 'ready') follow(snapshot, snapshot.state !== null);
    else if (wpConsentTypeOf(snapshot) !== host.wp_consent_type) follow(snapshot, false);
  });
  if (manager.snapshot.ready) follow(manager.snapshot, manager.snapshot.state !== null);
  return () => {
    unsubscribe();
    pending = undefined;
    host.document.removeEventListener('DOMContentLoaded', parsed);
  };
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unreadable error';
  }
}
