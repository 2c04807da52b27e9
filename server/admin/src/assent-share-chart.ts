import { css, html, LitElement, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { formatShare } from './format.js';
import { chart, shared } from './styles.js';

export interface ShareBar {
  label: string;
  share: number | null;
  previous: number | null;
}

const WIDTH = 1000;
const ROW = 30;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 64;
const TRACK = WIDTH - LABEL_WIDTH - VALUE_WIDTH;

/**
 * @summary Shares as horizontal bars from 0 to 100%, each with a mark where the previous period
 * stood.
 */
export class AssentShareChart extends LitElement {
  static override styles = [
    shared,
    chart,
    css`
      text {
        fill: var(--ink);
        font-size: 13px;
      }
      .track {
        fill: var(--panel);
        stroke: var(--line);
      }
      .share {
        fill: var(--accent);
      }
      .previous {
        stroke: var(--previous);
        stroke-width: 3;
      }
      .swatch {
        background: var(--accent);
      }
      .swatch.mark {
        width: 3px;
        background: var(--previous);
      }
    `,
  ];

  /** One bar per row, in order. */
  @property({ attribute: false }) bars: readonly ShareBar[] = [];

  override render() {
    if (this.bars.length === 0) return html`<p class="muted">No shopper named a category in this period.</p>`;
    return html`<svg viewBox="0 0 ${WIDTH} ${this.bars.length * ROW}" aria-hidden="true">
        ${this.bars.map((bar, index) => this.renderBar(bar, index * ROW))}
      </svg>
      <ul class="legend">
        <li><span class="swatch"></span>This period</li>
        <li><span class="swatch mark"></span>Previous period</li>
      </ul>`;
  }

  private renderBar({ label, share, previous }: ShareBar, top: number) {
    const middle = top + ROW / 2;
    return svg`<g>
      <text x="0" y=${middle + 4}>${label}</text>
      <rect class="track" x=${LABEL_WIDTH} y=${top + 6} width=${TRACK} height=${ROW - 12} rx="3"></rect>
      ${share === null ? null : svg`<rect class="share" x=${LABEL_WIDTH} y=${top + 6} width=${share * TRACK} height=${ROW - 12} rx="3"></rect>`}
      ${previous === null ? null : svg`<line class="previous" x1=${LABEL_WIDTH + previous * TRACK} x2=${LABEL_WIDTH + previous * TRACK} y1=${top + 2} y2=${top + ROW - 2}></line>`}
      <text x=${WIDTH} y=${middle + 4} text-anchor="end">${formatShare(share)}</text>
    </g>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-share-chart': AssentShareChart;
  }
}
