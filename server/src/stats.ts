// Consent insights (docs/dashboard.md, docs/server.md#statistics-get-apistats): what share of shoppers allow each category, over a period,
// compared with the period before. Only aggregates: the stats index keeps no id, page, subject,
// user agent or IP, and the figures are counts.
//
// Each stored record gets one row in the stats index (`statsRow`), kept by the store beside the
// log. A row knows the UTC day its record arrived and the day the same id's next decision arrived
// (`untilDay`), so "each shopper's latest decision in the period" is a range condition the
// database answers from an index, not a scan of every id's history.
import type { ConsentMethod, ConsentRecord } from './schema.js';
import { CONSENT_METHODS } from './schema.js';

export const STATS_DIMENSIONS = ['regime', 'region', 'language', 'policyVersion', 'variant', 'method'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

/** `untilDay` of a row that is still its id's latest decision. */
export const STILL_LATEST = 2_147_483_647;
export const MAX_PERIOD_DAYS = 400;
export const DEFAULT_PERIOD_DAYS = 30;
const DAY_MS = 86_400_000;

/** What the stats index keeps of one record. */
export interface StatsRow {
  seq: number;
  /** Days since 1970-01-01 (UTC) of the receive time. */
  day: number;
  method: ConsentMethod;
  /** The regime the decision was made in (`opt-in`, `opt-out`), if the record says. */
  mode: string | null;
  region: string | null;
  language: string | null;
  policyVersion: string;
  variant: string | null;
  gpc: boolean;
  /** Category names the decision allows, sorted, space-separated. */
  granted: string;
  /** Category names the decision names at all, sorted, space-separated. */
  named: string;
}

export function statsRow(seq: number, receivedAt: string, secGpc: boolean, record: ConsentRecord): StatsRow {
  const names = Object.keys(record.decisions).sort();
  return {
    seq,
    day: dayNumber(receivedAt),
    method: record.method,
    mode: record.mode ?? null,
    region: record.region ?? null,
    language: record.language ?? null,
    policyVersion: record.policyVersion,
    variant: record.variant ?? null,
    gpc: record.gpc === true || secGpc,
    granted: names.filter((name) => record.decisions[name] === true).join(' '),
    named: names.join(' '),
  };
}

export function dayNumber(instant: string): number {
  return Math.floor(Date.parse(instant) / DAY_MS);
}

export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A period of whole UTC days, both ends included. */
export interface Period {
  from: number;
  to: number;
}

export function periodJson({ from, to }: Period): { from: string; to: string; days: number } {
  return { from: dayText(from), to: dayText(to), days: to - from + 1 };
}

/** The period of the same length that ends the day before `period` starts. */
export function previousPeriod({ from, to }: Period): Period {
  return { from: from - (to - from + 1), to: from - 1 };
}

/** Decisions received on one day with one method. */
export interface DailyCount {
  day: number;
  method: string;
  decisions: number;
}

/**
 * Shoppers whose latest decision in the period shares every column that figures are grouped by:
 * the database sums its counts per combination, a few thousand rows however many records there are.
 */
export type LatestGroup = Combo & { shoppers: number };

/** The field of a combination each breakdown reads. */
const DIMENSION_FIELDS = {
  regime: 'mode',
  region: 'region',
  language: 'language',
  policyVersion: 'policyVersion',
  variant: 'variant',
  method: 'method',
} as const satisfies Record<StatsDimension, keyof Combo>;

/** What a store answers for one period. */
export interface PeriodAggregates {
  daily: DailyCount[];
  latest: LatestGroup[];
}

export interface CategoryFigure {
  shoppers: number;
  allowed: number;
  share: number | null;
}

export interface ShareFigure {
  shoppers: number;
  share: number | null;
}

export interface BreakdownRow {
  value: string | null;
  shoppers: number;
  categories: Record<string, CategoryFigure>;
  gpc: number;
}

export interface Figures {
  decisions: number;
  byMethod: Record<ConsentMethod, number>;
  daily: Array<{ day: string; decisions: number; byMethod: Record<ConsentMethod, number> }>;
  shoppers: number;
  categories: Record<string, CategoryFigure>;
  gpc: ShareFigure;
  withdrawn: ShareFigure;
  oldPolicy: ShareFigure;
  breakdowns: Partial<Record<StatsDimension, BreakdownRow[]>>;
}

/** Rolls the database's aggregates up into the figures of one period. */
export function figures(period: Period, aggregates: PeriodAggregates, dimensions: readonly StatsDimension[], currentPolicyVersion: string | null): Figures {
  const byDay = new Map<number, Record<ConsentMethod, number>>();
  for (let day = period.from; day <= period.to; day += 1) byDay.set(day, noMethods());
  const byMethod = noMethods();
  let decisions = 0;
  for (const { day, method, decisions: count } of aggregates.daily) {
    const counts = byDay.get(day);
    if (!counts || !isMethod(method)) continue;
    counts[method] += count;
    byMethod[method] += count;
    decisions += count;
  }

  const totals = new Tally();
  const breakdowns = new Map(dimensions.map((dimension) => [dimension, new Map<string | null, Tally>()]));
  for (const group of aggregates.latest) {
    totals.add(group, currentPolicyVersion);
    for (const [dimension, tallies] of breakdowns) {
      const value = group[DIMENSION_FIELDS[dimension]] ?? null;
      let tally = tallies.get(value);
      if (!tally) tallies.set(value, (tally = new Tally()));
      tally.add(group, currentPolicyVersion);
    }
  }

  return {
    decisions,
    byMethod,
    daily: [...byDay].map(([day, counts]) => ({ day: dayText(day), decisions: sum(Object.values(counts)), byMethod: counts })),
    shoppers: totals.shoppers,
    categories: totals.categoryFigures(),
    gpc: share(totals.gpc, totals.shoppers),
    withdrawn: share(totals.withdrawn, totals.shoppers),
    oldPolicy: share(totals.oldPolicy, totals.shoppers),
    breakdowns: Object.fromEntries(
      [...breakdowns].map(([dimension, tallies]) => [
        dimension,
        [...tallies]
          .map(([value, tally]) => ({ value, shoppers: tally.shoppers, categories: tally.categoryFigures(), gpc: tally.gpc }))
          .sort((a, b) => b.shoppers - a.shoppers || compareValues(a.value, b.value)),
      ]),
    ),
  };
}

/** Counts over a set of latest decisions. */
class Tally {
  shoppers = 0;
  gpc = 0;
  withdrawn = 0;
  oldPolicy = 0;
  readonly #named = new Map<string, number>();
  readonly #allowed = new Map<string, number>();

  add(group: LatestGroup, currentPolicyVersion: string | null): void {
    const { shoppers } = group;
    this.shoppers += shoppers;
    if (group.gpc) this.gpc += shoppers;
    if (group.method === 'withdraw') this.withdrawn += shoppers;
    if (currentPolicyVersion !== null && group.policyVersion !== currentPolicyVersion) this.oldPolicy += shoppers;
    for (const name of names(group.named)) this.#named.set(name, (this.#named.get(name) ?? 0) + shoppers);
    for (const name of names(group.granted)) this.#allowed.set(name, (this.#allowed.get(name) ?? 0) + shoppers);
  }

  categoryFigures(): Record<string, CategoryFigure> {
    const categories = [...this.#named.keys()].sort();
    return Object.fromEntries(
      categories.map((name) => {
        const shoppers = this.#named.get(name) ?? 0;
        const allowed = this.#allowed.get(name) ?? 0;
        return [name, { shoppers, allowed, share: ratio(allowed, shoppers) }];
      }),
    );
  }
}

function names(list: string): string[] {
  return list === '' ? [] : list.split(' ');
}

function share(count: number, of: number): ShareFigure {
  return { shoppers: count, share: ratio(count, of) };
}

function ratio(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count / of) * 10_000) / 10_000;
}

