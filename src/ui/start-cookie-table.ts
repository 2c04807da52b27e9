import type { AssentApi } from '../core/api.js';
import { AssentCookieTable } from './assent-cookie-table.js';
import { defineCookieTable } from './define-cookie-table.js';
import { defineAfterParsingStyles } from './parse-styles-ahead.js';
import { provideReceipt } from './provide-receipt.js';

/**
 * The cookie table's part, once the UI part has started: the receipt reader from the page's API,
 * then the element, defined in a task after its styles are parsed.
 */
export function startCookieTable(api: AssentApi): Promise<void> {
  provideReceipt(document.documentElement, () => api.receipt());
  return defineAfterParsingStyles(AssentCookieTable.styles, () => defineCookieTable());
}
