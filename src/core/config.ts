import { safeHttpUrl } from './url.js';
import {
  CATEGORY_NAME,
  GCM_SIGNALS,
  LAYOUTS,
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
  type Warn,
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

const MAX_AGE_DAYS = { min: 1, max: 395 } as const;
/** RFC 6265 cookie-name token, with an optional trailing `*` for a prefix. */
const COOKIE_PATTERN = /^[!#$%&'+\-.^_`|~0-9A-Za-z]+\*?$/;
const MAX_TEXT = 256;

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
  categories: Object.freeze([NECESSARY_CATEGORY]),
});

/**
 * Reads `<assent-consent>`'s attributes and `<assent-category>` children into one validated Config.
 * Every bad value is reported once through `warn` and replaced by its default: a list keeps its
 * good tokens, and nothing optional is ever turned on by a value that could not be read.
 */
export function readConfig(host: Element, warn: Warn): Config {
  const read = attributeReader(host, warn);
  const lang = read('lang', LANGUAGE, undefined);
  return {
    policyVersion: read('policy-version', text(MAX_TEXT), DEFAULT_CONFIG.policyVersion),
    maxAgeDays: read('max-age-days', wholeNumber(MAX_AGE_DAYS.min, MAX_AGE_DAYS.max), DEFAULT_CONFIG.maxAgeDays),
    privacyUrl: read('privacy-url', HTTP_URL, undefined),
    endpoint: read('endpoint', HTTP_URL, undefined),
    lang: lang?.toLowerCase() === 'auto' ? undefined : lang,
    mode: read('mode', oneOf(MODES), DEFAULT_CONFIG.mode),
    googleConsentMode: flag(host, 'google-consent-mode'),
    gcmWait: read('gcm-wait', wholeNumber(0, 10_000), DEFAULT_CONFIG.gcmWait),
    gcmAdsDataRedaction: flag(host, 'gcm-ads-data-redaction'),
    gcmUrlPassthrough: flag(host, 'gcm-url-passthrough'),
    signals: readList(host, 'signals', isOneOf(VENDORS), `vendor (${VENDORS.join(', ')})`, warn),
    gpc: read('gpc', oneOf(SIGNAL_POLICIES), DEFAULT_CONFIG.gpc),
    dnt: read('dnt', oneOf(SIGNAL_POLICIES), DEFAULT_CONFIG.dnt),
    region: read('region', REGION, undefined)?.toUpperCase(),
    subject: read('subject', SUBJECT, undefined),
    platform: read('platform', oneOf(PLATFORMS), undefined),
    theme: read('theme', oneOf(THEMES), DEFAULT_CONFIG.theme),
    layout: read('layout', oneOf(LAYOUTS), DEFAULT_CONFIG.layout),
    position: read('position', oneOf(POSITIONS), DEFAULT_CONFIG.position),
    reloadOnWithdraw: read('reload-on-withdraw', BOOLEAN, DEFAULT_CONFIG.reloadOnWithdraw),
    categories: readCategories(host, warn),
  };
}

function readCategories(host: Element, warn: Warn): CategoryConfig[] {
  const byName = new Map<string, CategoryConfig>([[NECESSARY, NECESSARY_CATEGORY]]);
  for (const name of readList(host, 'categories', isCategoryName, 'category name', warn)) {
    if (name !== NECESSARY) byName.set(name, wellKnownDefaults(name));
  }
  const refined = new Set<string>();
  for (const child of host.querySelectorAll(':scope > assent-category')) {
    const category = readCategoryElement(child, warn);
    if (!category) continue;
    if (refined.has(category.name)) {
      warn(`<assent-category name="${category.name}"> appears twice; the first one is used.`);
      continue;
    }
    refined.add(category.name);
    byName.set(category.name, category.name === NECESSARY ? { ...NECESSARY_CATEGORY, label: category.label, description: category.description } : category);
  }
  return [...byName.values()];
}

