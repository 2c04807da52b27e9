// The dashboard's one script (served at /admin/dashboard.js): registers every element; the page's
// <assent-dashboard> does the rest. Guarded, in case the script is loaded twice.
import { AssentChartFigure } from './assent-chart-figure.js';
import { AssentDailyChart } from './assent-daily-chart.js';
import { AssentDashboard } from './assent-dashboard.js';
import { AssentDataTable } from './assent-data-table.js';
import { AssentInsights } from './assent-insights.js';
import { AssentKeyFigures } from './assent-key-figures.js';
import { AssentPeriodPicker } from './assent-period-picker.js';
import { AssentRightsDesk } from './assent-rights-desk.js';
import { AssentShareChart } from './assent-share-chart.js';
import { AssentSignIn } from './assent-sign-in.js';

const elements: ReadonlyArray<[string, CustomElementConstructor]> = [
  ['assent-chart-figure', AssentChartFigure],
  ['assent-daily-chart', AssentDailyChart],
  ['assent-data-table', AssentDataTable],
  ['assent-insights', AssentInsights],
  ['assent-key-figures', AssentKeyFigures],
  ['assent-period-picker', AssentPeriodPicker],
  ['assent-rights-desk', AssentRightsDesk],
  ['assent-share-chart', AssentShareChart],
  ['assent-sign-in', AssentSignIn],
  ['assent-dashboard', AssentDashboard],
];
for (const [tag, element] of elements) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
