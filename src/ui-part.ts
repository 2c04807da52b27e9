import { pageHandle } from './page-handle.js';
import { startUi } from './ui/start-ui.js';

// `assent-ui.js`: the banner (and Lit), loaded by `assent.iife.js` when something must show.
const handle = pageHandle();
if (handle) startUi(handle.manager, handle.locale);
