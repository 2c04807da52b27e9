import { ContextProvider } from '@lit/context';
import { textsContext } from './context.js';
import type { LocaleSource } from './i18n/locale.js';
import { textsFor } from './i18n/texts.js';

/** Provides the UI's texts from `host`, and new ones whenever the page's language changes. */
export function provideTexts(host: HTMLElement, locale: LocaleSource): () => void {
  const provider = new ContextProvider(host, { context: textsContext, initialValue: locale.current && textsFor(locale.current) });
  return locale.subscribe((next) => provider.setValue(textsFor(next)));
}
