// The stats index of a SQLite store (stats.ts): one narrow row per record, kept up to date from
// the log in chunks, off the write path, and the SQL that aggregates a period.
import type Database from 'better-sqlite3';
import { STILL_LATEST, planStatsChunk, type DailyCount, type LatestDecision, type LatestGroup, type Period, type PeriodAggregates, type StatsDimension } from '../stats.js';
import type { ConsentRecord } from '../schema.js';
import { DIMENSION_COLUMNS, STATS_CHUNK, groupedColumns } from './stats-sql.js';

export const STATS_TABLES = `
  CREATE TABLE IF NOT EXISTS consent_stats (
    seq            INTEGER PRIMARY KEY, -- the record's position in the log
    day            INTEGER NOT NULL,    -- UTC day it arrived (days since 1970-01-01)
    until_day      INTEGER NOT NULL,    -- UTC day the id's next decision arrived; ${STILL_LATEST} while latest
    method         TEXT    NOT NULL,
    mode           TEXT,
    region         TEXT,
    language       TEXT,
    policy_version TEXT    NOT NULL,
    variant        TEXT,
    gpc            INTEGER NOT NULL,
    granted        TEXT    NOT NULL,    -- category names allowed, sorted, space-separated
    named          TEXT    NOT NULL     -- category names the decision names
  );
  -- Each id's latest decision so far, to close it when the next one arrives.
  CREATE TABLE IF NOT EXISTS consent_stats_latest (
    id       TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL,
    revision INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- Covers every query of a period: the database reads a range of this index and nothing else.
  CREATE INDEX IF NOT EXISTS consent_stats_by_day
    ON consent_stats (day, until_day, method, policy_version, gpc, granted, named, mode, region, language, variant);
`;

export interface SqliteStatsIndex {
  /** Indexes up to STATS_CHUNK records stored since the last call, in one transaction; answers how many. */
  indexChunk(): number;
  aggregates(period: Period, dimensions: readonly StatsDimension[]): PeriodAggregates;
  currentPolicyVersion(): string | null;
  /** After a prune: forgets the rows of records that are gone. */
  forgetBefore(seq: number): void;
}

export function sqliteStatsIndex(db: Database.Database): SqliteStatsIndex {
  const lastIndexed = db.prepare<[], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM consent_stats');
  const nextRecords = db.prepare<[number, number], { seq: number; id: string; revision: number; record: string; received_at: string; sec_gpc: number }>(
    'SELECT seq, id, revision, record, received_at, sec_gpc FROM consent_records WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const latestOf = db.prepare<[string], { seq: number; revision: number }>('SELECT seq, revision FROM consent_stats_latest WHERE id = ?');
  const setLatest = db.prepare(
    'INSERT INTO consent_stats_latest (id, seq, revision) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, revision = excluded.revision',
  );
  const close = db.prepare('UPDATE consent_stats SET until_day = ? WHERE seq = ?');
  const insert = db.prepare(
    `INSERT INTO consent_stats (seq, day, until_day, method, mode, region, language, policy_version, variant, gpc, granted, named)
     VALUES (@seq, @day, @untilDay, @method, @mode, @region, @language, @policyVersion, @variant, @gpc, @granted, @named)`,
  );
  const newestPolicy = db.prepare<[], { policy: string | null }>(
    "SELECT json_extract(record, '$.policyVersion') AS policy FROM consent_records ORDER BY seq DESC LIMIT 1",
  );
  const daily = db.prepare<[number, number], DailyCount>(
    'SELECT day, method, count(*) AS decisions FROM consent_stats WHERE day BETWEEN ? AND ? GROUP BY day, method',
  );
  const forgetRows = db.prepare('DELETE FROM consent_stats WHERE seq < ?');
  const forgetLatest = db.prepare('DELETE FROM consent_stats_latest WHERE seq < ?');
  const latestQueries = new Map<string, Database.Statement<{ from: number; to: number }, Record<string, unknown>>>();

  const indexChunk = db.transaction((): number => {
    const records = nextRecords.all(lastIndexed.get()?.seq ?? 0, STATS_CHUNK).map((row) => ({
      seq: row.seq,
      id: row.id,
      revision: row.revision,
      record: JSON.parse(row.record) as ConsentRecord,
      receivedAt: row.received_at,
      secGpc: row.sec_gpc === 1,
    }));
    const latestSoFar = new Map<string, LatestDecision>();
    for (const { id } of records) {
      const found = latestOf.get(id);
      if (found) latestSoFar.set(id, found);
    }
    const plan = planStatsChunk(records, latestSoFar);
    for (const row of plan.rows) insert.run({ ...row, gpc: row.gpc ? 1 : 0 });
    for (const { seq, untilDay } of plan.closed) close.run(untilDay, seq);
    for (const [id, { seq, revision }] of plan.latest) if (latestSoFar.get(id)?.seq !== seq) setLatest.run(id, seq, revision);
    return records.length;
  });

  function latestQuery(dimensions: readonly StatsDimension[]) {
    const grouped = groupedColumns(dimensions).join(', ');
    let query = latestQueries.get(grouped);
    if (!query) {
      query = db.prepare(`SELECT ${grouped}, count(*) AS shoppers FROM consent_stats WHERE day BETWEEN @from AND @to AND until_day > @to GROUP BY ${grouped}`);
      latestQueries.set(grouped, query);
    }
    return query;
  }

  return {
    indexChunk: () => indexChunk.immediate(),
    aggregates(period, dimensions) {
      const latest = latestQuery(dimensions)
        .all(period)
        .map((row): LatestGroup => ({
          method: row.method as string,
          policyVersion: row.policy_version as string,
          gpc: row.gpc === 1,
          granted: row.granted as string,
          named: row.named as string,
          dimensions: Object.fromEntries(dimensions.map((dimension) => [dimension, (row[DIMENSION_COLUMNS[dimension]] as string | null) ?? null])),
          shoppers: row.shoppers as number,
        }));
      return { daily: daily.all(period.from, period.to), latest };
    },
    currentPolicyVersion() {
      return newestPolicy.get()?.policy ?? null;
    },
    forgetBefore(seq) {
      db.transaction(() => {
        forgetRows.run(seq);
        forgetLatest.run(seq);
      }).immediate();
    },
  };
}
