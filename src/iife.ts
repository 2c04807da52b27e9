import { pageAssent } from './page.js';
import { handOverEarlyApi } from './core/early-api.js';
import { consentModeOnScript } from './signals/consent-mode-script.js';
import { sendConsentModeDefault, type GtagWindow } from './signals/gcm.js';
import { siblingUrl } from './core/sibling-url.js';
import { languageFilesBeside } from './ui/i18n/language-files.js';
import { loadClassicScript } from './ui/script-loader.js';

/** Assent's own `<script>`: its lazily loaded parts live beside it and share its nonce. */
const ownScript = document.currentScript as HTMLScriptElement | null;
const sibling = (file: string) => siblingUrl(file, ownScript?.src);
const nonce = ownScript?.nonce ?? '';
const loadPart = (file: string) => () => loadClassicScript(sibling(file), nonce);

/**
 * `data-google-consent-mode` on Assent's own tag: the Consent Mode default goes out now, while the
 * script runs in `<head>`, before any tag after it (docs/signals.md). With the head part, that part
 * has sent it already and `window.assent` is its early API.
 */
const consentMode = consentModeOnScript(ownScript);
const early = window.assent;
if (consentMode && !early) sendConsentModeDefault(window as GtagWindow, consentMode);

window.assent = pageAssent({
  parts: {
    ui: loadPart('assent-ui.js'),
    preferences: loadPart('assent-preferences.js'),
    cookieTable: loadPart('assent-cookie-table.js'),
    platform: loadPart('assent-platform.js'),
    sync: loadPart('assent-sync.js'),
  },
  language: languageFilesBeside(sibling, nonce),
  ownNonce: nonce,
  consentModeDefaultSent: Boolean(consentMode),
});
handOverEarlyApi(early, window.assent);
