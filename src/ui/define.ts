import { AssentCategory } from './assent-category.js';
import { AssentConsent } from './assent-consent.js';

const ELEMENTS = {
  'assent-consent': AssentConsent,
  'assent-category': AssentCategory,
} as const;

/**
 * Registers the elements the main script needs to read the configuration; a second copy of the
 * script leaves the first in place. The Lit elements are registered by the parts loaded when
 * needed: `define-ui.ts` (banner, embed placeholder) and `define-preferences.ts`.
 */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}
