import { closest } from './edit-distance.js';
import { CONSENT_ATTRIBUTE, runsAsScript } from './gated-elements.js';
import type { Problem } from './problems.js';
import {
  ASSENT_ELEMENTS,
  CATEGORY_NAME,
  GCM_SIGNALS,
  GCM_WAIT_MS,
  LAYOUTS,
  MAX_AGE_DAYS,
  MAX_TEXT,
  MODES,
  PLATFORMS,
  POSITIONS,
  SIGNAL_POLICIES,
  THEMES,
  VENDOR_SIGNALS,
  VENDORS,
} from './types.js';

// The texts of configuration warnings (docs/diagnostics.md#configuration-warnings), in the
// warnings part: the main script only finds the problems (core/problems.ts).

const URL_TEXT = 'an http(s) or relative URL';
const CATEGORY_NAME_TEXT = 'a lower-case letter, then lower-case letters, digits, _ or -: [a-z][a-z0-9_-]*';
const COOKIE_TEXT = "letters, digits and !#$%&'+-.^_`|~, with a * only at the end";

/** The values an enumerated attribute takes. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  mode: MODES,
  gpc: SIGNAL_POLICIES,
  dnt: SIGNAL_POLICIES,
  platform: PLATFORMS,
  theme: THEMES,
  layout: LAYOUTS,
  position: POSITIONS,
};

/** What a valid value of each other attribute looks like (docs/attributes.md). */
const EXPECTED: Readonly<Record<string, string>> = {
  'policy-version': characters(MAX_TEXT),
  'max-age-days': wholeNumber(MAX_AGE_DAYS),
  'privacy-url': URL_TEXT,
  endpoint: URL_TEXT,
  lang: 'a BCP 47 language tag or auto',
  'gcm-wait': wholeNumber(GCM_WAIT_MS),
  region: 'an ISO 3166 code such as DE or US-CA',
  subject: 'an opaque token of 22 to 256 characters (A–Z, a–z, 0–9 and ._~+/=-), such as an HMAC of the customer id',
  'cookie-domain': "this page's host or a parent domain of it, such as .shop.example; the decision is not shared across sub-domains",
  'reload-on-withdraw': 'true or false',
  label: characters(MAX_TEXT),
  description: characters(2 * MAX_TEXT),
};

/** What Assent holds back in `data-` attributes (docs/gating.md#markup). */
const HELD_SOURCES = ['src', 'srcset', 'srcdoc', 'poster'];

/** The warning for a problem, without the `[assent] ` prefix. */
export function describeProblem(problem: Problem): string {
  const { element } = problem;
  switch (problem.code) {
    case 'invalid-value': {
      const { attribute, value, fallback } = problem;
      const choices = CHOICES[attribute];
      const expected = choices ? `one of ${choices.join(', ')}${after('; ', didYouMean(closest(value.trim().toLowerCase(), choices)))}` : EXPECTED[attribute];
      return `${describe(element, attribute, value)} is invalid (expected ${expected}); using ${fallback === undefined ? 'none' : JSON.stringify(fallback)}.`;
    }
    case 'invalid-token':
      return `${describe(element, problem.attribute, problem.value)} is not a valid ${invalidToken(element, problem.attribute, problem.value)}; it is ignored.`;
    case 'repeated-token':
      return `${describe(element, problem.attribute, problem.value)} is listed twice; it is used once.`;
    case 'unknown-attribute':
      return unknownAttribute(element, problem.attribute, problem.known);
    case 'invalid-category-name':
      return invalidCategoryName(element);
    case 'repeated-category':
      return `<assent-category name="${element.getAttribute('name')?.trim()}"> appears twice; the first one is used.`;
    case 'no-privacy-url': {
      // A mistyped privacy-url is what is missing: the same warning as for the unknown attribute.
      const typo = element.getAttributeNames().find((attribute) => closest(attribute, ['privacy-url']));
      if (typo) return unknownAttribute(element, typo, ['privacy-url']);
      return `<assent-consent> has no privacy-url, so the banner and the preference center link to no privacy policy: add privacy-url="…" with its address.`;
    }
    case 'no-label':
      return `the category "${problem.category}" has no label, so the preference center shows its name, in every language: add label="…" (and description="…") to <assent-category name="${problem.category}">.`;
    case 'unknown-element':
      return `${describeTag(element)} is not an Assent element${after(' (', didYouMean(closest(element.localName, ASSENT_ELEMENTS), (name) => `<${name}>`), ')')}; it does nothing.`;
    case 'unknown-data-attribute':
      return unknownDataAttribute(element, problem.attribute);
    case 'script-before-assent':
      return scriptBeforeAssent(element);
    case 'no-consent-element':
      return 'no <assent-consent> element on the page; nothing optional is granted until one is added.';
    case 'not-held-back':
      return notHeldBack(element);
    case 'no-valid-category': {
      const names = (element.getAttribute(CONSENT_ATTRIBUTE) ?? '').split(/\s+/).filter(Boolean).map(categoryNameLike);
      const suggestion = names.length && names.every(Boolean) ? `; did you mean ${CONSENT_ATTRIBUTE}="${names.join(' ')}"?` : '';
      return `${describeElement(element)} names no valid category (names are ${CATEGORY_NAME_TEXT}${suggestion}); it stays blocked.`;
    }
    case 'unconfigured-category':
      return `${describeElement(element)} names the category "${problem.category}", which is not configured${after(' (', didYouMean(closest(problem.category, problem.configured), JSON.stringify), ')')}; it stays blocked.`;
    case 'eager-source': {
      const { attribute } = problem;
      const held = element.hasAttribute(`data-${attribute}`) ? `data-${attribute}` : 'data-src';
      return `${describeElement(element)} has ${attribute}, which the browser loads before consent: write data-${attribute} instead. Assent took it away; ${held} loads once allowed.`;
    }
    case 'unsafe-source':
      return `${describeElement(element)} data-${problem.attribute}=${JSON.stringify(problem.value)} is not an http(s) or relative URL; it is not loaded.`;
    case 'missing-nonce':
      return `${describeElement(element)} has no nonce; it is not run, since Assent's own script has one and 'strict-dynamic' would trust it.`;
    case 'slow-script':
      return `${describeElement(element)} did not load within ${problem.seconds} s; the scripts after it run without waiting.`;
    case 'document-write':
      return `a gated script (${element.getAttribute('src') ?? 'an inline script'}) called document.${problem.method}, which would erase the page after consent; the call is ignored.`;
  }
}

