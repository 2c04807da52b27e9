import { css, html, LitElement } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { PeriodChangeEvent } from './events.js';
import { MAX_PERIOD_DAYS, periodProblem, presetPeriod, PRESETS, utcToday, type Period, type Preset } from './period.js';
import { shared } from './styles.js';

const PRESET_LABELS: Readonly<Record<Preset, string>> = { today: 'Today', 7: '7 days', 30: '30 days', custom: 'Custom' };

/**
 * @summary The period to show: today, the last 7 or 30 days (UTC, ending today), or two chosen days.
 * @fires assent-period-change - another period was chosen
 */
export class AssentPeriodPicker extends LitElement {
  static override styles = [
    shared,
    css`
      .presets {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.75rem;
        margin-top: 0.75rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.9rem;
      }
    `,
  ];

  /** The preset shown as chosen. */
  @property() preset: Preset = '30';

  /** The period on show; a custom period starts from it. */
  @property({ attribute: false }) period: Period = { from: '', to: '' };

  @state() private customOpen = false;
  @state() private problem: string | null = null;

  @query('#from') private fromInput!: HTMLInputElement;
  @query('#to') private toInput!: HTMLInputElement;

  override render() {
    return html`<div class="presets" role="group" aria-label="Period">
        ${PRESETS.map(
          (preset) => html`<button type="button" aria-pressed=${this.pressed(preset)} @click=${() => this.onPreset(preset)}>${PRESET_LABELS[preset]}</button>`,
        )}
      </div>
      ${this.customOpen ? this.renderCustom() : null}`;
  }

  private renderCustom() {
    return html`<form @submit=${this.onCustom} aria-label="Custom period" novalidate>
      <label>From (UTC)<input id="from" type="date" .value=${this.period.from} required /></label>
      <label>To (UTC)<input id="to" type="date" .value=${this.period.to} required /></label>
      <button type="submit" class="primary">Show</button>
      <span class="muted">At most ${MAX_PERIOD_DAYS} days.</span>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
    </form>`;
  }

  private pressed(preset: Preset): 'true' | 'false' {
    return (this.customOpen ? preset === 'custom' : preset === this.preset) ? 'true' : 'false';
  }

  private onPreset(preset: Preset) {
    this.problem = null;
    this.customOpen = preset === 'custom';
    if (preset !== 'custom') this.dispatchEvent(new PeriodChangeEvent(preset, presetPeriod(preset, utcToday(), this.period)));
    else void this.updateComplete.then(() => this.fromInput.focus());
  }

  private onCustom(event: SubmitEvent) {
    event.preventDefault();
    const period = { from: this.fromInput.value, to: this.toInput.value };
    this.problem = periodProblem(period);
    if (!this.problem) this.dispatchEvent(new PeriodChangeEvent('custom', period));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-period-picker': AssentPeriodPicker;
  }
}
