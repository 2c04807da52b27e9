import type { AssentApi } from '../../src/core/api.js';

declare global {
  interface Window {
    /** Set by dist/assent.iife.js on the demo pages. */
    assent: AssentApi;
  }
}
