// The figures of one /api/stats answer as tables: what the table views show and what the CSV
// holds, from one source, so that the two cannot disagree.
import { METHOD_LABELS, METHODS } from './format.js';
import { STATS_DIMENSIONS, type Figures, type ShareFigure, type StatsDimension } from '../../src/stats.js';
import type { StatsAnswer } from './stats-answer.js';

export type Cell = string | number | null;
/** How a column's values read: `day` is `YYYY-MM-DD`, `share` a fraction, `points` a difference of fractions. */
export type ColumnKind = 'text' | 'day' | 'count' | 'share' | 'points';

export interface Column {
  label: string;
  kind: ColumnKind;
}

export interface DataTable {
  caption: string;
  columns: readonly Column[];
  /** The first cell of each row names it. */
  rows: Cell[][];
}

export interface InsightTables {
  summary: DataTable;
  daily: DataTable;
  categories: DataTable;
  breakdowns: Array<DataTable & { name: StatsDimension }>;
}

export const BREAKDOWN_CAPTIONS: Readonly<Record<StatsDimension, string>> = {
  regime: 'By regime',
  region: 'By region',
  language: 'By language',
  policyVersion: 'By policy version',
  variant: 'By variant',
  method: 'By method of the latest decision',
};

/** What a breakdown's null value means. */
const NO_VALUE: Readonly<Record<StatsDimension, string>> = {
  regime: 'not recorded',
  region: 'unknown',
  language: 'unknown',
  policyVersion: 'unknown',
  variant: 'no variant',
  method: 'unknown',
};

export function insightTables(stats: StatsAnswer): InsightTables {
  return { summary: summaryTable(stats), daily: dailyTable(stats), categories: categoriesTable(stats), breakdowns: breakdownTables(stats) };
}

/** The categories named in either period, in a stable order; `necessary`, always on, tells nothing. */
export function categoryNames(stats: StatsAnswer): string[] {
  const names = new Set([...Object.keys(stats.figures.categories), ...Object.keys(stats.previous?.figures.categories ?? {})]);
  names.delete('necessary');
  return [...names].sort();
}

function summaryTable({ figures, previous }: StatsAnswer): DataTable {
  const before = previous?.figures;
  const row = (label: string, pick: (figures: Figures) => number | ShareFigure): Cell[] => {
    const now = pick(figures);
    const then = before ? pick(before) : null;
    const count = (value: number | ShareFigure | null) => (value === null ? null : typeof value === 'number' ? value : value.shoppers);
    const share = (value: number | ShareFigure | null) => (value === null || typeof value === 'number' ? null : value.share);
    return [label, count(now), share(now), count(then), share(then)];
  };
  return {
    caption: 'Key figures',
    columns: [
      { label: 'Figure', kind: 'text' },
      { label: 'This period', kind: 'count' },
      { label: 'Share of shoppers', kind: 'share' },
      { label: 'Previous period', kind: 'count' },
      { label: 'Previous share', kind: 'share' },
    ],
    rows: [
      row('Decisions', (f) => f.decisions),
      row('Shoppers', (f) => f.shoppers),
      row('With Global Privacy Control', (f) => f.gpc),
      row('Withdrawn', (f) => f.withdrawn),
      row('On an old policy version', (f) => f.oldPolicy),
    ],
  };
}

function dailyTable({ figures, previous }: StatsAnswer): DataTable {
  return {
    caption: 'Decisions per day, by method',
    columns: [
      { label: 'Day (UTC)', kind: 'day' },
      ...METHODS.map((method) => ({ label: METHOD_LABELS[method], kind: 'count' as const })),
      { label: 'Total', kind: 'count' },
      { label: 'Same day of the previous period', kind: 'count' },
    ],
    rows: figures.daily.map((day, index) => [
      day.day,
      ...METHODS.map((method) => day.byMethod[method]),
      day.decisions,
      previous?.figures.daily[index]?.decisions ?? null,
    ]),
  };
}

function categoriesTable(stats: StatsAnswer): DataTable {
  const before = stats.previous?.figures.categories;
  return {
    caption: 'Shoppers allowing each category',
    columns: [
      { label: 'Category', kind: 'text' },
      { label: 'Shoppers asked', kind: 'count' },
      { label: 'Allowing', kind: 'count' },
      { label: 'Share', kind: 'share' },
      { label: 'Previous share', kind: 'share' },
      { label: 'Change', kind: 'points' },
    ],
    rows: categoryNames(stats).map((name) => {
      const now = stats.figures.categories[name];
      const then = before?.[name]?.share ?? null;
      const share = now?.share ?? null;
      return [name, now?.shoppers ?? 0, now?.allowed ?? 0, share, then, share !== null && then !== null ? round4(share - then) : null];
    }),
  };
}

function breakdownTables(stats: StatsAnswer): InsightTables['breakdowns'] {
  const categories = categoryNames(stats);
  return STATS_DIMENSIONS.flatMap((name) => {
    const rows = stats.figures.breakdowns[name];
    if (!rows) return [];
    return [
      {
        name,
        caption: BREAKDOWN_CAPTIONS[name],
        columns: [
          { label: 'Value', kind: 'text' as const },
          { label: 'Shoppers', kind: 'count' as const },
          ...categories.map((category) => ({ label: `${category} allowed`, kind: 'share' as const })),
          { label: 'With GPC', kind: 'count' as const },
        ],
        rows: rows.map((row) => [
          valueLabel(name, row.value, stats.currentPolicyVersion),
          row.shoppers,
          ...categories.map((category) => row.categories[category]?.share ?? null),
          row.gpc,
        ]),
      },
    ];
  });
}

function valueLabel(name: StatsDimension, value: string | null, currentPolicyVersion: string | null): string {
  if (value === null) return NO_VALUE[name];
  if (name === 'method') return METHOD_LABELS[value as keyof typeof METHOD_LABELS] ?? value;
  return name === 'policyVersion' && value === currentPolicyVersion ? `${value} (current)` : value;
}

/** Shares come rounded to 4 places; their difference is too. */
function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
