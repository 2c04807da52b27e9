import type { Report } from './problems.js';
import { safeHttpUrl } from './url.js';
import {
  CATEGORY_NAME,
  GCM_SIGNALS,
  GCM_WAIT_MS,
  LAYOUTS,
  MAX_AGE_DAYS,
  MAX_TEXT,
  MODES,
  NECESSARY,
  PLATFORMS,
  POSITIONS,
  SIGNAL_POLICIES,
  THEMES,
  VENDOR_SIGNALS,
  VENDORS,
  type CategoryConfig,
  type Config,
  type GcmSignal,
  type VendorSignal,
} from './types.js';

/** Categories with built-in, translated labels and Consent Mode defaults (docs/attributes.md, docs/signals.md). */
export const WELL_KNOWN_GCM: Readonly<Record<string, readonly GcmSignal[]>> = {
  functional: ['functionality_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  personalization: ['personalization_storage'],
};

/** The vendor signals well-known categories grant (docs/signals.md#vendor-signals). */
export const WELL_KNOWN_SIGNALS: Readonly<Record<string, readonly VendorSignal[]>> = {
  analytics: ['clarity-analytics'],
  marketing: ['uet', 'clarity-ads', 'meta', 'tiktok'],
};

/** RFC 6265 cookie-name token, with an optional trailing `*` for a prefix. */
const COOKIE_PATTERN = /^[!#$%&'+\-.^_`|~0-9A-Za-z]+\*?$/;

const NECESSARY_CATEGORY: CategoryConfig = { name: NECESSARY, gcm: ['security_storage'], signals: [], cookies: [], sale: false };

/** What a page without any `<assent-consent>` attribute gets. */
export const DEFAULT_CONFIG: Config = Object.freeze({
  policyVersion: '1',
  maxAgeDays: 180,
  mode: 'opt-in',
  googleConsentMode: false,
  gcmWait: 500,
  gcmAdsDataRedaction: false,
  gcmUrlPassthrough: false,
  signals: Object.freeze([]),
  gpc: 'respect',
  dnt: 'ignore',
  theme: 'auto',
  layout: 'bar',
  position: 'bottom',
  reloadOnWithdraw: true,
  debug: false,
  variants: Object.freeze([]),
  categories: Object.freeze([NECESSARY_CATEGORY]),
});

/**
 * Reads `<assent-consent>`'s attributes and `<assent-category>` children into one validated Config.
 * Every bad value is reported once and replaced by its default: a list keeps its good tokens, and
 * nothing optional is ever turned on by a value that could not be read. An attribute that neither
 * Assent nor HTML knows is reported too (a typo: `polciy-version`).
 */
export function readConfig(host: Element, report: Report): Config {
  const { read, flag, list, done } = attributeReader(host, report);
  const lang = read('lang', LANGUAGE, undefined);
  const config: Config = {
    policyVersion: read('policy-version', text(MAX_TEXT), DEFAULT_CONFIG.policyVersion),
    maxAgeDays: read('max-age-days', wholeNumber(MAX_AGE_DAYS.min, MAX_AGE_DAYS.max), DEFAULT_CONFIG.maxAgeDays),
    privacyUrl: read('privacy-url', safeHttpUrl, undefined),
    endpoint: read('endpoint', safeHttpUrl, undefined),
    lang: lang?.toLowerCase() === 'auto' ? undefined : lang,
    mode: read('mode', oneOf(MODES), DEFAULT_CONFIG.mode),
    googleConsentMode: flag('google-consent-mode'),
    gcmWait: read('gcm-wait', wholeNumber(GCM_WAIT_MS.min, GCM_WAIT_MS.max), DEFAULT_CONFIG.gcmWait),
    gcmAdsDataRedaction: flag('gcm-ads-data-redaction'),
    gcmUrlPassthrough: flag('gcm-url-passthrough'),
    signals: list('signals', isOneOf(VENDORS)),
    gpc: read('gpc', oneOf(SIGNAL_POLICIES), DEFAULT_CONFIG.gpc),
    dnt: read('dnt', oneOf(SIGNAL_POLICIES), DEFAULT_CONFIG.dnt),
    region: read('region', REGION, undefined)?.toUpperCase(),
    subject: read('subject', SUBJECT, undefined),
    platform: read('platform', oneOf(PLATFORMS), undefined),
    theme: read('theme', oneOf(THEMES), DEFAULT_CONFIG.theme),
    layout: read('layout', oneOf(LAYOUTS), DEFAULT_CONFIG.layout),
    position: read('position', oneOf(POSITIONS), DEFAULT_CONFIG.position),
    cookieDomain: read('cookie-domain', hostOrParentOf(location.hostname), undefined),
    reloadOnWithdraw: read('reload-on-withdraw', BOOLEAN, DEFAULT_CONFIG.reloadOnWithdraw),
    debug: flag('debug'),
    variant: read('variant', VARIANT, undefined),
    variants: list('variants', (token) => VARIANT(token) !== undefined),
    categories: readCategories(host, list('categories', isCategoryName), report),
  };
  done();
  return config;
}

function readCategories(host: Element, named: readonly string[], report: Report): CategoryConfig[] {
  const byName = new Map<string, CategoryConfig>([[NECESSARY, NECESSARY_CATEGORY]]);
  for (const name of named) {
    if (name !== NECESSARY) byName.set(name, wellKnownDefaults(name));
  }
  const refined = new Set<string>();
  for (const element of host.querySelectorAll(':scope > assent-category')) {
    const category = readCategoryElement(element, report);
    if (!category) continue;
    if (refined.has(category.name)) {
      report({ code: 'repeated-category', element });
      continue;
    }
    refined.add(category.name);
    // Only the texts and the declared cookies of `necessary` can change; it is always on.
    byName.set(category.name, category.name === NECESSARY ? { ...NECESSARY_CATEGORY, label: category.label, description: category.description, cookies: category.cookies } : category);
  }
  return [...byName.values()];
}

function readCategoryElement(element: Element, report: Report): CategoryConfig | undefined {
  const name = element.getAttribute('name')?.trim() ?? '';
  if (!isCategoryName(name)) {
    report({ code: 'invalid-category-name', element });
    return undefined;
  }
  const { read, flag, list, done } = attributeReader(element, report);
  const category: CategoryConfig = {
    name,
    label: read('label', text(MAX_TEXT), undefined),
    description: read('description', text(2 * MAX_TEXT), undefined),
    gcm: element.hasAttribute('gcm') ? list('gcm', isGcmSignal) : wellKnownDefaults(name).gcm,
    signals: element.hasAttribute('signals') ? list('signals', isOneOf(VENDOR_SIGNALS)) : wellKnownDefaults(name).signals,
    cookies: list('cookies', (token) => COOKIE_PATTERN.test(token)),
    sale: flag('sale'),
  };
  done('name', 'gcm', 'signals');
  return category;
}

function wellKnownDefaults(name: string): CategoryConfig {
  return { name, gcm: WELL_KNOWN_GCM[name] ?? [], signals: WELL_KNOWN_SIGNALS[name] ?? [], cookies: [], sale: false };
}

function isCategoryName(token: string): boolean {
  return CATEGORY_NAME.test(token);
}

function isGcmSignal(token: string): token is GcmSignal {
  return (GCM_SIGNALS as readonly string[]).includes(token);
}

function isOneOf<T extends string>(allowed: readonly T[]): (token: string) => token is T {
  return (token): token is T => (allowed as readonly string[]).includes(token);
}

/**
 * How one attribute's value is read: the value when it is valid, else undefined. What a valid
 * value looks like is said by the warning's text (core/problem-texts.ts), by attribute.
 */
type Rule<T> = (value: string) => T | undefined;

const oneOf =
  <T extends string>(allowed: readonly T[]): Rule<T> =>
  (value) =>
    allowed.find((candidate) => candidate === value.toLowerCase());

const matching =
  (pattern: RegExp): Rule<string> =>
  (value) =>
    pattern.test(value) ? value : undefined;

const wholeNumber =
  (min: number, max: number): Rule<number> =>
  (value) =>
    /^\d+$/.test(value) && +value >= min && +value <= max ? +value : undefined;

const text =
  (maxLength: number): Rule<string> =>
  (value) =>
    value && value.length <= maxLength ? value : undefined;

const BOOLEAN: Rule<boolean> = (value) => ({ '': true, true: true, false: false })[value.toLowerCase() as '' | 'true' | 'false'];
/** An opaque, unguessable token for a signed-in shopper, as the reference endpoint accepts it. */
const SUBJECT = matching(/^[A-Za-z0-9._~+/=-]{22,256}$/);
const LANGUAGE = matching(/^(auto|[a-z]{2,3}(-[a-z0-9]{1,8})*)$/i);
const REGION = matching(/^[a-z]{2}(-[a-z0-9]{1,3})?$/i);
/** An opaque presentation variant, as the endpoint takes it: 1–32 of `A–Z a–z 0–9 . _ -`. */
const VARIANT = matching(/^[A-Za-z0-9._-]{1,32}$/);

/** The page's host or a parent domain of it: the browser refuses a cookie for any other. */
const hostOrParentOf =
  (hostname: string): Rule<string> =>
  (value) => {
    const domain = value.replace(/^\./, '').toLowerCase();
    return domain && (hostname === domain || hostname.endsWith(`.${domain}`)) ? domain : undefined;
  };

/** Attributes every HTML element may carry, and the page's own `data-`, `aria-` and event handler attributes. */
const GLOBAL_ATTRIBUTE = /^(id|class|style|slot|part|exportparts|hidden|inert|title|dir|lang|tabindex|role|translate|nonce|(data|aria)-.*|on.*)$/;

/**
 * Reads one element's attributes by rule; an absent attribute gives the fallback silently. `done`
 * reports the attributes that were not read.
 */
function attributeReader(element: Element, report: Report) {
  const known: string[] = [];
  const attribute = (name: string) => (known.push(name), element.getAttribute(name));
  return {
    read<T, F extends T | undefined>(name: string, rule: Rule<T>, fallback: F): T | F {
      const raw = attribute(name);
      if (raw === null) return fallback;
      const value = rule(raw.trim());
      if (value !== undefined) return value;
      report({ code: 'invalid-value', element, attribute: name, value: raw, fallback: fallback as string | number | boolean | undefined });
      return fallback;
    },
    /** A boolean attribute: present means on, except the explicit value "false". */
    flag(name: string): boolean {
      const value = attribute(name);
      return value !== null && value.trim().toLowerCase() !== 'false';
    },
    /** A space-separated list: bad tokens are dropped one by one, a repeated one is kept once. */
    list<T extends string>(name: string, isValid: ((token: string) => token is T) | ((token: string) => boolean)): T[] {
      const kept: T[] = [];
      for (const token of (attribute(name) ?? '').split(/\s+/).filter(Boolean)) {
        if (!isValid(token)) report({ code: 'invalid-token', element, attribute: name, value: token });
        else if (kept.includes(token as T)) report({ code: 'repeated-token', element, attribute: name, value: token });
        else kept.push(token as T);
      }
      return kept;
    },
    done(...alsoKnown: string[]): void {
      known.push(...alsoKnown);
      for (const name of element.getAttributeNames()) {
        if (!known.includes(name) && !GLOBAL_ATTRIBUTE.test(name)) report({ code: 'unknown-attribute', element, attribute: name, known });
      }
    },
  };
}
