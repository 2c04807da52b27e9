import { en, type Messages } from './en.js';
import type { Locale } from './locale.js';
import type { LanguageCode } from './languages.js';

/** What the elements render with: the language, its direction and every text in it. */
export interface Texts {
  readonly lang: LanguageCode;
  readonly dir: 'ltr' | 'rtl';
  readonly messages: Messages;
}

/**
 * The locale's texts over English: a key the language file lacks, or holds as something other
 * than a non-empty string, keeps its English text, so a damaged file never blanks a button.
 */
export function textsFor(locale: Locale): Texts {
  return { lang: locale.lang, dir: locale.dir, messages: overlay(en, locale.messages) as Messages };
}

function overlay(base: object, over: unknown): object {
  const source = over && typeof over === 'object' ? (over as Record<string, unknown>) : {};
  return Object.fromEntries(
    Object.entries(base).map(([key, value]) => {
      const candidate = Object.hasOwn(source, key) ? source[key] : undefined;
      if (typeof value === 'string') return [key, typeof candidate === 'string' && candidate.trim() ? candidate : value];
      return [key, overlay(value as object, candidate)];
    }),
  );
}