function noMethods(): Record<ConsentMethod, number> {
  return Object.fromEntries(CONSENT_METHODS.map((method) => [method, 0])) as Record<ConsentMethod, number>;
}

function isMethod(method: string): method is ConsentMethod {
  return (CONSENT_METHODS as readonly string[]).includes(method);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Unknown (null) last, then by code units. */
function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** A stored record as the stats index reads it from the log. */
export interface LoggedRecord {
  seq: number;
  id: string;
  revision: number;
  record: ConsentRecord;
  receivedAt: string;
  secGpc: boolean;
}

/** Everything a figure is grouped by, as one key (JSON of the columns, in `COMBO_COLUMNS` order). */
export type ComboKey = string;

export const COMBO_COLUMNS = ['method', 'policyVersion', 'gpc', 'granted', 'named', 'mode', 'region', 'language', 'variant'] as const;
export type Combo = Pick<StatsRow, (typeof COMBO_COLUMNS)[number]>;

export function comboKey(row: Combo): ComboKey {
  return JSON.stringify(COMBO_COLUMNS.map((column) => row[column]));
}

export function comboOf(key: ComboKey): Combo {
  const values = JSON.parse(key) as unknown[];
  return Object.fromEntries(COMBO_COLUMNS.map((column, index) => [column, values[index]])) as unknown as Combo;
}

/** An id's latest decision indexed so far: where its count sits. */
export interface LatestDecision {
  seq: number;
  revision: number;
  day: number;
  combo: ComboKey;
}

/** Shoppers to add to (or, negative, take from) one cell of the counts. */
export interface CountDelta {
  combo: ComboKey;
  day: number;
  untilDay: number;
  shoppers: number;
}

/** What indexing a chunk of the log changes. */
export interface StatsChunkPlan {
  /** Decisions per (day, method). */
  daily: Array<{ day: number; method: ConsentMethod; decisions: number }>;
  counts: CountDelta[];
  /** The ids whose latest decision changed, with it. */
  latest: Map<string, LatestDecision>;
  lastSeq: number;
}

/**
 * What records (in log order) change in the counts, given each id's latest decision indexed so
 * far: each record counts once, at its day, until its id's next decision arrives; then its count
 * moves to the cell that says until when. A late retry of an older revision is closed on arrival.
 */
export function planStatsChunk(records: readonly LoggedRecord[], latestSoFar: ReadonlyMap<string, LatestDecision>): StatsChunkPlan {
  const latest = new Map<string, LatestDecision>();
  const daily = new Map<string, { day: number; method: ConsentMethod; decisions: number }>();
  const counts = new Map<string, CountDelta>();
  const add = (combo: ComboKey, day: number, untilDay: number, shoppers: number) => {
    const key = `${combo}\0${day}\0${untilDay}`;
    const cell = counts.get(key);
    if (cell) cell.shoppers += shoppers;
    else counts.set(key, { combo, day, untilDay, shoppers });
  };
  for (const { seq, id, revision, record, receivedAt, secGpc } of records) {
    const row = statsRow(seq, receivedAt, secGpc, record);
    const combo = comboKey(row);
    const dayKey = `${row.day}\0${row.method}`;
    const perDay = daily.get(dayKey);
    if (perDay) perDay.decisions += 1;
    else daily.set(dayKey, { day: row.day, method: row.method, decisions: 1 });

    const previous = latest.get(id) ?? latestSoFar.get(id);
    if (previous && previous.revision > revision) {
      add(combo, row.day, row.day, 1);
      continue;
    }
    if (previous) {
      add(previous.combo, previous.day, STILL_LATEST, -1);
      add(previous.combo, previous.day, row.day, 1);
    }
    add(combo, row.day, STILL_LATEST, 1);
    latest.set(id, { seq, revision, day: row.day, combo });
  }
  return {
    daily: [...daily.values()],
    counts: [...counts.values()].filter((cell) => cell.shoppers !== 0),
    latest,
    lastSeq: records.at(-1)?.seq ?? 0,
  };
}
