import { pageHandle } from '../page-handle.js';

/**
 * @tag assent-opt-out-link
 * @summary The "Do Not Sell or Share My Personal Information" link that US state laws ask for
 * in the footer: it opens the preference center. A plain element (no Lit), so it is there on
 * every page without loading the UI part; what it shows comes with a small part,
 * `assent-opt-out-link.js`, loaded the first time one is on the page. Its text follows the page's
 * language once that is loaded.
 *
 * @slot - Replaces the link's text.
 * @csspart link - The link-styled button.
 */
export class AssentOptOutLink extends HTMLElement {
  private stopFollowing: (() => void) | undefined;

  connectedCallback(): void {
    void pageHandle()
      ?.optOutLink()
      .then((render) => {
        if (this.isConnected && !this.stopFollowing) this.stopFollowing = render?.(this);
      });
  }

  disconnectedCallback(): void {
    this.stopFollowing?.();
    this.stopFollowing = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-opt-out-link': AssentOptOutLink;
  }
}
