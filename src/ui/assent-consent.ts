import { AssentConfigureRequestEvent } from './events.js';
import { whenParsed } from './parsed.js';

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
 * @attr gpc - `respect` or `ignore` Global Privacy Control. Default `respect`.
 * @attr dnt - `respect` or `ignore` Do Not Track. Default `ignore`.
 * @attr region - The shopper's jurisdiction (ISO 3166), set by the shop's server.
 * @attr subject - Opaque id of a signed-in shopper.
 * @attr platform - `shopify` or `wordpress`.
 * @attr theme - `auto`, `light` or `dark`. Default `auto`.
 * @attr layout - `bar` or `box`. Default `bar`.
 * @attr position - `bottom`, `top`, `bottom-left`, `bottom-right` or `center`. Default `bottom`.
 * @attr reload-on-withdraw - `false` keeps the page from reloading after a withdrawal of code that already ran. Default `true`.
 *
 * @slot - `<assent-category>` elements that add or refine categories.
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
    this.renderUi();
    void whenParsed(this).then(() => this.watchConfiguration());
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    if (AssentConsent.active === this) AssentConsent.active = undefined;
  }

  /** The banner and the preference center stay inert until their part defines them. */
  private renderUi(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (root.childElementCount) return;
    root.append(document.createElement('assent-banner'), document.createElement('assent-preferences'));
  }

  /** Reads the configuration now and again whenever an attribute or a category changes. */
  private watchConfiguration(): void {
    if (AssentConsent.active !== this || this.observer) return;
    this.observer = new MutationObserver(() => this.dispatchEvent(new AssentConfigureRequestEvent()));
    this.observer.observe(this, { attributes: true, childList: true, subtree: true });
    this.dispatchEvent(new AssentConfigureRequestEvent());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-consent': AssentConsent;
  }
}
