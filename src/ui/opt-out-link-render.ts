import { AssentPreferencesRequestEvent } from './events.js';
import { DO_NOT_SELL } from './i18n/do-not-sell.js';
import type { Locale, LocaleSource } from './i18n/locale.js';

let linkStyles: CSSStyleSheet | undefined;

/** Looks like a link in the page's footer, in the page's own colour and font. */
function styles(): CSSStyleSheet[] {
  if (!linkStyles) {
    linkStyles = new CSSStyleSheet();
    linkStyles.replaceSync(
      'button{all:unset;cursor:pointer;color:inherit;font:inherit;text-decoration:underline;min-block-size:24px}' +
        'button:focus-visible{outline:2px solid currentColor;outline-offset:2px}',
    );
  }
  return [linkStyles];
}

/** The link's text in the locale's language; English when its file has none. */
function linkText(locale: Locale): string {
  const text = (locale.messages as { doNotSell?: unknown } | undefined)?.doNotSell;
  return typeof text === 'string' && text.trim() ? text : DO_NOT_SELL;
}

/**
 * What `<assent-opt-out-link>` shows (`assent-opt-out-link.js`, loaded the first time one is on
 * the page): the button and its slot, whose default text follows the page's language. Answers
 * how to stop following it, for when the link leaves the page.
 */
export function renderOptOutLink(link: HTMLElement, locale: LocaleSource | undefined): () => void {
  const slot = linkSlot(link);
  const localize = (next: Locale) => {
    slot.textContent = linkText(next);
    slot.lang = next.lang;
    slot.dir = next.dir;
  };
  if (!locale) {
    localize({ lang: 'en', dir: 'ltr' });
    return () => undefined;
  }
  const stop = locale.subscribe(localize);
  locale.request();
  if (locale.current) localize(locale.current);
  return stop;
}

/** The link's shadow root is made once: a link moved on the page keeps it. */
function linkSlot(link: HTMLElement): HTMLSlotElement {
  const existing = link.shadowRoot?.querySelector('slot');
  if (existing) return existing;
  const root = link.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = styles();
  const button = document.createElement('button');
  button.type = 'button';
  button.part.add('link');
  const slot = document.createElement('slot');
  button.append(slot);
  button.addEventListener('click', () => link.dispatchEvent(new AssentPreferencesRequestEvent(true)));
  root.append(button);
  return slot;
}
