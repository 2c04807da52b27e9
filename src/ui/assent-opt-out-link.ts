import { pageHandle } from '../page-handle.js';
import { AssentPreferencesRequestEvent } from './events.js';
import { DO_NOT_SELL } from './i18n/do-not-sell.js';
import type { Locale } from './i18n/locale.js';

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
 * @tag assent-opt-out-link
 * @summary The "Do Not Sell or Share My Personal Information" link that US state laws ask for
 * in the footer: it opens the preference center. A plain element (no Lit), so it is there on
 * every page without loading the UI part. Its text follows the page's language once that is loaded.
 *
 * @slot - Replaces the link's text.
 * @csspart link - The link-styled button.
 */
export class AssentOptOutLink extends HTMLElement {
  private stopFollowing: (() => void) | undefined;

  connectedCallback(): void {
    const slot = this.render();
    const locale = pageHandle()?.locale;
    if (!locale) return this.localize(slot, { lang: 'en', dir: 'ltr' });
    this.stopFollowing = locale.subscribe((next) => this.localize(slot, next));
    locale.request();
    if (locale.current) this.localize(slot, locale.current);
  }

  disconnectedCallback(): void {
    this.stopFollowing?.();
    this.stopFollowing = undefined;
  }

  /** The button and its slot, whose default text is set once the language is known. */
  private render(): HTMLSlotElement {
    const existing = this.shadowRoot?.querySelector('slot');
    if (existing) return existing;
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = styles();
    const button = document.createElement('button');
    button.type = 'button';
    button.part.add('link');
    const slot = document.createElement('slot');
    button.append(slot);
    button.addEventListener('click', () => this.dispatchEvent(new AssentPreferencesRequestEvent(true)));
    root.append(button);
    return slot;
  }

  private localize(slot: HTMLSlotElement, locale: Locale): void {
    slot.textContent = linkText(locale);
    slot.lang = locale.lang;
    slot.dir = locale.dir;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-opt-out-link': AssentOptOutLink;
  }
}
