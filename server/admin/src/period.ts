// The periods the dashboard offers, as UTC calendar days (what /api/stats counts by).

export const PRESETS = ['today', '7', '30', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  /** `YYYY-MM-DD`, both inclusive. */
  from: string;
  to: string;
}

/** The longest period /api/stats answers. */
export const MAX_PERIOD_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Today's UTC date. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted. */
export function periodDays({ from, to }: Period): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The period a preset stands for, ending today; `custom` keeps the given one. */
export function presetPeriod(preset: Preset, today: string, custom: Period): Period {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7':
    case '30':
      return { from: addDays(today, 1 - Number(preset)), to: today };
    case 'custom':
      return custom;
  }
}

/** Why a custom period cannot be asked for, or null when it can. */
export function periodProblem(period: Period): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period.from) || !/^\d{4}-\d{2}-\d{2}$/.test(period.to)) return 'Choose both days.';
  if (period.from > period.to) return 'The first day must not be after the last.';
  if (periodDays(period) > MAX_PERIOD_DAYS) return `A period is at most ${MAX_PERIOD_DAYS} days.`;
  return null;
}
