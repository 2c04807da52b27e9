/**
 * Keeps a held-back iframe's box while `<assent-embed>` stands in its place, even before the UI
 * part has loaded. The rule has the specificity of a tag, so the shop's own rules for the iframe's
 * classes and its inline style (both copied over) win, as they would have on the iframe; the
 * iframe's `width`/`height` attributes and its default 300×150 box with a 2px border are
 * reproduced through custom properties. `overflow` puts the baseline at the bottom edge, as on an iframe.
 */
const PLACEHOLDER_RULE =
  'assent-embed{display:inline-block;box-sizing:content-box;border:2px solid transparent;overflow:auto;' +
  'width:var(--assent-embed-width,300px);height:var(--assent-embed-height,150px)}';

let sheetAdopted = false;

/** Creates the `<assent-embed>` that holds `frame`'s place until its categories are granted. */
export function createEmbedPlaceholder(frame: HTMLIFrameElement, categories: readonly string[]): HTMLElement {
  adoptPlaceholderRule(frame.ownerDocument);
  const placeholder = frame.ownerDocument.createElement('assent-embed');
  if (frame.className) placeholder.className = frame.className;
  // Through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows.
  placeholder.style.cssText = frame.style.cssText;
  placeholder.setAttribute('categories', categories.join(' '));
  placeholder.setAttribute('frame-title', frame.title);
  const width = cssLength(frame.getAttribute('width'));
  const height = cssLength(frame.getAttribute('height'));
  if (width) placeholder.style.setProperty('--assent-embed-width', width);
  if (height) placeholder.style.setProperty('--assent-embed-height', height);
  return placeholder;
}

/** `560` → `560px`, `100%` stays; anything else is ignored, as the browser would. */
function cssLength(value: string | null): string | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)(%?)\s*$/.exec(value ?? '');
  return match ? `${match[1]}${match[2] || 'px'}` : undefined;
}

function adoptPlaceholderRule(doc: Document): void {
  if (sheetAdopted) return;
  sheetAdopted = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PLACEHOLDER_RULE);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // Without constructable style sheets the placeholder still works, only its box may differ.
  }
}
