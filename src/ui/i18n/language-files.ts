import { loadClassicScript } from '../script-loader.js';
import type { LoadLanguage } from './locale.js';

/** Where a language file (`assent-lang-<code>.js`, built by scripts/build-languages.mjs) hands over its texts. */
const MESSAGES_KEY = Symbol.for('assent.messages');
type MessagesGlobal = typeof globalThis & { [MESSAGES_KEY]?: (code: string, messages: unknown) => void };

/**
 * Loads language files as classic scripts from beside Assent's own (`sibling` names their URL),
 * with Assent's nonce, the way the other parts are loaded; each one calls back with its texts.
 */
export function languageFilesBeside(sibling: (file: string) => string, nonce: string): LoadLanguage {
  const received = new Map<string, unknown>();
  (globalThis as MessagesGlobal)[MESSAGES_KEY] ??= (code, messages) => received.set(code, messages);
  return (code) =>
    loadClassicScript(sibling(languageFileName(code)), nonce).then(() => {
      if (!received.has(code)) throw new Error(`${languageFileName(code)} did not hand over its texts`);
      return received.get(code);
    });
}

/** The drop-in folder is flat (a Shopify theme's assets/ takes no subfolders): `assent-lang-de.js`. */
function languageFileName(code: string): string {
  return `assent-lang-${code}.js`;
}
