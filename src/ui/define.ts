import { AssentBanner } from './assent-banner.js';
import { AssentCategory } from './assent-category.js';
import { AssentConsent } from './assent-consent.js';

const ELEMENTS = {
  'assent-consent': AssentConsent,
  'assent-category': AssentCategory,
  'assent-banner': AssentBanner,
} as const;

/**
 * Registers Assent's elements once; a second copy of the script leaves the first in place.
 * `<assent-preferences>` is registered by its own, lazily loaded module (`define-preferences.ts`).
 */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}
