import { createEarlyApi } from './core/early-api.js';
import { inNextTask } from './core/next-task.js';
import { siblingUrl } from './core/sibling-url.js';
import { consentModeOnScript } from './signals/consent-mode-script.js';
import { sendConsentModeDefault, type GtagWindow } from './signals/gcm.js';
import { sendVendorDefaults, type VendorWindow } from './signals/vendor-defaults.js';
import { signalsOnScript } from './signals/vendor-script.js';

// `assent-head.js`: the only part that must run synchronously in <head>. It sends the Consent
// Mode default and the vendors' consent defaults before any tag after it, puts an early
// `window.assent` on the page, and loads `assent.iife.js` from beside it without blocking the page
// (gated code stays inert meanwhile).
const own = document.currentScript as HTMLScriptElement | null;
if (!window.assent) {
  const consentMode = consentModeOnScript(own);
  if (consentMode) sendConsentModeDefault(window as GtagWindow, consentMode);
  sendVendorDefaults(signalsOnScript(own), window as VendorWindow);
  window.assent = createEarlyApi();
  // The parser's task that runs this script goes on to parse the page: loading the main script
  // gets a task of its own, ahead of the parser's next one.
  const { src, nonce, dataset } = own ?? {};
  void inNextTask(() => {
    const main = document.createElement('script');
    main.src = siblingUrl('assent.iife.js', src);
    main.nonce = nonce ?? '';
    // The main script reads Assent's options from its own tag, as if it were the one in <head>.
    Object.assign(main.dataset, dataset);
    main.onerror = () => console.warn(`[assent] could not load ${main.src}; nothing optional is granted.`);
    document.head.append(main);
  });
}
