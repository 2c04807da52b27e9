import { css, html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { shared } from './styles.js';
import type { DataTable } from './tables.js';

/**
 * @summary A chart with its heading and its table view. Screen readers get the table, always;
 * the chart is for eyes, and "Table view" shows the table in its place.
 * @slot - the chart (SVG)
 */
export class AssentChartFigure extends LitElement {
  static override styles = [
    shared,
    css`
      section {
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 1rem;
      }
      .head {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 1rem;
      }
    `,
  ];

  /** The heading above the chart. */
  @property() heading = '';

  /** What the chart shows, as a table. */
  @property({ attribute: false }) table?: DataTable;

  @state() private tableShown = false;

  override render() {
    return html`<section aria-labelledby="heading">
      <div class="head">
        <h2 id="heading">${this.heading}</h2>
        <button type="button" aria-pressed=${this.tableShown ? 'true' : 'false'} @click=${this.onToggle}>Table view</button>
      </div>
      <div aria-hidden="true" ?hidden=${this.tableShown}><slot></slot></div>
      <div class=${this.tableShown ? '' : 'visually-hidden'}><assent-data-table .table=${this.table}></assent-data-table></div>
    </section>`;
  }

  private onToggle() {
    this.tableShown = !this.tableShown;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-chart-figure': AssentChartFigure;
  }
}
