import { pageHandle } from './page-handle.js';
import { bridgeToPlatform } from './signals/platform.js';

// `assent-platform.js`: the Shopify and WordPress bridges, loaded by `assent.iife.js` only on a
// page whose `<assent-consent>` names a `platform`.
const handle = pageHandle();
if (handle) bridgeToPlatform(handle.manager, { warn: handle.warn });
