import { consume } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { ConsentSnapshot } from '../core/consent.js';
import type { DeliveredRecord } from '../core/endpoint.js';
import { NECESSARY, type CategoryConfig, type ConsentState } from '../core/types.js';
import { assentCookieTableStyles } from './assent-cookie-table.styles.js';
import { snapshotContext, textsContext } from './context.js';
import { receiptContext, type ReadReceipt } from './receipt-context.js';
import { AssentPreferencesRequestEvent } from './events.js';
import { categoryText } from './i18n/category-text.js';
import type { Texts } from './i18n/texts.js';
import { choiceButtons, tokens } from './styles.js';

/**
 * After a decision the endpoint's receipt comes some moments later (or after retries): the
 * table looks for it again after these waits, in milliseconds, and then stops until the next decision.
 */
const RECEIPT_CHECKS_MS = [250, 500, 1000, 2000, 4000, 8000, 16000];

/**
 * @tag assent-cookie-table
 * @summary For the shop's privacy page: a table of the page's consent categories, each with its
 * label, its description, the cookies it declares (`<assent-category cookies="…">`) and the
 * shopper's current choice; a "Change" button that opens the preference center; and, on a page
 * with an `endpoint`, the id of the endpoint's receipt for the current decision, or "Not yet
 * confirmed". Configured by the page's `<assent-consent>`; it has no attributes. Its part is
 * loaded only on a page that has one.
 *
 * @slot caption - Replaces the table's caption ("Your privacy choices").
 *
 * @csspart table - The `<table>`.
 * @csspart caption - Its caption.
 * @csspart category - One category's row.
 * @csspart cookie - One declared cookie name (a trailing `*` stands for any ending).
 * @csspart choice - A category's current choice: "Allowed", "Not allowed" or "Always on".
 * @csspart receipt - The receipt's line: its label and the id, or "Not yet confirmed".
 * @csspart button - The "Change" button.
 * @csspart button-change - The "Change" button.
 *
 * @cssprop --assent-surface - Background colour. Light `#ffffff`, dark `#1c1c21`.
 * @cssprop --assent-text - Text colour. Light `#1c1c21`, dark `#f2f2f5`.
 * @cssprop --assent-muted - Descriptions. Light `#4b4b57`, dark `#c4c4cf`.
 * @cssprop --assent-accent - The button's colour. Light `#1d4ed8`, dark `#9cbcff`.
 * @cssprop --assent-accent-text - Text on the button. Light `#ffffff`, dark `#0b1220`.
 * @cssprop --assent-border - Rules between rows. Light `#6b6b76`, dark `#9a9aa6`.
 * @cssprop --assent-radius - Corner radius. Default `0.75rem`.
 * @cssprop --assent-font - Font family. Default: the page's font.
 * @cssprop --assent-spacing - Base spacing. Default `1rem`.
 *
 * @fires assent-preferences-request - The shopper chose "Change".
 */
export class AssentCookieTable extends LitElement {
  static override styles = [tokens, choiceButtons, assentCookieTableStyles];

  @consume({ context: snapshotContext, subscribe: true })
  @state()
  private snapshot?: ConsentSnapshot;

  @consume({ context: textsContext, subscribe: true })
  @state()
  private texts?: Texts;

  @consume({ context: receiptContext, subscribe: true })
  @state()
  private readReceipt?: ReadReceipt;

  /** The latest record the endpoint confirmed, with its receipt, as last read. */
  @state()
  private delivered: DeliveredRecord | null = null;