function readCategoryElement(element: Element, warn: Warn): CategoryConfig | undefined {
  const name = element.getAttribute('name')?.trim() ?? '';
  if (!isCategoryName(name)) {
    warn(`<assent-category name=${JSON.stringify(name)}> is not a valid category name; the category is ignored.`);
    return undefined;
  }
  const read = attributeReader(element, warn);
  return {
    name,
    label: read('label', text(MAX_TEXT), undefined),
    description: read('description', text(2 * MAX_TEXT), undefined),
    gcm: element.hasAttribute('gcm') ? readList(element, 'gcm', isGcmSignal, 'Consent Mode signal', warn) : wellKnownDefaults(name).gcm,
    signals: element.hasAttribute('signals')
      ? readList(element, 'signals', isOneOf(VENDOR_SIGNALS), `vendor signal (${VENDOR_SIGNALS.join(', ')})`, warn)
      : wellKnownDefaults(name).signals,
    cookies: readList(element, 'cookies', (token) => COOKIE_PATTERN.test(token), 'cookie name', warn),
    sale: flag(element, 'sale'),
  };
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

/** How one attribute's value is checked, and what the warning says was expected. */
interface Rule<T> {
  readonly expected: string;
  /** The value when it is valid, else undefined. */
  parse(value: string): T | undefined;
}

const oneOf = <T extends string>(allowed: readonly T[]): Rule<T> => ({
  expected: `one of ${allowed.join(', ')}`,
  parse: (value) => allowed.find((candidate) => candidate === value.toLowerCase()),
});

const matching = (pattern: RegExp, expected: string): Rule<string> => ({
  expected,
  parse: (value) => (pattern.test(value) ? value : undefined),
});

const wholeNumber = (min: number, max: number): Rule<number> => ({
  expected: `a whole number from ${min} to ${max}`,
  parse: (value) => (/^\d+$/.test(value) && +value >= min && +value <= max ? +value : undefined),
});

const text = (maxLength: number): Rule<string> => ({
  expected: `1 to ${maxLength} characters`,
  parse: (value) => (value && value.length <= maxLength ? value : undefined),
});

const BOOLEAN: Rule<boolean> = {
  expected: 'true or false',
  parse: (value) => ({ '': true, true: true, false: false })[value.toLowerCase() as '' | 'true' | 'false'],
};
const HTTP_URL: Rule<string> = { expected: 'an http(s) or relative URL', parse: safeHttpUrl };
/** An opaque, unguessable token for a signed-in shopper, as the reference endpoint accepts it. */
const SUBJECT = matching(/^[A-Za-z0-9._~+/=-]{22,256}$/, 'an opaque token of 22 to 256 characters (A–Z, a–z, 0–9 and ._~+/=-), such as an HMAC of the customer id');
const LANGUAGE = matching(/^(auto|[a-z]{2,3}(-[a-z0-9]{1,8})*)$/i, 'a BCP 47 language tag or auto');
const REGION = matching(/^[a-z]{2}(-[a-z0-9]{1,3})?$/i, 'an ISO 3166 code such as DE or US-CA');

/** Reads one element's attributes by rule; an absent attribute gives the fallback silently. */
function attributeReader(element: Element, warn: Warn) {
  return <T, F extends T | undefined>(name: string, rule: Rule<T>, fallback: F): T | F => {
    const raw = element.getAttribute(name);
    if (raw === null) return fallback;
    const value = rule.parse(raw.trim());
    if (value !== undefined) return value;
    warn(`${describe(element, name, raw)} is invalid (expected ${rule.expected}); using ${fallback === undefined ? 'none' : JSON.stringify(fallback)}.`);
    return fallback;
  };
}

/** A boolean attribute: present means on, except the explicit value "false". */
function flag(element: Element, name: string): boolean {
  const value = element.getAttribute(name);
  return value !== null && value.trim().toLowerCase() !== 'false';
}

/** A space-separated list: bad tokens are dropped one by one, a repeated one is kept once. */
function readList<T extends string>(element: Element, name: string, isValid: (token: string) => token is T, what: string, warn: Warn): T[];
function readList(element: Element, name: string, isValid: (token: string) => boolean, what: string, warn: Warn): string[];
function readList(element: Element, name: string, isValid: (token: string) => boolean, what: string, warn: Warn): string[] {
  const kept: string[] = [];
  for (const token of (element.getAttribute(name) ?? '').split(/\s+/).filter(Boolean)) {
    if (!isValid(token)) warn(`${describe(element, name, token)} is not a valid ${what}; it is ignored.`);
    else if (kept.includes(token)) warn(`${describe(element, name, token)} is listed twice; it is used once.`);
    else kept.push(token);
  }
  return kept;
}

function describe(element: Element, name: string, value: string): string {
  const tag = element.localName;
  const category = tag === 'assent-category' ? ` name="${element.getAttribute('name') ?? ''}"` : '';
  return `<${tag}${category} ${name}=${JSON.stringify(value)}>`;
}
