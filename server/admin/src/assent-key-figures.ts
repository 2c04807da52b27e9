import { css, html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { formatCount, formatShare } from './format.js';
import { shared } from './styles.js';
import type { DataTable } from './tables.js';

/**
 * @summary The period's headline numbers, each beside the previous period's: the "Key figures"
 * table of tables.ts, as cards.
 */
export class AssentKeyFigures extends LitElement {
  static override styles = [
    shared,
    css`
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        gap: 0.75rem;
        margin: 0;
      }
      div {
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 0.75rem 1rem;
        background: var(--panel);
      }
      dt {
        color: var(--muted);
        font-size: 0.9rem;
      }
      dd {
        margin: 0;
      }
      .value {
        font-size: 1.6rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  /** The key figures table: figure, count, share, previous count, previous share. */
  @property({ attribute: false }) table?: DataTable;

  override render() {
    return html`<dl>
      ${this.table?.rows.map(([label, count, share, previousCount, previousShare]) => html`<div>
          <dt>${label}</dt>
          <dd class="value">${this.reading(count, share)}</dd>
          <dd class="muted">Previous period: ${this.reading(previousCount, previousShare)}</dd>
        </div>`)}
    </dl>`;
  }

  private reading(count: unknown, share: unknown): string {
    if (typeof count !== 'number') return '–';
    return typeof share === 'number' ? `${formatShare(share)} (${formatCount(count)})` : formatCount(count);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-key-figures': AssentKeyFigures;
  }
}