  /** The decision whose receipt is looked for, and the timer of the next look. */
  private lookingFor: { readonly decision: ConsentState | null; timer?: ReturnType<typeof setTimeout> } | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.lookingFor?.timer);
    this.lookingFor = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.snapshot?.config.endpoint || !this.readReceipt) return;
    const decision = this.snapshot.state;
    if (changed.has('readReceipt') || this.lookingFor?.decision !== decision) this.lookForReceipt(decision, 0);
  }

  override render() {
    const { snapshot, texts } = this;
    if (!snapshot?.ready || !texts) return nothing;
    const { messages } = texts;
    return html`
      <div class="surface" lang=${texts.lang} dir=${texts.dir} data-theme=${snapshot.config.theme}>
        <table part="table" role="table">
          <caption id="caption" part="caption"><slot name="caption">${messages.bannerTitle}</slot></caption>
          <thead>
            <tr role="row">
              <th scope="col" role="columnheader">${messages.cookieTable.category}</th>
              <th scope="col" role="columnheader">${messages.cookieTable.purpose}</th>
              <th scope="col" role="columnheader">${messages.cookieTable.cookies}</th>
              <th scope="col" role="columnheader">${messages.cookieTable.choice}</th>
            </tr>
          </thead>
          <tbody>
            ${snapshot.config.categories.map((category) => this.renderCategory(category, snapshot, messages))}
          </tbody>
        </table>
        <div class="footer">
          ${snapshot.config.endpoint ? this.renderReceipt(snapshot.state, messages) : nothing}
          <button class="choice" part="button button-change" type="button" aria-describedby="caption" @click=${this.onChange}>${messages.change}</button>
        </div>
      </div>
    `;
  }

  private renderCategory(category: CategoryConfig, { grants }: ConsentSnapshot, messages: Texts['messages']) {
    const { label, description } = categoryText(category, messages);
    const choice = category.name === NECESSARY ? messages.alwaysOn : grants[category.name] ? messages.cookieTable.allowed : messages.cookieTable.notAllowed;
    return html`
      <tr part="category" role="row" data-category=${category.name}>
        <th scope="row" role="rowheader">${label}</th>
        <td class="description" role="cell">${description}</td>
        <td class="cookies" role="cell">
          ${category.cookies.length ? html`<ul role="list">${category.cookies.map((pattern) => html`<li><code part="cookie">${pattern}</code></li>`)}</ul>` : nothing}
        </td>
        <td class="decision" part="choice" role="cell">${choice}</td>
      </tr>
    `;
  }

  /** The receipt for the decision in force, once this browser has it. */
  private renderReceipt(decision: ConsentState | null, messages: Texts['messages']) {
    const confirmed = isReceiptFor(this.delivered, decision) ? this.delivered!.receipt : undefined;
    return html`
      <dl class="receipt" part="receipt">
        <dt>${messages.cookieTable.receipt}</dt>
        ${confirmed
          ? html`<dd><code class="receipt-id">${confirmed.id}</code></dd>
              <dd><time datetime=${confirmed.receivedAt}>${this.formatTime(confirmed.receivedAt)}</time></dd>`
          : html`<dd>${messages.cookieTable.unconfirmed}</dd>`}
      </dl>
    `;
  }

  private formatTime(iso: string): string {
    return new Intl.DateTimeFormat(this.texts?.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  /** Reads the receipt now, and again after a while until it is the one for `decision`. */
  private lookForReceipt(decision: ConsentState | null, attempt: number): void {
    clearTimeout(this.lookingFor?.timer);
    const looking: { decision: ConsentState | null; timer?: ReturnType<typeof setTimeout> } = { decision };
    this.lookingFor = looking;
    void this.readReceipt?.().then((delivered) => {
      if (this.lookingFor !== looking) return; // a newer decision is looked for, or the table left the page
      this.delivered = delivered;
      const wait = RECEIPT_CHECKS_MS[attempt];
      if (decision && !isReceiptFor(delivered, decision) && wait !== undefined) looking.timer = setTimeout(() => this.lookForReceipt(decision, attempt + 1), wait);
    });
  }

  private onChange() {
    this.dispatchEvent(new AssentPreferencesRequestEvent(true));
  }
}

/** Whether `delivered` is the endpoint's receipt for `decision`, the decision in force. */
function isReceiptFor(delivered: DeliveredRecord | null, decision: ConsentState | null): boolean {
  return Boolean(delivered && decision && delivered.receipt.id === decision.id && delivered.receipt.revision === decision.revision);
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-cookie-table': AssentCookieTable;
  }
}
