import type { ConsentManager } from '../core/consent.js';
import { AssentBanner } from './assent-banner.js';
import { defineUiElements } from './define-ui.js';
import type { LocaleSource } from './i18n/locale.js';
import { provideSnapshot } from './provide-snapshot.js';
import { provideTexts } from './provide-texts.js';
import { defineAfterParsingStyles } from './parse-styles-ahead.js';
import { exposeRuntime } from './runtime.js';

const STARTED = Symbol.for('assent.ui');
type UiGlobal = typeof globalThis & { [STARTED]?: true };

/**
 * Starts the page's UI once: shares Lit with the preference center's part, provides the
 * manager's snapshot and the UI's texts from the document element, then registers the elements
 * that consume them.
 */
export function startUi(manager: ConsentManager, locale: LocaleSource): void {
  const page = globalThis as UiGlobal;
  if (page[STARTED]) return;
  page[STARTED] = true;
  exposeRuntime();
  provideSnapshot(document.documentElement, manager);
  provideTexts(document.documentElement, locale);
  locale.request();
  // Parsing the banner's styles, then defining (and upgrading) the elements, each in a task of its
  // own: on a slow phone, evaluating Lit and starting the banner in one go would be a long task
  // that holds up the shop's page.
  void defineAfterParsingStyles(AssentBanner.styles, () => defineUiElements());
}
