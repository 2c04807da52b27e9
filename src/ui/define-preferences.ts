import { AssentPreferences } from './assent-preferences.js';

/** Registers `<assent-preferences>`; its module is loaded only when the preference center is needed. */
export function definePreferences(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('assent-preferences')) registry.define('assent-preferences', AssentPreferences);
}
