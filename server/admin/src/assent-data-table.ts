import { css, html, LitElement, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { formatCount, formatDay, formatPoints, formatShare } from './format.js';
import { shared } from './styles.js';
import type { Cell, ColumnKind, DataTable } from './tables.js';

const BAR_WIDTH = 36;

/**
 * @summary One table of figures, as the table view of a chart or as a breakdown on its own.
 */
export class AssentDataTable extends LitElement {
  static override styles = [
    shared,
    css`
      th[scope='col'] {
        white-space: normal;
      }
      .bar {
        vertical-align: middle;
        margin-inline-start: 0.4rem;
      }
      .bar rect:first-child {
        fill: var(--line);
      }
      .bar rect + rect {
        fill: var(--accent);
      }
    `,
  ];

  /** The table to show. */
  @property({ attribute: false }) table?: DataTable;

  /** Draw a small bar beside every share, for tables read at a glance. */
  @property({ type: Boolean }) bars = false;

  override render() {
    const { table } = this;
    if (!table) return null;
    return html`<table>
        <caption>${table.caption}</caption>
        <thead>
          <tr>${table.columns.map((column) => html`<th scope="col">${column.label}</th>`)}</tr>
        </thead>
        <tbody>
          ${table.rows.map(
            (row) => html`<tr>
              <th scope="row">${this.cellText(row[0] ?? null, table.columns[0]!.kind)}</th>
              ${row.slice(1).map((cell, index) => html`<td>${this.renderCell(cell, table.columns[index + 1]!.kind)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private renderCell(cell: Cell, kind: ColumnKind) {
    const text = this.cellText(cell, kind);
    if (!this.bars || kind !== 'share' || typeof cell !== 'number') return text;
    return html`${text}<svg class="bar" aria-hidden="true" width=${BAR_WIDTH} height="8">
        ${svg`<rect width=${BAR_WIDTH} height="8" rx="2"></rect><rect width=${Math.round(cell * BAR_WIDTH)} height="8" rx="2"></rect>`}
      </svg>`;
  }

  private cellText(cell: Cell, kind: ColumnKind): string {
    if (cell === null) return '–';
    if (typeof cell === 'string') return kind === 'day' ? formatDay(cell) : cell;
    switch (kind) {
      case 'share':
        return formatShare(cell);
      case 'points':
        return formatPoints(cell);
      default:
        return formatCount(cell);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-data-table': AssentDataTable;
  }
}
