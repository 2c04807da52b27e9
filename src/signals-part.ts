import { pageHandle } from './page-handle.js';
import { driveVendorSignals } from './signals/vendors.js';

// `assent-signals.js`: the vendors' consent updates (Microsoft UET, Clarity, Meta, TikTok), loaded
// by `assent.iife.js` only on a page that names a vendor signal.
const handle = pageHandle();
if (handle) driveVendorSignals(handle.manager, { warn: handle.warn, signalsOnScript: handle.signalsOnScript });
