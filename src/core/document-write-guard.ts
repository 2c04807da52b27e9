import type { Warn } from './types.js';

/**
 * `document.write` from a script Assent activated cannot work: the parser is gone, so the browser
 * either ignores it or opens a new document, wiping the page. Such calls are dropped with a
 * warning; every other caller gets the browser's own `write`.
 */
export function guardDocumentWrite(doc: Document, isActivated: (script: HTMLOrSVGScriptElement) => boolean, warn: Warn): void {
  for (const method of ['write', 'writeln'] as const) {
    const native = doc[method];
    doc[method] = function guardedWrite(this: Document, ...text: string[]) {
      const current = doc.currentScript;
      if (current && isActivated(current)) {
        const source = current.getAttribute('src') ?? 'an inline script';
        warn(`a gated script (${source}) called document.${method}, which would erase the page after consent; the call is ignored.`);
        return;
      }
      native.apply(this, text);
    };
  }
}
