import { pageHandle } from './page-handle.js';
import { startSync } from './core/start-sync.js';

// `assent-sync.js`: the outbox and the sender, loaded by `assent.iife.js` only on a page whose
// `<assent-consent>` names an `endpoint`.
const handle = pageHandle();
if (handle) handle.endpoint.connect((earlier, startedWith) => startSync(handle.manager, handle.warn, earlier, startedWith));