function unknownAttribute(element: Element, attribute: string, known: readonly string[]): string {
  const hint = didYouMean(closest(attribute, known)) || `it reads ${known.join(', ')}`;
  return `${describe(element, attribute, element.getAttribute(attribute) ?? '')} is not an attribute of <${element.localName}> (${hint}); it is ignored.`;
}

function invalidToken(element: Element, attribute: string, value: string): string {
  if (attribute === 'signals') return vendorToken(element.localName === 'assent-category' ? VENDOR_SIGNALS : VENDORS, value);
  if (attribute === 'categories') return `category name (${CATEGORY_NAME_TEXT}${after('; ', didYouMean(categoryNameLike(value), JSON.stringify))})`;
  if (attribute === 'gcm') return `Consent Mode signal (${didYouMean(closest(value, GCM_SIGNALS)) || `one of ${GCM_SIGNALS.join(', ')}`})`;
  if (attribute === 'variants') return 'variant (1–32 of A–Z a–z 0–9 . _ -)';
  return `cookie name (${COOKIE_TEXT})`;
}

function invalidCategoryName(element: Element): string {
  const name = element.getAttribute('name')?.trim();
  if (!name) {
    const meant = element.getAttributeNames().find((attribute) => closest(attribute, ['name']));
    const hint = meant ? `; did you mean name=${JSON.stringify(element.getAttribute(meant))} instead of ${meant}=…?` : '';
    return `${describeTag(element)} has no name, which is required (${CATEGORY_NAME_TEXT}${hint}); the category is ignored.`;
  }
  return `<assent-category name=${JSON.stringify(name)}> is not a valid category name (${CATEGORY_NAME_TEXT}${after('; ', didYouMean(categoryNameLike(name), JSON.stringify))}); the category is ignored.`;
}

/**
 * `vendor (uet, clarity, meta, tiktok)` on `<assent-consent signals>`, `vendor signal (…)` on a
 * category's (docs/signals.md#vendor-signals): Clarity's two purposes both for `clarity` there.
 */
function vendorToken(names: readonly string[], value: string): string {
  const what = names === VENDORS ? 'vendor' : 'vendor signal';
  const token = value.toLowerCase();
  const purposes = names.filter((name) => name.startsWith(`${token}-`));
  const hint = purposes.length > 1 ? `did you mean ${purposes.join(' or ')}?` : didYouMean(names.includes(token) ? token : closest(token, names));
  return `${what} (${hint || names.join(', ')})`;
}

