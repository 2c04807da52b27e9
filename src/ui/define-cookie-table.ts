import { AssentCookieTable } from './assent-cookie-table.js';
import { defineOnce } from './define-once.js';

/** Registers `<assent-cookie-table>`; its module is loaded only on a page that has one. */
export function defineCookieTable(registry?: CustomElementRegistry): void {
  defineOnce({ 'assent-cookie-table': AssentCookieTable }, registry);
}
