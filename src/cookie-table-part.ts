import { pageHandle } from './page-handle.js';
import { startCookieTable } from './ui/start-cookie-table.js';

// `assent-cookie-table.js`: `<assent-cookie-table>` for the shop's privacy page, loaded by
// `assent.iife.js` (after `assent-ui.js`, whose Lit it takes) only on a page that has one.
const handle = pageHandle();
if (handle) void startCookieTable(handle.api);
