import { AssentPreferences } from './assent-preferences.js';
import { defineOnce } from './define-once.js';

/** Registers `<assent-preferences>`; its module is loaded only when the preference center is needed. */
export function definePreferences(registry?: CustomElementRegistry): void {
  defineOnce({ 'assent-preferences': AssentPreferences }, registry);
}
