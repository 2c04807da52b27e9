import { consume } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { ConsentSnapshot } from '../core/consent.js';
import { inNextTask } from '../core/next-task.js';
import type { ConsentMethod } from '../core/types.js';
import { assentBannerStyles } from './assent-banner.styles.js';
import { snapshotContext, textsContext } from './context.js';
import { AssentDecisionRequestEvent, AssentPreferencesRequestEvent } from './events.js';
import { bannerDescription } from './i18n/banner-description.js';
import type { Texts } from './i18n/texts.js';
import { deepActiveElement } from './focus.js';
import { isCovered, reserveEdge } from './scroll-padding.js';
import { settingsLinkName } from './settings-link.js';
import { choiceButtons, tokens } from './styles.js';

/** Positions where a `bar` spans the viewport; anywhere else the banner is a box. */
const WIDE_POSITIONS: ReadonlySet<string> = new Set(['bottom', 'top']);

/** The shopper's own choices, which are confirmed with a status message. */
const CONFIRMED_METHODS: ReadonlySet<ConsentMethod> = new Set(['accept-all', 'reject-all', 'custom']);

/**
 * @tag assent-banner
 * @summary The first layer: a non-blocking region with equal "Accept all", "Reject all" and
 * "Customize" buttons, shown while the shopper has not decided; in the opt-out regime a small
 * notice with "Do Not Sell or Share My Personal Information" and "OK", and "Opt-Out Request
 * Honored" when the browser sends Global Privacy Control. It also confirms, without moving
 * focus, that a choice was saved: in a status region, and for a few seconds in a small visible
 * note with "Change", which waits while it is hovered or has focus.
 *
 * @slot title - Replaces the heading.
 * @slot description - Replaces the explanation (opt-in).
 * @slot opt-out-description - Replaces the explanation of the opt-out notice.
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
 * @csspart confirmation - The note that a choice was saved.
 * @csspart button-change - "Change" in that note.
 *
 * @cssprop --assent-confirmation-duration - How long the note that a choice was saved shows. Default `6s`.
 *
 * @fires assent-decision-request - The shopper chose "Accept all" or "Reject all".
 * @fires assent-preferences-request - The shopper chose "Customize", or "Change" after saving.
 */
export class AssentBanner extends LitElement {
  static override styles = [tokens, choiceButtons, assentBannerStyles];

  @consume({ context: snapshotContext, subscribe: true })
  @state()
  private snapshot?: ConsentSnapshot;

  @consume({ context: textsContext, subscribe: true })
  @state()
  private texts?: Texts;

  /** Whether the status region says the choice was saved. */
  @state()
  private confirming = false;

  /** Whether the visible note that the choice was saved shows; it hides itself (see its animation). */
  @state()
  private noteShown = false;

  /**
   * A banner at the top or in the center moved to the bottom edge because it covered what had
   * focus there, which scrolling cannot clear at the top of a page (WCAG 2.4.11).
   */
  @state()
  private movedClear = false;

  /** The shown banner the page's scroll padding is reserved for, at its position, and how to give it back. */
  private reserved: { readonly region: HTMLElement; readonly position: string; readonly release: () => void } | undefined;

  /** The first render in a task of its own, after the one that upgraded the element and adopted its styles. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.hasUpdated ? super.scheduleUpdate() : inNextTask(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues): void {
    const previous = changed.get('snapshot') as ConsentSnapshot | undefined;
    const decided = this.snapshot?.state;
    if (previous?.ready && decided && decided !== previous.state && CONFIRMED_METHODS.has(decided.method)) void this.confirm();
  }

  protected override updated(): void {
    const region = this.renderRoot.querySelector<HTMLElement>('.banner');
    if (region && region !== this.reserved?.region) showLaidOut(region);
    const position = region?.dataset['position'] ?? '';
    if (region === (this.reserved?.region ?? null) && position === this.reserved?.position) return;
    this.reserved?.release();
    this.reserved = region ? { region, position, release: position === 'center' ? () => {} : reserveEdge(region, position === 'top' ? 'top' : 'bottom') } : undefined;
    if (!region) this.movedClear = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('focusin', this.onPageFocus);
    // The explanation names the page's settings link, which may come later in the page.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => this.requestUpdate(), { once: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('focusin', this.onPageFocus);
    this.reserved?.release();
    this.reserved = undefined;
  }

  override render() {
    const { snapshot, texts } = this;
    if (!snapshot || !texts) return nothing;
    return html`
      ${snapshot.showBanner ? this.renderBanner(snapshot, texts) : nothing}
      ${this.noteShown ? this.renderSavedNote(snapshot, texts) : nothing}
      <p class="visually-hidden" id="status" role="status" lang=${texts.lang} dir=${texts.dir}>${this.confirming ? texts.messages.saved : ''}</p>
    `;
  }

  private renderBanner({ config, mode, objection }: ConsentSnapshot, { lang, dir, messages }: Texts) {
    const optOut = mode === 'opt-out';
    return html`
      <section
        class="banner surface"
        data-pending
        data-entering
        part="banner"
        role="region"
        aria-label=${messages.bannerLabel}
        lang=${lang}
        dir=${dir}
        data-theme=${config.theme}
        data-position=${this.movedClear ? 'bottom' : config.position}
        ?data-box=${optOut || config.layout === 'box' || !WIDE_POSITIONS.has(config.position)}
      >
        <div class="text">
          <h2 part="title"><slot name="title">${messages.bannerTitle}</slot></h2>
          <p class="description" part="body">
            ${optOut
              ? html`<slot name="opt-out-description">${messages.optOutDescription}</slot>`
              : html`<slot name="description">${bannerDescription(messages, config, settingsLinkName())}</slot>`}
            ${config.privacyUrl ? html`<a href=${config.privacyUrl}>${messages.privacyPolicy}</a>` : nothing}
          </p>
          ${optOut && objection ? html`<p class="honored" part="signal-note" role="status">${messages.optOutHonored}</p>` : nothing}
        </div>
        <div class="actions ${optOut ? 'notice' : 'choices'}" part="actions">${optOut ? this.renderOptOutActions(messages) : this.renderChoices(messages)}</div>
      </section>
    `;
  }

  private renderChoices(messages: Texts['messages']) {
    return html`
      <button class="choice" part="button button-accept" type="button" @click=${this.onAcceptAll}>${messages.acceptAll}</button>
      <button class="choice" part="button button-reject" type="button" @click=${this.onRejectAll}>${messages.rejectAll}</button>
      <button class="choice customize" part="button button-customize" type="button" @click=${this.onCustomize}>${messages.customize}</button>
    `;
  }

  /** The US opt-out notice: optional categories already run; the shopper may opt out, or acknowledge. */
  private renderOptOutActions(messages: Texts['messages']) {
    return html`
      <button class="choice" part="button button-opt-out" type="button" @click=${this.onCustomize}>${messages.doNotSell}</button>
      <button class="choice" part="button button-ok" type="button" @click=${this.onAcceptAll}>${messages.ok}</button>
    `;
  }

