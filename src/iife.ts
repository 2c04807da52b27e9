import type { AssentApi } from './core/api.js';
import { pageAssent } from './page.js';

declare global {
  interface Window {
    /** The page's consent API (CONTRACT §4). */
    assent: AssentApi;
  }
}

window.assent = pageAssent();
