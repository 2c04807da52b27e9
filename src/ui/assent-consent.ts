import { AssentConfigureRequestEvent } from './events.js';
import { inNextTask } from '../core/next-task.js';
import { whenParsed } from './parsed.js';

const SHARED_PARTS = 'title, body, actions, button, button-accept, button-reject, signal-note';
const BANNER_PARTS = `banner, ${SHARED_PARTS}, button-customize, button-opt-out, button-ok, confirmation, button-change`;
const PREFERENCES_PARTS = `dialog, ${SHARED_PARTS}, button-save, close-button, category, switch`;

/** The copy a shop may replace with its own, by the element that shows it. */
const FORWARDED_SLOTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['assent-banner', ['title', 'description', 'opt-out-description']],
  ['assent-preferences', ['preferences-title', 'preferences-description']],
];

/** An inner element whose parts the page can style as `assent-consent::part(…)`. */
function withParts(tag: string, parts: string): HTMLElement {
  const element = document.createElement(tag);
  element.setAttribute('exportparts', parts);
  return element;
}

/**
 * @tag assent-consent
 * @summary The page's consent UI: configured by its attributes and `<assent-category>` children,
 * it shows the banner while the shopper has to decide and the preference center on request.
 * One per page; a second one warns and shows nothing. It is a plain element, so that the main
 * script carries no Lit: its banner and preference center are defined by parts loaded when needed.
 *
 * @attr categories - Space-separated category names; `functional`, `analytics`, `marketing` and `personalization` have built-in texts.
 * @attr policy-version - When it differs from the stored decision's, the shopper is asked again. Default `1`.
 * @attr max-age-days - Days a decision lasts, 1–395. Default `180`.
 * @attr privacy-url - Link to the privacy policy (http(s) or relative).
 * @attr endpoint - URL that receives consent records.
 * @attr lang - UI language (BCP 47); `auto` or absent: the page's language.
 * @attr mode - `opt-in`, `opt-out` or `auto`. Default `opt-in`.
 * @attr google-consent-mode - Drives Google Consent Mode v2 (also `data-google-consent-mode` on Assent's `<script>`, which sends the default first).
 * @attr gcm-wait - Consent Mode `wait_for_update` in milliseconds, 0–10000. Default `500`.
 * @attr gcm-ads-data-redaction - Sets Consent Mode's `ads_data_redaction`.
 * @attr gcm-url-passthrough - Sets Consent Mode's `url_passthrough`.
 * @attr signals - Vendors whose consent APIs are told of decisions: `uet`, `clarity`, `meta`, `tiktok` (also `data-signals` on Assent's `<script>`, which sends their defaults first).
 * @attr gpc - `respect` or `ignore` Global Privacy Control. Default `respect`.
 * @attr dnt - `respect` or `ignore` Do Not Track. Default `ignore`.
 * @attr region - The shopper's jurisdiction (ISO 3166), set by the shop's server.
 * @attr subject - Opaque id of a signed-in shopper.
 * @attr platform - `shopify` or `wordpress`.
 * @attr theme - `auto`, `light` or `dark`. Default `auto`.
 * @attr layout - `bar` or `box`. Default `bar`.
 * @attr position - `bottom`, `top`, `bottom-left`, `bottom-right` or `center`. Default `bottom`.
 * @attr cookie-domain - The page's host or a parent domain (`.shop.example`): the decision is shared with its sub-domains through a first-party cookie.
 * @attr reload-on-withdraw - `false` keeps the page from reloading after a withdrawal of code that already ran. Default `true`.
 * @attr debug - Prints, once the page has settled, what reached other sites or was stored before consent, and every warning (also `?assent-debug` in the page's URL).
 *
 * @slot - `<assent-category>` elements that add or refine categories (they render nothing).
 * @slot title - The banner's heading, in place of the translated one.
 * @slot description - The banner's explanation (opt-in).
 * @slot opt-out-description - The opt-out notice's explanation.
 * @slot preferences-title - The preference center's heading.
 * @slot preferences-description - The preference center's explanation.
 *
 * @csspart banner - The banner region.
 * @csspart dialog - The preference center's `<dialog>`.
 * @csspart title - A heading.
 * @csspart body - An explanation.
 * @csspart actions - A row of choice buttons.
 * @csspart button - Every choice button.
 * @csspart button-accept - "Accept all".
 * @csspart button-reject - "Reject all".
 * @csspart button-customize - "Customize" (banner).
 * @csspart button-save - "Save choices" (preference center).
 * @csspart button-opt-out - "Do Not Sell or Share My Personal Information" (opt-out notice).
 * @csspart button-ok - "OK" (opt-out notice).
 * @csspart close-button - The preference center's close button.
 * @csspart category - One category's row in the preference center.
 * @csspart switch - A category's switch.
 * @csspart signal-note - "Opt-Out Request Honored".
 * @csspart confirmation - The short note that a choice was saved.
 * @csspart button-change - "Change" in that note.
 *
 * @cssprop --assent-surface - Background colour. Light `#ffffff`, dark `#1c1c21`.
 * @cssprop --assent-text - Text colour. Light `#1c1c21`, dark `#f2f2f5`.
 * @cssprop --assent-muted - Secondary text colour. Light `#4b4b57`, dark `#c4c4cf`.
 * @cssprop --assent-accent - Button and switch colour. Light `#1d4ed8`, dark `#9cbcff`.
 * @cssprop --assent-accent-text - Text on the accent colour. Light `#ffffff`, dark `#0b1220`.
 * @cssprop --assent-border - Borders and switch outlines. Light `#6b6b76`, dark `#9a9aa6`.
 * @cssprop --assent-radius - Corner radius. Default `0.75rem`.
 * @cssprop --assent-font - Font family. Default: the page's font.
 * @cssprop --assent-shadow - Box shadow. Default `0 0.5rem 2rem rgb(0 0 0 / 0.2)`.
 * @cssprop --assent-z-index - Stacking order of the banner. Default `2147483000`.
 * @cssprop --assent-spacing - Base spacing. Default `1rem`.
 * @cssprop --assent-confirmation-duration - How long the note that a choice was saved shows (it waits while hovered or focused). Default `6s`.
 * @fires assent-configure-request - The configuration is complete or changed.
 */
