import { AssentCategory } from './assent-category.js';
import { AssentConsent } from './assent-consent.js';
import { AssentOptOutLink } from './assent-opt-out-link.js';
import { defineOnce } from './define-once.js';

/**
 * Registers the elements the main script needs to read the configuration. The Lit elements are
 * registered by the parts loaded when needed: `define-ui.ts` (banner, embed placeholder) and
 * `define-preferences.ts`.
 */
export function defineElements(registry?: CustomElementRegistry): void {
  defineOnce({ 'assent-consent': AssentConsent, 'assent-category': AssentCategory, 'assent-opt-out-link': AssentOptOutLink }, registry);
}
