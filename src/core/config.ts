import { safeHttpUrl } from './url.js';
import {
  GCM_SIGNALS,
  LAYOUTS,
  MODES,
  NECESSARY,
  PLATFORMS,
  POSITIONS,
  SIGNAL_POLICIES,
  THEMES,
  type CategoryConfig,
  type Config,
  type GcmSignal,
  type Warn,
} from './types.js';

/** Categories with built-in, translated labels and Consent Mode defaults (CONTRACT §2, §6). */
export const WELL_KNOWN_GCM: Readonly<Record<string, readonly GcmSignal[]>> = {
  functional: ['functionality_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  personalization: ['personalization_storage'],
};

export const MAX_AGE_DAYS = { min: 1, max: 395, default: 180 } as const;
const CATEGORY_NAME = /^[a-z][a-z0-9_-]*$/;
/** RFC 6265 cookie-name token, with an optional trailing `*` for a prefix. */
const COOKIE_PATTERN = /^[!#$%&'+\-.^_`|~0-9A-Za-z]+\*?$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
const REGION = /^[a-z]{2}(-[a-z0-9]{1,3})?$/i;
const MAX_TEXT = 256;

const NECESSARY_CATEGORY: CategoryConfig = { name: NECESSARY, gcm: ['security_storage'], cookies: [], sale: false };

/** What a page without any `<assent-consent>` attribute gets. */
export const DEFAULT_CONFIG: Config = Object.freeze({
  policyVersion: '1',
  maxAgeDays: MAX_AGE_DAYS.default,
  mode: 'opt-in',
  googleConsentMode: false,
  gpc: 'respect',
  dnt: 'ignore',
  theme: 'auto',
  layout: 'bar',
  position: 'bottom',
  categories: Object.freeze([NECESSARY_CATEGORY]),
});

/**
 * Reads `<assent-consent>`'s attributes and `<assent-category>` children into one validated Config.
 * Every bad value is reported once through `warn` and replaced by its default: a list keeps its
 * good tokens, and nothing optional is ever turned on by a value that could not be read.
 */
export function readConfig(host: Element, warn: Warn): Config {
  const read = new AttributeReader(host, warn);
  return {
    policyVersion: read.text('policy-version', MAX_TEXT) ?? DEFAULT_CONFIG.policyVersion,
    maxAgeDays: read.integer('max-age-days', MAX_AGE_DAYS),
    privacyUrl: read.url('privacy-url'),
    endpoint: read.url('endpoint'),
    lang: read.pattern('lang', LANGUAGE_TAG, 'a BCP 47 language tag or "auto"', ['auto']),
    mode: read.oneOf('mode', MODES, DEFAULT_CONFIG.mode),
    googleConsentMode: read.flag('google-consent-mode'),
    gpc: read.oneOf('gpc', SIGNAL_POLICIES, DEFAULT_CONFIG.gpc),
    dnt: read.oneOf('dnt', SIGNAL_POLICIES, DEFAULT_CONFIG.dnt),
    region: read.pattern('region', REGION, 'an ISO 3166 code such as DE or US-CA')?.toUpperCase(),
    subject: read.text('subject', MAX_TEXT),
    platform: read.oneOf('platform', PLATFORMS, undefined),
    theme: read.oneOf('theme', THEMES, DEFAULT_CONFIG.theme),
    layout: read.oneOf('layout', LAYOUTS, DEFAULT_CONFIG.layout),
    position: read.oneOf('position', POSITIONS, DEFAULT_CONFIG.position),
    categories: readCategories(host, warn),
  };
}

function readCategories(host: Element, warn: Warn): CategoryConfig[] {
  const byName = new Map<string, CategoryConfig>([[NECESSARY, NECESSARY_CATEGORY]]);
  for (const name of new AttributeReader(host, warn).list('categories', isCategoryName, 'category name')) {
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
    warn(`<assent-category name=${JSON.stringify(name)}> is not a valid category name ([a-z][a-z0-9_-]*); the category is ignored.`);
    return undefined;
  }
  const read = new AttributeReader(element, warn);
  const defaults = wellKnownDefaults(name);
  return {
    name,
    label: read.text('label', MAX_TEXT),
    description: read.text('description', 2 * MAX_TEXT),
    gcm: element.hasAttribute('gcm') ? read.list('gcm', isGcmSignal, 'Consent Mode signal') : defaults.gcm,
    cookies: read.list('cookies', (token) => COOKIE_PATTERN.test(token), 'cookie name'),
    sale: read.flag('sale'),
  };
}

function wellKnownDefaults(name: string): CategoryConfig {
  return { name, gcm: WELL_KNOWN_GCM[name] ?? [], cookies: [], sale: false };
}

function isCategoryName(token: string): boolean {
  return CATEGORY_NAME.test(token);
}

function isGcmSignal(token: string): token is GcmSignal {
  return (GCM_SIGNALS as readonly string[]).includes(token);
}

/** Reads one element's attributes, each with its own rule, warning in one voice. */
class AttributeReader {
  readonly #element: Element;
  readonly #warn: Warn;

  constructor(element: Element, warn: Warn) {
    this.#element = element;
    this.#warn = warn;
  }

  text(name: string, maxLength: number): string | undefined {
    const value = this.#element.getAttribute(name)?.trim();
    if (value === undefined) return undefined;
    if (value === '' || value.length > maxLength) {
      this.#reject(name, value, `must be 1–${maxLength} characters`, 'the default');
      return undefined;
    }
    return value;
  }

  integer(name: string, range: { min: number; max: number; default: number }): number {
    const value = this.#element.getAttribute(name);
    if (value === null) return range.default;
    const number = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (number >= range.min && number <= range.max) return number;
    this.#reject(name, value, `must be a whole number from ${range.min} to ${range.max}`, String(range.default));
    return range.default;
  }

  url(name: string): string | undefined {
    const value = this.#element.getAttribute(name);
    if (value === null) return undefined;
    const url = safeHttpUrl(value);
    if (url === undefined) this.#reject(name, value, 'must be an http(s) or relative URL', 'none');
    return url;
  }

  oneOf<T extends string, F extends T | undefined>(name: string, allowed: readonly T[], fallback: F): T | F {
    const value = this.#element.getAttribute(name);
    if (value === null) return fallback;
    const normalized = value.trim().toLowerCase();
    if ((allowed as readonly string[]).includes(normalized)) return normalized as T;
    this.#reject(name, value, `is not one of ${allowed.join(', ')}`, fallback ?? 'none');
    return fallback;
  }

  pattern(name: string, pattern: RegExp, expected: string, meansAbsent: readonly string[] = []): string | undefined {
    const value = this.#element.getAttribute(name)?.trim();
    if (value === undefined || meansAbsent.includes(value.toLowerCase())) return undefined;
    if (pattern.test(value)) return value;
    this.#reject(name, value, `is not ${expected}`, 'none');
    return undefined;
  }

  /** A boolean attribute: present means on, except the explicit value "false". */
  flag(name: string): boolean {
    const value = this.#element.getAttribute(name);
    return value !== null && value.trim().toLowerCase() !== 'false';
  }

  /** A space-separated list: bad tokens are dropped one by one, duplicates once. */
  list<T extends string>(name: string, isValid: (token: string) => token is T, what: string): T[];
  list(name: string, isValid: (token: string) => boolean, what: string): string[];
  list(name: string, isValid: (token: string) => boolean, what: string): string[] {
    const tokens = (this.#element.getAttribute(name) ?? '').split(/\s+/).filter(Boolean);
    const kept: string[] = [];
    for (const token of tokens) {
      if (!isValid(token)) this.#warn(`${this.#describe(name, token)}: ${JSON.stringify(token)} is not a valid ${what}; it is ignored.`);
      else if (kept.includes(token)) this.#warn(`${this.#describe(name, token)}: ${JSON.stringify(token)} is listed twice; it is used once.`);
      else kept.push(token);
    }
    return kept;
  }

  #reject(name: string, value: string, problem: string, fallback: string): void {
    this.#warn(`${this.#describe(name, value)} ${problem}; using ${fallback === 'none' || fallback === 'the default' ? fallback : JSON.stringify(fallback)}.`);
  }

  #describe(name: string, value: string): string {
    const tag = this.#element.localName;
    const categoryName = tag === 'assent-category' ? ` name="${this.#element.getAttribute('name') ?? ''}"` : '';
    return `<${tag}${categoryName} ${name}=${JSON.stringify(value)}>`;
  }
}
