import { consume } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { ConsentSnapshot } from '../core/consent.js';
import { assentBannerStyles } from './assent-banner.styles.js';
import { snapshotContext } from './context.js';
import { AssentDecisionRequestEvent, AssentPreferencesRequestEvent } from './events.js';
import { en } from './i18n/en.js';
import { choiceButtons, tokens } from './styles.js';

/** Positions where a `bar` spans the viewport; anywhere else the banner is a box. */
const WIDE_POSITIONS: ReadonlySet<string> = new Set(['bottom', 'top']);

/**
 * @tag assent-banner
 * @summary The first layer: a non-blocking region with equal "Accept all", "Reject all" and
 * "Customize" buttons, shown while the shopper has not decided; in the opt-out regime a small
 * notice with "Do Not Sell or Share My Personal Information" and "OK", and "Opt-Out Request
 * Honored" when the browser sends Global Privacy Control.
 *
 * @csspart banner - The banner region.
 * @csspart title - The heading.
 * @csspart body - The explanation.
 * @csspart actions - The row of choice buttons.
 * @csspart button - Every choice button.
 * @csspart button-accept - "Accept all".
 * @csspart button-reject - "Reject all".
 * @csspart button-customize - "Customize".
 * @csspart button-opt-out - "Do Not Sell or Share My Personal Information" (opt-out notice).
 * @csspart button-ok - "OK" (opt-out notice).
 * @csspart signal-note - "Opt-Out Request Honored".
 *
 * @cssprop --assent-surface - Background colour.
 * @cssprop --assent-text - Text colour.
 * @cssprop --assent-muted - Secondary text colour.
 * @cssprop --assent-accent - Button background colour.
 * @cssprop --assent-accent-text - Button text colour.
 * @cssprop --assent-border - Border and control outline colour.
 * @cssprop --assent-radius - Corner radius.
 * @cssprop --assent-font - Font; the page's font by default.
 * @cssprop --assent-shadow - Box shadow.
 * @cssprop --assent-z-index - Stacking order of the banner.
 * @cssprop --assent-spacing - Base spacing.
 *
 * @fires assent-decision-request - The shopper chose "Accept all" or "Reject all".
 * @fires assent-preferences-request - The shopper chose "Customize".
 */
export class AssentBanner extends LitElement {
  static override styles = [tokens, choiceButtons, assentBannerStyles];

  @consume({ context: snapshotContext, subscribe: true })
  @state()
  private snapshot?: ConsentSnapshot;

  override render() {
    if (!this.snapshot?.showBanner) return nothing;
    const { config, mode } = this.snapshot;
    const optOut = mode === 'opt-out';
    return html`
      <section
        class="banner surface"
        part="banner"
        role="region"
        aria-label=${en.bannerLabel}
        lang="en"
        dir="ltr"
        data-theme=${config.theme}
        data-position=${config.position}
        ?data-box=${optOut || config.layout === 'box' || !WIDE_POSITIONS.has(config.position)}
      >
        <div class="text">
          <h2 part="title">${en.bannerTitle}</h2>
          <p class="description" part="body">${optOut ? en.optOutDescription : en.bannerDescription} ${this.renderPrivacyLink(config.privacyUrl)}</p>
          ${optOut && this.snapshot.objection ? html`<p class="honored" part="signal-note" role="status">${en.optOutHonored}</p>` : nothing}
        </div>
        <div class="actions" part="actions">${optOut ? this.renderOptOutActions() : this.renderChoices()}</div>
      </section>
    `;
  }

  private renderChoices() {
    return html`
      <button class="choice" part="button button-accept" type="button" @click=${this.onAcceptAll}>${en.acceptAll}</button>
      <button class="choice" part="button button-reject" type="button" @click=${this.onRejectAll}>${en.rejectAll}</button>
      <button class="choice" part="button button-customize" type="button" @click=${this.onCustomize}>${en.customize}</button>
    `;
  }

  /** The US opt-out notice: optional categories already run; the shopper may opt out, or acknowledge. */
  private renderOptOutActions() {
    return html`
      <button class="choice" part="button button-opt-out" type="button" @click=${this.onCustomize}>${en.doNotSell}</button>
      <button class="choice" part="button button-ok" type="button" @click=${this.onAcceptAll}>${en.ok}</button>
    `;
  }

  private renderPrivacyLink(url: string | undefined) {
    return url ? html`<a href=${url}>${en.privacyPolicy}</a>` : nothing;
  }

  private onAcceptAll() {
    this.dispatchEvent(new AssentDecisionRequestEvent('accept-all'));
  }

  private onRejectAll() {
    this.dispatchEvent(new AssentDecisionRequestEvent('reject-all'));
  }

  private onCustomize() {
    this.dispatchEvent(new AssentPreferencesRequestEvent(true));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-banner': AssentBanner;
  }
}
