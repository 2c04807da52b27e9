import type { ConsentManager } from '../core/consent.js';
import { defineUiElements } from './define-ui.js';
import { provideSnapshot } from './provide-snapshot.js';
import { exposeRuntime } from './runtime.js';

const STARTED = Symbol.for('assent.ui');
type UiGlobal = typeof globalThis & { [STARTED]?: true };

/**
 * Starts the page's UI once: shares Lit with the preference center's part, provides the
 * manager's snapshot from the document element, then registers the elements that consume it.
 */
export function startUi(manager: ConsentManager): void {
  const page = globalThis as UiGlobal;
  if (page[STARTED]) return;
  page[STARTED] = true;
  exposeRuntime();
  provideSnapshot(document.documentElement, manager);
  defineUiElements();
}
