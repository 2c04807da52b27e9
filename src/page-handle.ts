import type { AssentApi } from './core/api.js';
import type { ConsentManager } from './core/consent.js';
import type { Warn } from './core/types.js';
import type { LocaleSource } from './ui/i18n/locale.js';

/** The page's one Assent, shared by every copy of the script and by the parts loaded later. */
export interface PageHandle {
  readonly api: AssentApi;
  readonly manager: ConsentManager;
  readonly warn: Warn;
  /** The UI's language, loaded once something must show text. */
  readonly locale: LocaleSource;
}

const PAGE_KEY = Symbol.for('assent.page');
type PageGlobal = typeof globalThis & { [PAGE_KEY]?: PageHandle };

export function pageHandle(): PageHandle | undefined {
  return (globalThis as PageGlobal)[PAGE_KEY];
}

export function setPageHandle(handle: PageHandle): void {
  (globalThis as PageGlobal)[PAGE_KEY] = handle;
}
