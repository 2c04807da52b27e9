import type { Report } from './problems.js';

/**
 * `document.write` from a script Assent activated cannot work: the parser is gone, so the browser
 * either ignores it or opens a new document, wiping the page. Such calls are dropped with a
 * warning (docs/gating.md#order); every other caller gets the browser's own `write`.
 */
export function guardDocumentWrite(doc: Document, isActivated: (script: HTMLOrSVGScriptElement) => boolean, report: Report): void {
  for (const method of ['write', 'writeln'] as const) {
    const native = doc[method];
    doc[method] = function guardedWrite(this: Document, ...text: string[]) {
      const current = doc.currentScript;
      if (current && isActivated(current)) {
        report({ code: 'document-write', element: current, method });
        return;
      }
      native.apply(this, text);
    };
  }
}
