import type { AssentApi } from './core/api.js';
import { pageAssent } from './page.js';
import { loadClassicScript } from './ui/script-loader.js';

declare global {
  interface Window {
    /** The page's consent API (CONTRACT §4). */
    assent: AssentApi;
  }
}

/** Assent's own `<script>`: its lazily loaded parts live beside it and share its nonce. */
const ownScript = document.currentScript as HTMLScriptElement | null;
const loadPart = (file: string) => () =>
  loadClassicScript(new URL(file, ownScript?.src || document.baseURI).href, ownScript?.nonce ?? '');

window.assent = pageAssent({
  parts: { ui: loadPart('assent-ui.js'), preferences: loadPart('assent-preferences.js') },
  ownNonce: ownScript?.nonce,
});
