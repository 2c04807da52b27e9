import { LitElement, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { AssentConfigureRequestEvent } from './events.js';
import { whenParsed } from './parsed.js';

/**
 * @tag assent-consent
 * @summary The page's consent UI: configured by its attributes and `<assent-category>` children,
 * it shows the banner while the shopper has to decide and the preference center on request.
 * One per page; a second one warns and shows nothing.
 *
 * @attr categories - Space-separated category names; `functional`, `analytics`, `marketing` and `personalization` have built-in texts.
 * @attr policy-version - When it differs from the stored decision's, the shopper is asked again. Default `1`.
 * @attr max-age-days - Days a decision lasts, 1–395. Default `180`.
 * @attr privacy-url - Link to the privacy policy (http(s) or relative).
 * @attr endpoint - URL that receives consent records.
 * @attr lang - UI language (BCP 47); `auto` or absent: the page's language.
 * @attr mode - `opt-in`, `opt-out` or `auto`. Default `opt-in`.
 * @attr google-consent-mode - Drives Google Consent Mode v2.
 * @attr gpc - `respect` or `ignore` Global Privacy Control. Default `respect`.
 * @attr dnt - `respect` or `ignore` Do Not Track. Default `ignore`.
 * @attr region - The shopper's jurisdiction (ISO 3166), set by the shop's server.
 * @attr subject - Opaque id of a signed-in shopper.
 * @attr platform - `shopify` or `wordpress`.
 * @attr theme - `auto`, `light` or `dark`. Default `auto`.
 * @attr layout - `bar` or `box`. Default `bar`.
 * @attr position - `bottom`, `top`, `bottom-left`, `bottom-right` or `center`. Default `bottom`.
 *
 * @slot - `<assent-category>` elements that add or refine categories.
 * @fires assent-configure-request - The configuration is complete or changed.
 */
export class AssentConsent extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The element that configures the page; later ones stand by. */
  private static active: AssentConsent | undefined;

  @state()
  private isActive = false;

  private observer: MutationObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const active = AssentConsent.active;
    if (active && active !== this && active.isConnected) {
      console.warn('[assent] more than one <assent-consent> on the page; only the first is used.');
      return;
    }
    AssentConsent.active = this;
    this.isActive = true;
    void whenParsed(this).then(() => this.watchConfiguration());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = undefined;
    if (AssentConsent.active === this) AssentConsent.active = undefined;
    this.isActive = false;
  }

  override render() {
    return this.isActive ? html`<assent-banner></assent-banner><assent-preferences></assent-preferences>` : nothing;
  }

  /** Reads the configuration now and again whenever an attribute or a category changes. */
  private watchConfiguration(): void {
    if (!this.isActive || this.observer) return;
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
