import { AssentBanner } from './assent-banner.js';
import { AssentCategory } from './assent-category.js';
import { AssentConsent } from './assent-consent.js';
import { AssentPreferences } from './assent-preferences.js';

const ELEMENTS = {
  'assent-consent': AssentConsent,
  'assent-category': AssentCategory,
  'assent-banner': AssentBanner,
  'assent-preferences': AssentPreferences,
} as const;

/** Registers every Assent element once; a second copy of the script leaves the first in place. */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}
