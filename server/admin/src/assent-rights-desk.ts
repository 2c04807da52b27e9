import { css, html, LitElement } from 'lit';
import { query, state } from 'lit/decorators.js';
import { PATTERN_HINTS, SUBJECT_PATTERN, UUID_V4_PATTERN } from '../../src/schema.js';
import { eraseShopper, exportShopper, SessionEnded, type ShopperRef } from './admin-api.js';
import { downloadText } from './download.js';
import { SessionEndedEvent } from './events.js';
import { formatTime } from './format.js';
import { describeVerification, historyTable, type ShopperExport } from './rights-export.js';
import { shared } from './styles.js';

type LookupKind = 'id' | 'subject';

const KIND_LABELS: Readonly<Record<LookupKind, string>> = { id: 'Receipt id', subject: 'Subject' };
const KIND_PATTERNS: Readonly<Record<LookupKind, RegExp>> = { id: new RegExp(UUID_V4_PATTERN), subject: new RegExp(SUBJECT_PATTERN) };

/**
 * @summary The data-rights desk: look up one shopper by receipt id or subject, see their history
 * and its verification, download it for an access request, and erase their personal fields.
 * The shopper travels in request bodies only, never in a URL.
 */
export class AssentRightsDesk extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.75rem;
      }
      fieldset {
        border: 1px solid var(--line);
        border-radius: 6px;
        display: flex;
        gap: 1rem;
        margin: 0;
      }
      label.value {
        display: grid;
        gap: 0.2rem;
        flex: 1 1 20rem;
      }
      .result {
        display: grid;
        gap: 1rem;
        margin-top: 1rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      p {
        margin: 0;
      }
      dialog {
        max-width: 32rem;
        color: var(--ink);
        background: var(--paper);
        border: 1px solid var(--line);
        border-radius: 8px;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.4);
      }
    `,
  ];

  @state() private kind: LookupKind = 'id';
  @state() private shopper?: ShopperRef;
  @state() private found?: { text: string; answer: ShopperExport };
  @state() private problem = '';
  @state() private notice = '';
  @state() private busy = false;

  @query('#value') private valueInput!: HTMLInputElement;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('#erase') private eraseButton!: HTMLButtonElement;

  override render() {
    return html`<section aria-labelledby="rights">
      <h2 id="rights">Data-rights desk</h2>
      <p class="muted">
        Access and erasure requests: find one shopper by the id on their consent receipt, or by the subject your shop sets for signed-in customers.
      </p>
      <form @submit=${this.onLookup} novalidate>
        <fieldset>
          <legend>Look up by</legend>
          ${(['id', 'subject'] as const).map(
            (kind) => html`<label><input type="radio" name="kind" value=${kind} .checked=${this.kind === kind} @change=${() => (this.kind = kind)} />${KIND_LABELS[kind]}</label>`,
          )}
        </fieldset>
        <label class="value">${KIND_LABELS[this.kind]}<input id="value" autocomplete="off" spellcheck="false" required /></label>
        <button type="submit" class="primary" ?disabled=${this.busy}>Look up</button>
      </form>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      <p role="status">${this.notice}</p>
      ${this.found ? this.renderFound(this.found.answer) : null} ${this.renderConfirm()}
    </section>`;
  }

  private renderFound(answer: ShopperExport) {
    const records = answer.ids.reduce((sum, { records }) => sum + records.length, 0);
    return html`<div class="result">
      <h3>${records} ${records === 1 ? 'record' : 'records'} of ${answer.ids.length} ${answer.ids.length === 1 ? 'browser' : 'browsers'}</h3>
      ${answer.ids.map(
        ({ id, verification, records: history }) => html`<div>
          <assent-data-table .table=${historyTable(id, history)}></assent-data-table>
          <p class=${verification.intact ? 'muted' : 'error'}>${describeVerification(verification)}</p>
        </div>`,
      )}
      <div class="actions">
        <button type="button" @click=${this.onDownload}>Download JSON</button>
        <button type="button" id="erase" class="danger" @click=${this.onEraseRequest}>Erase personal fields…</button>
      </div>
    </div>`;
  }

  private renderConfirm() {
    const records = this.found?.answer.ids.reduce((sum, { records }) => sum + records.length, 0) ?? 0;
    return html`<dialog aria-labelledby="confirm-title" @close=${this.onConfirmClosed}>
      <form method="dialog">
        <h3 id="confirm-title">Erase this shopper's personal fields?</h3>
        <p>
          The page URL, the subject, the user agent and the IP prefix go from all ${records} records. The decisions, their times and the chains stay, and every chain
          still verifies. This cannot be undone.
        </p>
        <div class="actions">
          <button value="cancel" autofocus>Cancel</button>
          <button value="erase" class="danger">Erase</button>
        </div>
      </form>
    </dialog>`;
  }

  private async onLookup(event: SubmitEvent) {
    event.preventDefault();
    const value = this.valueInput.value.trim();
    if (!KIND_PATTERNS[this.kind].test(value)) {
      this.problem = `${KIND_LABELS[this.kind]} ${PATTERN_HINTS[this.kind] ?? 'is not valid'}.`;
      return;
    }
    this.shopper = this.kind === 'id' ? { id: value } : { subject: value };
    this.notice = '';
    await this.lookUp(this.shopper);
  }

  private async lookUp(shopper: ShopperRef) {
    await this.guard(async () => {
      const text = await exportShopper(shopper);
      this.found = { text, answer: JSON.parse(text) as ShopperExport };
    });
  }

  private onDownload() {
    if (!this.found) return;
    downloadText(`access-request-${this.found.answer.exportedAt.slice(0, 10)}.json`, 'application/json', this.found.text);
  }

  private onEraseRequest() {
    this.dialog.returnValue = '';
    this.dialog.showModal();
  }

  private async onConfirmClosed() {
    this.eraseButton?.focus();
    if (this.dialog.returnValue !== 'erase' || !this.shopper) return;
    const shopper = this.shopper;
    await this.guard(async () => {
      const { records, erasedAt } = await eraseShopper(shopper);
      this.notice = `Erased the personal fields of ${records} ${records === 1 ? 'record' : 'records'} (${formatTime(erasedAt)}).`;
    });
    await this.lookUp(shopper);
  }

  /** Runs one request, turning its failure into the message shown. */
  private async guard(work: () => Promise<void>) {
    this.busy = true;
    this.problem = '';
    try {
      await work();
    } catch (error) {
      this.found = undefined;
      if (error instanceof SessionEnded) this.dispatchEvent(new SessionEndedEvent());
      else this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-rights-desk': AssentRightsDesk;
  }
}