/** `data-assent-opne`; on what `data-consent` holds back, `data-consnet` or another consent tool's `data-category`. */
function unknownDataAttribute(element: Element, attribute: string): string {
  if (attribute.startsWith('data-assent')) {
    const hint = didYouMean(closest(attribute, ['data-assent-open'])) || 'it reads only data-assent-open';
    return `${describeTag(element)} has ${attribute}, which Assent does not read (${hint}); a click on it does not open the preference center.`;
  }
  const meant = closest(attribute.slice('data-'.length), ['consent']);
  const value = element.getAttribute(attribute) ?? '';
  const instead = meant
    ? `Assent does not read (did you mean ${CONSENT_ATTRIBUTE}?)`
    : `another consent tool uses; Assent reads ${CONSENT_ATTRIBUTE}="${value}" (docs/gating.md)`;
  return `${describeElement(element, attribute)} has ${attribute}, which ${instead}. As it is, ${fate(element)}.`;
}

function scriptBeforeAssent(tag: Element): string {
  const scripts = [...tag.ownerDocument.scripts];
  const before = scripts.slice(0, scripts.indexOf(tag as HTMLScriptElement)).filter(runsAsScript);
  const named = before.map((script) => (script.hasAttribute('src') ? `<script src=${JSON.stringify(script.getAttribute('src'))}>` : 'an inline <script>'));
  return `${list(named)} ${before.length > 1 ? 'run' : 'runs'} before Assent's <script data-google-consent-mode>, so a Google tag may read Consent Mode before its default is set: put Assent's script first in <head>.`;
}

/** Why an element that names categories is not held back (docs/gating.md#mistakes-that-warn). */
function notHeldBack(element: Element): string {
  if (element.localName === 'script') {
    if (runsAsScript(element)) return `${describeElement(element)} is not held back: it is not type="text/plain", so it runs before consent.`;
    const type = element.getAttribute('type') ?? '';
    const hint = after(' (', didYouMean(closest(type.trim().toLowerCase(), ['text/plain']), (meant) => `type="${meant}"`), ')');
    return `${describeElement(element)} never runs: its type=${JSON.stringify(type)} is neither text/plain, which Assent runs once allowed, nor a type the browser runs${hint}.`;
  }
  if (element.hasAttribute('src')) return `${describeElement(element)} is not held back: it has src instead of data-src, so it loads before consent.`;
  const meant = (attribute: string) => attribute.startsWith('data-') && closest(attribute.slice('data-'.length), HELD_SOURCES);
  const misspelt = element.getAttributeNames().find(meant);
  const hint = misspelt ? ` (did you mean data-${meant(misspelt)} instead of ${misspelt}?)` : '';
  return `${describeElement(element)} is not held back: it has no data-src or data-srcset to hold back${hint}.`;
}

/** What the browser does with an element that Assent does not hold back. */
function fate(element: Element): string {
  if (element.localName === 'script') return runsAsScript(element) ? 'it runs before consent' : 'it never runs';
  return ['src', 'srcset', 'srcdoc', 'poster', 'data'].some((attribute) => element.hasAttribute(attribute)) ? 'it loads before consent' : 'it never loads';
}

/** A category name that a malformed one was likely meant to be (`Web Analytics` → `web-analytics`), if any. */
function categoryNameLike(name: string): string | undefined {
  const like = name.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return like !== name && CATEGORY_NAME.test(like) ? like : undefined;
}

function didYouMean(meant: string | undefined, show: (meant: string) => string = String): string {
  return meant === undefined ? '' : `did you mean ${show(meant)}?`;
}

/** `text` between `before` and `end`, or nothing when there is no text. */
function after(before: string, text: string, end = ''): string {
  return text && `${before}${text}${end}`;
}

function characters(max: number): string {
  return `1 to ${max} characters`;
}

function wholeNumber({ min, max }: { readonly min: number; readonly max: number }): string {
  return `a whole number from ${min} to ${max}`;
}

function list(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0] ?? '';
}

/** `<assent-consent mode="x">`; an `<assent-category>` with its name. */
function describe(element: Element, attribute: string, value: string): string {
  const tag = element.localName;
  const category = tag === 'assent-category' ? ` name="${element.getAttribute('name') ?? ''}"` : '';
  return `<${tag}${category} ${attribute}=${JSON.stringify(value)}>`;
}

/** A marked element by its categories and source: `<script data-consent="analytics" src="…">`. */
function describeElement(element: Element, attribute = CONSENT_ATTRIBUTE): string {
  const source = element.getAttribute('src') ?? element.getAttribute('data-src');
  return `<${element.localName} ${attribute}=${JSON.stringify(element.getAttribute(attribute) ?? '')}${source ? ` src=${JSON.stringify(source)}` : ''}>`;
}

/** The start tag as written, long values shortened. */
function describeTag(element: Element): string {
  const attributes = element.getAttributeNames().map((name) => {
    const value = element.getAttribute(name)!;
    return value ? ` ${name}=${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}` : ` ${name}`;
  });
  return `<${element.localName}${attributes.join('')}>`;
}
