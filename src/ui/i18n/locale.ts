import type { ConsentManager } from '../../core/consent.js';
import type { Warn } from '../../core/types.js';
import { withTimeout } from '../../core/with-timeout.js';
import { directionOf, matchLanguage, pickLanguage, type LanguageCode } from './languages.js';

/** The UI's language: what the elements render in, with the language file's texts. */
export interface Locale {
  readonly lang: LanguageCode;
  readonly dir: 'ltr' | 'rtl';
  /** The language file's texts, unchecked; none for English, which the UI part carries. */
  readonly messages?: unknown;
}

/** The page's language, followed from the configuration and `<html lang>`. */
export interface LocaleSource {
  /** Undefined until the language to show is loaded: the UI renders nothing before that. */
  readonly current: Locale | undefined;
  /** Something must show text: load the page's language now (and follow its changes). */
  request(): void;
  subscribe(listener: (locale: Locale) => void): () => void;
}

/** Loads one language file and gives its texts. */
export type LoadLanguage = (code: Exclude<LanguageCode, 'en'>) => Promise<unknown>;

/** How long the UI waits for a language file before showing English instead of nothing. */
const LANGUAGE_TIMEOUT_MS = 3000;

/**
 * Picks the UI language: the `lang` attribute when we have it, else the page's `<html lang>`, else
 * the browser's languages, else English. The language file is loaded only once text must show,
 * and before anything renders, so a shopper never sees English first. A file that fails or is
 * late gives English, with a warning.
 */
export function followLocale(manager: ConsentManager, load: LoadLanguage, warn: Warn, timeoutMs = LANGUAGE_TIMEOUT_MS): LocaleSource {
  const listeners = new Set<(locale: Locale) => void>();
  let current: Locale | undefined;
  let wanted: LanguageCode | undefined;
  let requested = false;

  const publish = (locale: Locale) => {
    current = locale;
    for (const listener of listeners) listener(locale);
  };
  const english = (): Locale => ({ lang: 'en', dir: 'ltr' });

  const show = (code: LanguageCode) => {
    wanted = code;
    if (current?.lang === code) return;
    if (code === 'en') return publish(english());
    void withTimeout(load(code), timeoutMs).then(
      (messages) => {
        if (wanted !== code) return;
        if (messages && typeof messages === 'object') publish({ lang: code, dir: directionOf(code), messages });
        else throw new Error('it holds no texts');
      },
    ).catch((error: unknown) => {
      warn(`could not load the ${code} texts (${error instanceof Error ? error.message : String(error)}); showing English.`);
      if (wanted === code) publish(english());
    });
  };

  const update = () => {
    // Before the configuration is read, its `lang` is not known yet.
    if (!requested || !manager.snapshot.ready) return;
    const { lang } = manager.snapshot.config;
    if (lang && !matchLanguage(lang)) warn(`lang="${lang}" has no translation; the page's language is used.`);
    const code = pickLanguage([lang, document.documentElement.lang, ...navigator.languages]);
    if (code !== wanted) show(code);
  };

  manager.subscribe(update);

  return {
    get current() {
      return current;
    },
    request() {
      if (!requested) {
        // Watched from here on: nothing shows text before, and the script's own task stays short.
        new MutationObserver(update).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
      }
      requested = true;
      update();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
