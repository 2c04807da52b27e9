import { loadClassicScript } from '../script-loader.js';
import type { LoadLanguage } from './locale.js';

/** Where a language file (`dist/i18n/<code>.js`, built by scripts/build-languages.mjs) hands over its texts. */
const MESSAGES_KEY = Symbol.for('assent.messages');
type MessagesGlobal = typeof globalThis & { [MESSAGES_KEY]?: (code: string, messages: unknown) => void };

/**
 * Loads language files as classic scripts from `<folder>/i18n/`, with Assent's nonce, the way the
 * other parts are loaded; each one calls back with its texts.
 */
export function languageFilesBeside(folder: string, nonce: string): LoadLanguage {
  const received = new Map<string, unknown>();
  (globalThis as MessagesGlobal)[MESSAGES_KEY] ??= (code, messages) => received.set(code, messages);
  return (code) =>
    loadClassicScript(new URL(`i18n/${code}.js`, folder).href, nonce).then(() => {
      if (!received.has(code)) throw new Error(`i18n/${code}.js did not hand over its texts`);
      return received.get(code);
    });
}
