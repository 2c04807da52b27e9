import { pageHandle } from './page-handle.js';
import { renderOptOutLink } from './ui/opt-out-link-render.js';

// `assent-opt-out-link.js`: what `<assent-opt-out-link>` shows, loaded by `assent.iife.js` the
// first time one is on the page.
const handle = pageHandle();
handle?.optOutLink.connect((link) => renderOptOutLink(link, handle.locale));
