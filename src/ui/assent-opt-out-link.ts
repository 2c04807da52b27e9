import { AssentPreferencesRequestEvent } from './events.js';
import { DO_NOT_SELL } from './i18n/do-not-sell.js';

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

/**
 * @tag assent-opt-out-link
 * @summary The "Do Not Sell or Share My Personal Information" link that US state laws ask for
 * in the footer: it opens the preference center. A plain element (no Lit), so it is there on
 * every page without loading the UI part.
 *
 * @slot - Replaces the link's text.
 * @csspart link - The link-styled button.
 */
export class AssentOptOutLink extends HTMLElement {
  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = styles();
    const button = document.createElement('button');
    button.type = 'button';
    button.part.add('link');
    const slot = document.createElement('slot');
    slot.textContent = DO_NOT_SELL;
    button.append(slot);
    button.addEventListener('click', () => this.dispatchEvent(new AssentPreferencesRequestEvent(true)));
    root.append(button);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-opt-out-link': AssentOptOutLink;
  }
}