  /**
   * The visible confirmation. Its text is the status region's (which announces it), so it is
   * hidden from assistive technology here; "Change" is described by the status region. It waits
   * while the preference center is open, so that focus can come back to "Change".
   */
  private renderSavedNote({ config, preferencesOpen }: ConsentSnapshot, { lang, dir, messages }: Texts) {
    return html`
      <div class="saved surface" part="confirmation" lang=${lang} dir=${dir} data-theme=${config.theme} ?data-waiting=${preferencesOpen} @animationend=${this.onNoteEnd}>
        <span aria-hidden="true">${messages.saved}</span>
        <button class="change" part="button-change" type="button" aria-describedby="status" @click=${this.onCustomize}>${messages.change}</button>
      </div>
    `;
  }

  /** After the browser has scrolled to what got focus: is it still under a top or center banner? */
  private readonly onPageFocus = () => {
    if (this.noteShown) requestAnimationFrame(this.clearNoteOffFocus);
    const position = this.reserved?.position;
    if (this.movedClear || (position !== 'top' && position !== 'center')) return;
    requestAnimationFrame(() => {
      const region = this.reserved?.region;
      const focused = deepActiveElement();
      if (!region || !focused || this.renderRoot.contains(focused) || !isCovered(focused, region)) return;
      this.movedClear = true;
      // Once the page has room reserved at the bottom edge (measured when the moved banner is laid
      // out, before the next frame), bring what has focus clear of it.
      void this.updateComplete.then(() => requestAnimationFrame(() => requestAnimationFrame(() => focused.scrollIntoView({ block: 'nearest' }))));
    });
  };

  /** The note that a choice was saved goes at once when it covers what got focus on the page (WCAG 2.4.11). */
  private readonly clearNoteOffFocus = () => {
    const note = this.renderRoot.querySelector('.saved');
    const focused = deepActiveElement();
    if (note && focused && !this.renderRoot.contains(focused) && isCovered(focused, note)) this.noteShown = false;
  };

  /**
   * Empties the status region first, so that saving twice is announced twice; a note already
   * shown starts its time again (kept, so that focus on its button stays).
   */
  private async confirm() {
    this.confirming = false;
    await this.updateComplete;
    this.confirming = true;
    for (const animation of this.renderRoot.querySelector('.saved')?.getAnimations() ?? []) animation.currentTime = 0;
    this.noteShown = true;
  }

  /** The note's time is up (its `lifetime` animation, which waits on hover and focus). */
  private onNoteEnd(event: AnimationEvent) {
    if (event.animationName === 'lifetime') this.noteShown = false;
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

/**
 * Shows a newly rendered banner (hidden until then) in a task of its own, and lays it out there
 * rather than in the frame that paints it. On a slow phone, the banner's render, its style and
 * layout, and that frame are then three short tasks instead of one long frame.
 */
function showLaidOut(region: HTMLElement): void {
  void inNextTask(() => {
    if (!region.isConnected) return;
    region.removeAttribute('data-pending');
    void region.offsetHeight; // the layout, now
    slideInAfterFirstFrame(region);
  });
}

/** Starts the banner's entrance slide once the browser has rendered the banner's first frame. */
function slideInAfterFirstFrame(region: HTMLElement): void {
  requestAnimationFrame(() => void inNextTask(() => region.removeAttribute('data-entering')));
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-banner': AssentBanner;
  }
}
