import { startDiagnostics } from './core/diagnostics.js';
import { pageHandle } from './page-handle.js';

// `assent-debug.js`: the in-page diagnostics, loaded by `assent.iife.js` only with `debug` on
// `<assent-consent>` or `?assent-debug` in the page's URL (docs/diagnostics.md).
const own = (document.currentScript as HTMLScriptElement | null)?.src;
const handle = pageHandle();
if (handle) void startDiagnostics(handle, { ownFiles: own && new URL('.', own).href });
