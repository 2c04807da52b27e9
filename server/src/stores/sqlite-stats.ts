// The stats index of a SQLite store (stats.ts): counts of shoppers per combination, day and "until
// day", kept up to date from the log in chunks, off the write path; and the SQL that sums a period.
import type Database from 'better-sqlite3';
import { STILL_LATEST, comboOf, planStatsChunk, type DailyCount, type LatestDecision, type LatestGroup, type Period, type PeriodAggregates } from '../stats.js';
import type { ConsentRecord } from '../schema.js';
import { STATS_CHUNK } from './stats-sql.js';

export const STATS_TABLES = `
  -- Every combination of what figures are grouped by, once: the JSON array of method, policy
  -- version, GPC, categories allowed, categories named, mode, region, language, variant.
  CREATE TABLE IF NOT EXISTS consent_stats_combos (
    combo INTEGER PRIMARY KEY,
    key   TEXT    NOT NULL UNIQUE
  );
  -- Shoppers whose decision of this combination arrived on day and stayed their latest until
  -- until_day (${STILL_LATEST}: still is).
  CREATE TABLE IF NOT EXISTS consent_stats_counts (
    combo     INTEGER NOT NULL,
    day       INTEGER NOT NULL, -- UTC days since 1970-01-01
    until_day INTEGER NOT NULL,
    shoppers  INTEGER NOT NULL,
    PRIMARY KEY (combo, day, until_day)
  ) WITHOUT ROWID;
  -- A period's cells, read from this index alone.
  CREATE INDEX IF NOT EXISTS consent_stats_counts_day ON consent_stats_counts (day, until_day, combo, shoppers);
  CREATE TABLE IF NOT EXISTS consent_stats_daily (
    day       INTEGER NOT NULL,
    method    TEXT    NOT NULL,
    decisions INTEGER NOT NULL,
    PRIMARY KEY (day, method)
  ) WITHOUT ROWID;
  -- Each id's latest decision so far, to move its count when the next one arrives.
  CREATE TABLE IF NOT EXISTS consent_stats_latest (
    id       TEXT    PRIMARY KEY,
    seq      INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    day      INTEGER NOT NULL,
    combo    INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS consent_stats_progress (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    seq INTEGER NOT NULL -- the last record of the log counted
  );
`;

export interface SqliteStatsIndex {
  /** Counts up to STATS_CHUNK records stored since the last call, in one transaction; answers how many. */
  indexChunk(): number;
  aggregates(period: Period): PeriodAggregates;
  currentPolicyVersion(): string | null;
  /**
   * After a prune: forgets whole days before `beforeDay`. The day a prune cuts into stays counted
   * until a later prune passes it (figures are per day).
   */
  forget(beforeDay: number): void;
}

