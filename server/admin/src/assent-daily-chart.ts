import { css, html, LitElement, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { niceMax } from './chart-scale.js';
import { formatCount, formatDay, METHOD_LABELS, METHODS } from './format.js';
import type { Figures } from '../../src/stats.js';
import { chart, shared } from './styles.js';

type Day = Figures['daily'][number];

const WIDTH = 1000;
const HEIGHT = 260;
const PLOT = { left: 48, right: 8, top: 8, bottom: 24 };
const PLOT_WIDTH = WIDTH - PLOT.left - PLOT.right;
const PLOT_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;

/** One colour per method, for bars (fill) and legend swatches (background). */
const METHOD_COLOURS = css`
    .accept-all {
      fill: var(--method-accept-all);
      background: var(--method-accept-all);
    }
    .reject-all {
      fill: var(--method-reject-all);
      background: var(--method-reject-all);
    }
    .custom {
      fill: var(--method-custom);
      background: var(--method-custom);
    }
    .gpc {
      fill: var(--method-gpc);
      background: var(--method-gpc);
    }
    .api {
      fill: var(--method-api);
      background: var(--method-api);
    }
    .withdraw {
      fill: var(--method-withdraw);
      background: var(--method-withdraw);
    }
`;

/**
 * @summary Decisions per day as stacked bars by method, with the previous period's daily totals
 * as a dashed line over them.
 */
export class AssentDailyChart extends LitElement {
  static override styles = [
    shared,
    chart,
    css`
      text {
        fill: var(--muted);
        font-size: 12px;
      }
      .grid {
        stroke: var(--line);
      }
      .previous {
        fill: none;
        stroke: var(--previous);
        stroke-width: 2;
        stroke-dasharray: 5 4;
      }
      .swatch.line {
        height: 0;
        border-top: 2px dashed var(--previous);
        vertical-align: 0.2rem;
      }
    `,
    METHOD_COLOURS,
  ];

  /** The period's days, in order. */
  @property({ attribute: false }) days: readonly Day[] = [];

  /** The previous period's days, in order (the same number). */
  @property({ attribute: false }) previous: readonly Day[] = [];

  override render() {
    const top = niceMax(Math.max(0, ...this.days.map((day) => day.decisions), ...this.previous.map((day) => day.decisions)));
    const band = PLOT_WIDTH / Math.max(this.days.length, 1);
    const y = (value: number) => PLOT.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
    return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" aria-hidden="true">
        ${[0, top / 2, top].map(
          (value) => svg`<line class="grid" x1=${PLOT.left} x2=${WIDTH - PLOT.right} y1=${y(value)} y2=${y(value)}></line>
            <text x=${PLOT.left - 6} y=${y(value) + 4} text-anchor="end">${formatCount(value)}</text>`,
        )}
        ${this.days.map((day, index) => this.renderDay(day, PLOT.left + index * band, band, y))}
        ${this.renderPrevious(band, y)} ${this.renderDayLabels(band)}
      </svg>
      <ul class="legend">
        ${METHODS.map((method) => html`<li><span class="swatch ${method}"></span>${METHOD_LABELS[method]}</li>`)}
        <li><span class="swatch line"></span>Previous period, total</li>
      </ul>`;
  }

  private renderDay(day: Day, x: number, band: number, y: (value: number) => number) {
    const width = Math.max(band * 0.8, 1);
    let below = 0;
    const segments = METHODS.filter((method) => day.byMethod[method] > 0).map((method) => {
      const bottom = y(below);
      below += day.byMethod[method];
      return svg`<rect class=${method} x=${x + (band - width) / 2} width=${width} y=${y(below)} height=${bottom - y(below)}></rect>`;
    });
    return svg`<g><title>${formatDay(day.day)}: ${formatCount(day.decisions)} decisions</title>${segments}</g>`;
  }

  private renderPrevious(band: number, y: (value: number) => number) {
    if (this.previous.length === 0) return null;
    const points = this.previous.map((day, index) => `${PLOT.left + (index + 0.5) * band},${y(day.decisions)}`).join(' ');
    return svg`<polyline class="previous" points=${points}></polyline>`;
  }

  /** The first and last day, and the middle one when there is room. */
  private renderDayLabels(band: number) {
    const last = this.days.length - 1;
    const shown = [...new Set([0, Math.floor(last / 2), last])].filter((index) => index >= 0 && (index === 0 || index === last || last >= 4));
    const anchor = (index: number) => (index === 0 ? 'start' : index === last ? 'end' : 'middle');
    const x = (index: number) => (index === 0 ? PLOT.left : index === last ? WIDTH - PLOT.right : PLOT.left + (index + 0.5) * band);
    return shown.map((index) => svg`<text x=${x(index)} y=${HEIGHT - 6} text-anchor=${anchor(index)}>${formatDay(this.days[index]!.day)}</text>`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-daily-chart': AssentDailyChart;
  }
}
