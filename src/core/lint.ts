import { WELL_KNOWN_GCM } from './config.js';
import { editDistance } from './edit-distance.js';
import { CONSENT_ATTRIBUTE, runsAsScript } from './gated-elements.js';
import type { Report } from './problems.js';
import { NECESSARY, type Config } from './types.js';

// The checks a correct page passes silently (docs/diagnostics.md#configuration-warnings). They only
// find problems; what is wrong and what to write instead is said by the warnings part.

/** What `data-consent` can hold back, and so where a misspelling of it matters (docs/gating.md#markup). */
const HOLDABLE = 'script,iframe,img,video,audio,picture,source,embed,object';

/** What a configuration without mistakes may still lack: a privacy policy link, a label for each category. */
export function lintConfiguration(host: Element, config: Config, report: Report): void {
  if (!host.hasAttribute('privacy-url')) report({ code: 'no-privacy-url', element: host });
  for (const { name, label } of config.categories) {
    if (!label && name !== NECESSARY && !(name in WELL_KNOWN_GCM)) report({ code: 'no-label', element: host, category: name });
  }
}

/**
 * Markup that looks like Assent's but that Assent does not read: `assent-` elements it does not
 * define (`<assent-categroy>`), `data-assent-` attributes other than `data-assent-open`, and on
 * what `data-consent` holds back, attributes like it (`data-consnet`, another tool's `data-category`).
 * The main script has defined its elements by then; the placeholder's is defined by the UI part.
 */
export function lintPage(doc: Document, report: Report): void {
  for (const element of found<Element>(doc, "//*[starts-with(local-name(),'assent-')]")) {
    if (!customElements.get(element.localName) && element.localName !== 'assent-embed') report({ code: 'unknown-element', element });
  }
  for (const { name, ownerElement } of found<Attr>(doc, "//@*[starts-with(name(),'data-assent')]")) {
    if (name !== 'data-assent-open') report({ code: 'unknown-data-attribute', element: ownerElement!, attribute: name });
  }
  for (const element of doc.querySelectorAll(HOLDABLE)) {
    if (element.hasAttribute(CONSENT_ATTRIBUTE)) continue;
    for (const attribute of element.getAttributeNames()) if (looksLikeConsent(attribute)) report({ code: 'unknown-data-attribute', element, attribute });
  }
}

/**
 * The tag that sends the Consent Mode default must come before every script that runs, or that
 * script may read the consent state before there is one (docs/signals.md#google-consent-mode-v2).
 */
export function lintScriptOrder(tag: Element, report: Report): void {
  for (const script of tag.ownerDocument.scripts) {
    if (script === tag) return;
    if (runsAsScript(script)) return report({ code: 'script-before-assent', element: tag });
  }
}

function looksLikeConsent(attribute: string): boolean {
  const name = attribute.startsWith('data-') ? attribute.slice(5) : '';
  return name !== '' && (editDistance(name, 'consent') <= 1 || /^(cookie-?)?(consent|categor)/.test(name));
}

function found<T extends Node>(doc: Document, expression: string): T[] {
  const result = doc.evaluate(expression, doc, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
  return Array.from({ length: result.snapshotLength }, (_, index) => result.snapshotItem(index) as T);
}