export function sqliteStatsIndex(db: Database.Database): SqliteStatsIndex {
  const progress = db.prepare<[], { seq: number }>('SELECT seq FROM consent_stats_progress');
  const setProgress = db.prepare('INSERT INTO consent_stats_progress (one, seq) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET seq = excluded.seq');
  const nextRecords = db.prepare<[number, number], { seq: number; id: string; revision: number; record: string; received_at: string; sec_gpc: number }>(
    'SELECT seq, id, revision, record, received_at, sec_gpc FROM consent_records WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const latestOf = db.prepare<[string], { seq: number; revision: number; day: number; combo: number }>('SELECT seq, revision, day, combo FROM consent_stats_latest WHERE id = ?');
  const setLatest = db.prepare(
    `INSERT INTO consent_stats_latest (id, seq, revision, day, combo) VALUES (@id, @seq, @revision, @day, @combo)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, revision = excluded.revision, day = excluded.day, combo = excluded.combo`,
  );
  const addCount = db.prepare(
    `INSERT INTO consent_stats_counts (combo, day, until_day, shoppers) VALUES (@combo, @day, @untilDay, @shoppers)
     ON CONFLICT (combo, day, until_day) DO UPDATE SET shoppers = shoppers + excluded.shoppers`,
  );
  const dropEmpty = db.prepare('DELETE FROM consent_stats_counts WHERE combo = @combo AND day = @day AND until_day = @untilDay AND shoppers = 0');
  const addDaily = db.prepare(
    `INSERT INTO consent_stats_daily (day, method, decisions) VALUES (@day, @method, @decisions)
     ON CONFLICT (day, method) DO UPDATE SET decisions = decisions + excluded.decisions`,
  );
  const findCombo = db.prepare<[string], { combo: number }>('SELECT combo FROM consent_stats_combos WHERE key = ?');
  const insertCombo = db.prepare('INSERT INTO consent_stats_combos (key) VALUES (?)');
  const comboById = db.prepare<[number], { key: string }>('SELECT key FROM consent_stats_combos WHERE combo = ?');
  const newestPolicy = db.prepare<[], { policy: string | null }>("SELECT json_extract(record, '$.policyVersion') AS policy FROM consent_records ORDER BY seq DESC LIMIT 1");
  const daily = db.prepare<[number, number], DailyCount>('SELECT day, method, decisions FROM consent_stats_daily WHERE day BETWEEN ? AND ?');
  const latest = db.prepare<{ from: number; to: number }, { combo: number; shoppers: number }>(
    'SELECT combo, sum(shoppers) AS shoppers FROM consent_stats_counts WHERE day BETWEEN @from AND @to AND until_day > @to GROUP BY combo',
  );
  const forgetCounts = db.prepare('DELETE FROM consent_stats_counts WHERE day < ?');
  const forgetDaily = db.prepare('DELETE FROM consent_stats_daily WHERE day < ?');
  const forgetLatest = db.prepare('DELETE FROM consent_stats_latest WHERE day < ?');

  const keys = new Map<number, string>();
  const ids = new Map<string, number>();
  const remember = (combo: number, key: string) => {
    keys.set(combo, key);
    ids.set(key, combo);
  };
  const keyOf = (combo: number): string => {
    let key = keys.get(combo);
    if (key === undefined) {
      key = comboById.get(combo)?.key;
      if (key === undefined) throw new Error(`the stats index has no combination ${combo}`);
      remember(combo, key);
    }
    return key;
  };
  const idOf = (key: string): number => {
    let combo = ids.get(key);
    if (combo === undefined) {
      combo = findCombo.get(key)?.combo ?? Number(insertCombo.run(key).lastInsertRowid);
      remember(combo, key);
    }
    return combo;
  };

  const indexChunk = db.transaction((): number => {
    const records = nextRecords.all(progress.get()?.seq ?? 0, STATS_CHUNK).map((row) => ({
      seq: row.seq,
      id: row.id,
      revision: row.revision,
      record: JSON.parse(row.record) as ConsentRecord,
      receivedAt: row.received_at,
      secGpc: row.sec_gpc === 1,
    }));
    if (records.length === 0) return 0;
    const latestSoFar = new Map<string, LatestDecision>();
    for (const { id } of records) {
      const found = latestOf.get(id);
      if (found) latestSoFar.set(id, { seq: found.seq, revision: found.revision, day: found.day, combo: keyOf(found.combo) });
    }
    const plan = planStatsChunk(records, latestSoFar);
    for (const row of plan.daily) addDaily.run(row);
    for (const cell of plan.counts) {
      const params = { combo: idOf(cell.combo), day: cell.day, untilDay: cell.untilDay, shoppers: cell.shoppers };
      addCount.run(params);
      if (cell.shoppers < 0) dropEmpty.run(params);
    }
    for (const [id, decision] of plan.latest) setLatest.run({ id, seq: decision.seq, revision: decision.revision, day: decision.day, combo: idOf(decision.combo) });
    setProgress.run(plan.lastSeq);
    return records.length;
  });

  return {
    indexChunk() {
      try {
        return indexChunk.immediate();
      } catch (error) {
        // Combinations this transaction added are gone with it.
        keys.clear();
        ids.clear();
        throw error;
      }
    },
    aggregates(period) {
      const groups: LatestGroup[] = [];
      for (const { combo, shoppers } of latest.all(period)) if (shoppers) groups.push({ ...comboOf(keyOf(combo)), shoppers });
      return { daily: daily.all(period.from, period.to), latest: groups };
    },
    currentPolicyVersion() {
      return newestPolicy.get()?.policy ?? null;
    },
    forget(beforeDay) {
      db.transaction(() => {
        forgetCounts.run(beforeDay);
        forgetDaily.run(beforeDay);
        forgetLatest.run(beforeDay);
      }).immediate();
    },
  };
}
