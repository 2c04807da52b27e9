import { CATEGORY_NAME } from './types.js';

/** Elements that name the categories they need (docs/gating.md). */
export const CONSENT_ATTRIBUTE = 'data-consent';

/** What Assent holds back: inert scripts, and embeds and media whose sources wait in `data-*`. */
const GATED = 'script[type="text/plain" i][data-consent],[data-consent][data-src],[data-consent][data-srcset],iframe[data-consent][data-srcdoc],video[data-consent],audio[data-consent],picture[data-consent]';

/**
 * What the browser loads at once from a marked element besides its `src`: an iframe's `srcdoc`
 * (which wins over `src`) and a video's `poster`. The page author writes `data-srcdoc` and
 * `data-poster` instead.
 */
const EAGER: Readonly<Record<string, 'srcdoc' | 'poster'>> = { iframe: 'srcdoc', video: 'poster' };

/** Every element below (and including) `root` that names categories. */
export function elementsNamingConsent(root: ParentNode): Element[] {
  const own = root instanceof Element && root.hasAttribute(CONSENT_ATTRIBUTE) ? [root] : [];
  // Most added elements (a script, an iframe) have no children: no search below them.
  return root.firstElementChild ? [...own, ...root.querySelectorAll(`[${CONSENT_ATTRIBUTE}]`)] : own;
}

/** Whether Assent can hold the element back; one that names categories but already runs cannot be. */
export function isGateable(element: Element): boolean {
  return element.matches(GATED);
}

/**
 * Whether the browser runs a `<script>` with this `type`: none, a JavaScript MIME type or
 * `module`. Any other type makes it a data block that never runs, `text/plain` included.
 */
export function runsAsScript(script: Element): boolean {
  return /^(module|(text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript))?$/i.test((script.getAttribute('type') ?? '').trim());
}

/**
 * Takes away a marked element's `srcdoc` or `poster`, which the browser already loads: it is kept
 * as `data-srcdoc` or `data-poster` (released like them) unless the element has that already, or,
 * for `srcdoc`, has a `data-src` it would hide. Returns the attribute's name when there was one.
 */
export function takeEagerAttribute(element: Element): 'srcdoc' | 'poster' | undefined {
  const name = EAGER[element.localName];
  const value = name && element.getAttribute(name);
  if (!name || value === null) return undefined;
  element.removeAttribute(name);
  if (!element.hasAttribute(`data-${name}`) && !(name === 'srcdoc' && element.hasAttribute('data-src'))) element.setAttribute(`data-${name}`, value);
  return name;
}

/** The categories an element needs, all of them; undefined when the list is empty or malformed. */
export function categoriesOf(element: Element): readonly string[] | undefined {
  const names = (element.getAttribute(CONSENT_ATTRIBUTE) ?? '').split(/\s+/).filter(Boolean);
  return names.length > 0 && names.every((name) => CATEGORY_NAME.test(name)) ? names : undefined;
}

/** `<video data-consent>` holds back its `<source>` children too. */
export function heldSources(element: Element): Element[] {
  const own = element.hasAttribute('data-src') || element.hasAttribute('data-srcset') ? [element] : [];
  const children = [...element.querySelectorAll('source[data-src],source[data-srcset]')].filter((source) => !source.hasAttribute(CONSENT_ATTRIBUTE));
  return [...own, ...children];
}

/** Orders elements as they stand in the document. */
export function documentOrder(a: Node, b: Node): number {
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/**
 * Whether the parser is done with an element: an inline script's text may still be arriving
 * while the parser has not gone past its end tag.
 */
export function isComplete(element: Element): boolean {
  if (element.localName !== 'script' || element.hasAttribute('src')) return true;
  return element.ownerDocument.readyState !== 'loading' || element.nextSibling !== null || hasLaterNode(element);
}

function hasLaterNode(element: Element): boolean {
  for (let node: Node | null = element; node; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}