export class AssentConsent extends HTMLElement {
  /** The element that configures the page; later ones stand by. */
  private static active: AssentConsent | undefined;

  private observer: MutationObserver | undefined;

  connectedCallback(): void {
    const active = AssentConsent.active;
    if (active && active !== this && active.isConnected) {
      console.warn('[assent] more than one <assent-consent> on the page; only the first is used.');
      return;
    }
    AssentConsent.active = this;
    // Building the inner elements and reading the configuration (which makes the manager ready,
    // and all that follows from that) come once the children are parsed, in a task of their own:
    // in the parser's task, or the upgrade's, they made it long on a slow phone.
    void whenParsed(this).then(() => inNextTask(() => this.start()));
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    if (AssentConsent.active === this) AssentConsent.active = undefined;
  }

  /** Once the children are parsed: the inner elements, then the configuration, read and watched. */
  private start(): void {
    if (AssentConsent.active !== this || this.observer) return;
    this.renderUi();
    this.watchConfiguration();
  }

  /** The banner and the preference center stay inert until their part defines them. */
  private renderUi(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (!root.childElementCount) {
      root.append(withParts('assent-banner', BANNER_PARTS), withParts('assent-preferences', PREFERENCES_PARTS));
    }
  }

  /**
   * Passes the shop's own copy (`<p slot="title">`) on to the banner or the preference center.
   * Only slots the shop fills are passed on: an empty one would hide the translated text.
   */
  private forwardSlots(): void {
    for (const [tag, names] of FORWARDED_SLOTS) {
      const target = this.shadowRoot?.querySelector(tag);
      if (!target) continue;
      for (const name of names) {
        const filled = Boolean(this.querySelector(`:scope > [slot="${name}"]`));
        const forwarded = target.querySelector(`:scope > slot[name="${name}"]`);
        if (filled && !forwarded) {
          const slot = document.createElement('slot');
          slot.name = slot.slot = name;
          target.append(slot);
        } else if (!filled) forwarded?.remove();
      }
    }
  }

  /** Reads the configuration now and again whenever an attribute or a category changes. */
  private watchConfiguration(): void {
    this.forwardSlots();
    this.observer = new MutationObserver(() => {
      this.forwardSlots();
      this.dispatchEvent(new AssentConfigureRequestEvent());
    });
    this.observer.observe(this, { attributes: true, childList: true, subtree: true });
    this.dispatchEvent(new AssentConfigureRequestEvent());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-consent': AssentConsent;
  }
}
