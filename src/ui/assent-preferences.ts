import { consume } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { ConsentSnapshot } from '../core/consent.js';
import { NECESSARY, type CategoryConfig } from '../core/types.js';
import { assentPreferencesStyles } from './assent-preferences.styles.js';
import { snapshotContext, textsContext } from './context.js';
import { AssentDecisionRequestEvent, AssentPreferencesRequestEvent } from './events.js';
import { deepActiveElement } from './focus.js';
import { categoryText } from './i18n/category-text.js';
import type { Texts } from './i18n/texts.js';
import { choiceButtons, tokens } from './styles.js';

/**
 * @tag assent-preferences
 * @summary The preference center: a modal dialog with one switch per category. Switches change
 * nothing until "Save choices"; Escape and the close button leave without deciding. Focus goes
 * back to what opened it; on a narrow screen it fills the screen.
 *
 * @slot preferences-title - Replaces the heading.
 * @slot preferences-description - Replaces the explanation.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart title - The heading.
 * @csspart body - The explanation.
 * @csspart close-button - The close button.
 * @csspart category - One category's row.
 * @csspart switch - A category's switch.
 * @csspart actions - The row of choice buttons.
 * @csspart button - Every choice button.
 * @csspart button-accept - "Accept all".
 * @csspart button-reject - "Reject all".
 * @csspart button-save - "Save choices".
 *
 * @fires assent-decision-request - The shopper chose "Accept all", "Reject all" or "Save choices".
 * @fires assent-preferences-request - The shopper closed the dialog without deciding.
 */
export class AssentPreferences extends LitElement {
  static override styles = [tokens, choiceButtons, assentPreferencesStyles];

  @consume({ context: snapshotContext, subscribe: true })
  @state()
  private snapshot?: ConsentSnapshot;

  @consume({ context: textsContext, subscribe: true })
  @state()
  private texts?: Texts;

  /** The switches as the shopper has set them since opening; decided only on save. */
  @state()
  private draft: Readonly<Record<string, boolean>> = {};

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** What had focus when the dialog opened; it gets focus back when the dialog closes. */
  private opener: HTMLElement | null = null;

  /**
   * The dialog is rendered the first time it opens, not when the part is prefetched while the
   * browser is idle: rendering every category then would be a long task on a slow phone.
   */
  @state()
  private opened = false;

  protected override willUpdate(changed: PropertyValues): void {
    const wasOpen = (changed.get('snapshot') as ConsentSnapshot | undefined)?.preferencesOpen === true;
    if (changed.has('snapshot') && this.snapshot?.preferencesOpen && !wasOpen) {
      this.draft = { ...this.snapshot.grants };
      this.opened = true;
    }
  }

  protected override updated(): void {
    const { dialog } = this;
    const open = this.snapshot?.preferencesOpen === true;
    if (!dialog || open === dialog.open) return;
    if (open) {
      this.opener = deepActiveElement();
      dialog.showModal();
    } else {
      dialog.close();
    }
  }

  override render() {
    const { snapshot, texts } = this;
    if (!snapshot || !texts || !this.opened) return nothing;
    const { config } = snapshot;
    const { messages } = texts;
    return html`
      <dialog
        class="surface"
        part="dialog"
        aria-labelledby="title"
        aria-describedby="description"
        lang=${texts.lang}
        dir=${texts.dir}
        data-theme=${config.theme}
        @close=${this.onClose}
      >
        <div class="content">
          <div class="header">
            <h2 id="title" part="title"><slot name="preferences-title">${messages.preferencesTitle}</slot></h2>
            <button class="close" part="close-button" type="button" aria-label=${messages.close} @click=${this.onCloseClick}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <p id="description" class="description" part="body">
            <slot name="preferences-description">${messages.preferencesDescription}</slot>
            ${config.privacyUrl ? html`<a href=${config.privacyUrl}>${messages.privacyPolicy}</a>` : nothing}
          </p>
          ${snapshot.objection ? html`<p class="honored" part="signal-note" role="status">${messages.optOutHonored}</p>` : nothing}
          <ul class="categories" role="list">
            ${config.categories.map((category) => this.renderCategory(category, messages))}
          </ul>
          <div class="actions" part="actions">
            <button class="choice" part="button button-accept" type="button" @click=${this.onAcceptAll}>${messages.acceptAll}</button>
            <button class="choice" part="button button-reject" type="button" @click=${this.onRejectAll}>${messages.rejectAll}</button>
            <button class="choice" part="button button-save" type="button" @click=${this.onSave}>${messages.saveChoices}</button>
          </div>
        </div>
      </dialog>
    `;
  }

  private renderCategory(category: CategoryConfig, messages: Texts['messages']) {
    const { label, description } = categoryText(category, messages);
    const necessary = category.name === NECESSARY;
    const id = `category-${category.name}`;
    const describedBy = [description ? `${id}-description` : '', necessary ? `${id}-always-on` : ''].join(' ').trim();
    return html`
      <li class="category" part="category">
        <label for=${id}>${label}</label>
        ${description ? html`<p class="explanation" id="${id}-description">${description}</p>` : nothing}
        <span class="control">
          ${necessary ? html`<span class="always-on" id="${id}-always-on">${messages.alwaysOn}</span>` : nothing}
          <input
            id=${id}
            part="switch"
            type="checkbox"
            role="switch"
            data-category=${category.name}
            .checked=${necessary || this.draft[category.name] === true}
            ?disabled=${necessary}
            aria-describedby=${describedBy || nothing}
            @change=${this.onSwitch}
          />
        </span>
      </li>
    `;
  }

  private onSwitch(event: Event) {
    const input = event.target as HTMLInputElement;
    this.draft = { ...this.draft, [input.dataset.category!]: input.checked };
  }

  private onAcceptAll() {
    this.dispatchEvent(new AssentDecisionRequestEvent('accept-all'));
  }

  private onRejectAll() {
    this.dispatchEvent(new AssentDecisionRequestEvent('reject-all'));
  }

  private onSave() {
    this.dispatchEvent(new AssentDecisionRequestEvent('custom', this.draft));
  }

  private onCloseClick() {
    this.dialog?.close();
  }

  /** Escape, the close button and a decision all end here. */
  private onClose() {
    if (this.snapshot?.preferencesOpen) this.dispatchEvent(new AssentPreferencesRequestEvent(false));
    // The opener may be gone: "Customize" leaves with the banner once a choice is made.
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-preferences': AssentPreferences;
  }
}
