import { pageAssent } from './page.js';
import { handOverEarlyApi } from './core/early-api.js';
import { consentModeOnScript } from './signals/consent-mode-script.js';
import { sendConsentModeDefault, type GtagWindow } from './signals/gcm.js';
import { sendVendorDefaults, type VendorWindow } from './signals/vendor-defaults.js';
import { signalsOnScript } from './signals/vendor-script.js';
import { siblingUrl } from './core/sibling-url.js';
import { languageFilesBeside } from './ui/i18n/language-files.js';
import { loadClassicScript } from './ui/script-loader.js';

/** Assent's own `<script>`: its lazily loaded parts live beside it and share its nonce. */
const ownScript = document.currentScript as HTMLScriptElement | null;
const sibling = (file: string) => siblingUrl(file, ownScript?.src);
const nonce = ownScript?.nonce ?? '';
const loadPart = (file: string) => () => loadClassicScript(sibling(file), nonce);

/**
 * `data-google-consent-mode` and `data-signals` on Assent's own tag: the Consent Mode and vendor
 * defaults go out now, while the script runs in `<head>`, before any tag after it
 * (docs/signals.md). With the head part, that part has sent them already and `window.assent` is
 * its early API.
 */
const consentMode = consentModeOnScript(ownScript);
const signals = signalsOnScript(ownScript);
const early = window.assent;
if (consentMode && !early) sendConsentModeDefault(window as GtagWindow, consentMode);
if (!early) sendVendorDefaults(signals, window as VendorWindow);
/** The tag that sent it: the head part's comes first of those that carry the attribute. */
const consentModeTag = consentMode ? ((early ? document.querySelector('script[data-google-consent-mode]') : ownScript) ?? undefined) : undefined;

window.assent = pageAssent({
  parts: {
    ui: loadPart('assent-ui.js'),
    preferences: loadPart('assent-preferences.js'),
    cookieTable: loadPart('assent-cookie-table.js'),
    platform: loadPart('assent-platform.js'),
    signals: loadPart('assent-signals.js'),
    sync: loadPart('assent-sync.js'),
    warnings: loadPart('assent-warnings.js'),
    diagnostics: loadPart('assent-debug.js'),
    optOutLink: loadPart('assent-opt-out-link.js'),
  },
  language: languageFilesBeside(sibling, nonce),
  ownNonce: nonce,
  consentModeDefaultSentBy: consentModeTag,
  signalsOnScript: signals,
});
handOverEarlyApi(early, window.assent);
