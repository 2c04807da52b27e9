import { css, html, LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { fetchStats, SessionEnded } from './admin-api.js';
import { tablesCsv } from './csv.js';
import { downloadText } from './download.js';
import { SessionEndedEvent, type PeriodChangeEvent } from './events.js';
import { formatDay } from './format.js';
import { presetPeriod, utcToday, type Period, type Preset } from './period.js';
import type { StatsAnswer, StatsPeriod } from './stats-answer.js';
import { shared } from './styles.js';
import { categoryNames, insightTables, type InsightTables } from './tables.js';

/**
 * @summary Consent insights for a period, compared with the period before it: key figures,
 * decisions per day, category shares and the breakdowns, with a CSV of all of it.
 */
export class AssentInsights extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: grid;
        gap: 1.25rem;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: start;
        gap: 1rem;
      }
      .breakdowns {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 32rem), 1fr));
        gap: 1.5rem 2.5rem;
        align-items: start;
      }
      p {
        margin: 0;
      }
      section > p {
        margin-top: 0.5rem;
      }
    `,
  ];

  @state() private preset: Preset = '30';
  @state() private period: Period = presetPeriod('30', utcToday(), { from: '', to: '' });
  @state() private stats?: StatsAnswer;
  @state() private tables?: InsightTables;
  @state() private loading = false;
  @state() private problem: string | null = null;

  /** Answers to requests overtaken by a newer one are dropped. */
  private request = 0;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  override render() {
    return html`<div class="toolbar">
        <assent-period-picker .preset=${this.preset} .period=${this.period} @assent-period-change=${this.onPeriodChange}></assent-period-picker>
        <button type="button" ?disabled=${!this.tables} @click=${this.onCsv}>Download CSV</button>
      </div>
      <p class="muted" aria-live="polite">${this.loading ? 'Loading…' : this.stats ? describePeriods(this.stats) : ''}</p>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null} ${this.stats && this.tables ? this.renderFigures(this.stats, this.tables) : null}`;
  }

  private renderFigures(stats: StatsAnswer, tables: InsightTables) {
    const { figures, previous } = stats;
    return html`<assent-chart-figure heading="Key figures" .table=${tables.summary}>
        <assent-key-figures .table=${tables.summary}></assent-key-figures>
      </assent-chart-figure>
      <p class="muted">
        Current policy version: ${stats.currentPolicyVersion ?? 'none yet'}. Shares are of shoppers, each counted once by their latest decision in the period.
      </p>
      <assent-chart-figure heading="Decisions per day" .table=${tables.daily}>
        <assent-daily-chart .days=${figures.daily} .previous=${previous?.figures.daily ?? []}></assent-daily-chart>
      </assent-chart-figure>
      <assent-chart-figure heading="Shoppers allowing each category" .table=${tables.categories}>
        <assent-share-chart
          .bars=${categoryNames(stats).map((name) => ({
            label: name,
            share: figures.categories[name]?.share ?? null,
            previous: previous?.figures.categories[name]?.share ?? null,
          }))}
        ></assent-share-chart>
      </assent-chart-figure>
      <section aria-labelledby="breakdowns">
        <h2 id="breakdowns">Breakdowns</h2>
        <p class="muted">Shoppers of this period by their latest decision, and the share of them allowing each category.</p>
        <div class="breakdowns">${tables.breakdowns.map((table) => html`<assent-data-table bars .table=${table}></assent-data-table>`)}</div>
      </section>`;
  }

  private async load() {
    const request = ++this.request;
    this.loading = true;
    this.problem = null;
    try {
      const stats = await fetchStats(this.period);
      if (request !== this.request) return;
      this.stats = stats;
      this.tables = insightTables(stats);
    } catch (error) {
      if (request !== this.request) return;
      if (error instanceof SessionEnded) this.dispatchEvent(new SessionEndedEvent());
      else this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      if (request === this.request) this.loading = false;
    }
  }

  private onPeriodChange(event: PeriodChangeEvent) {
    this.preset = event.preset;
    this.period = event.period;
    void this.load();
  }

  private onCsv() {
    if (!this.tables || !this.stats) return;
    const { summary, daily, categories, breakdowns } = this.tables;
    const { from, to } = this.stats.period;
    downloadText(`consent-insights-${from}-to-${to}.csv`, 'text/csv', tablesCsv([summary, daily, categories, ...breakdowns]));
  }
}

function describePeriods({ period, previous }: StatsAnswer): string {
  const shown = `${describe(period)} (${period.days} ${period.days === 1 ? 'day' : 'days'}, UTC)`;
  return previous ? `${shown}, compared with ${describe(previous.period)}.` : `${shown}.`;
}

function describe({ from, to }: StatsPeriod): string {
  return from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-insights': AssentInsights;
  }
}
