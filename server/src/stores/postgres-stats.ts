// The stats index of a PostgreSQL store (stats.ts): counts of shoppers per combination, day and
// "until day", kept up to date from the log in chunks, off the write path, one instance at a time;
// and the SQL that sums a period.
import type pg from 'pg';
import { STILL_LATEST, comboOf, planStatsChunk, type DailyCount, type LatestDecision, type LatestGroup, type Period, type PeriodAggregates } from '../stats.js';
import type { ConsentRecord } from '../schema.js';
import { STATS_CHUNK } from './stats-sql.js';

export const STATS_TABLES = `
  -- Every combination of what figures are grouped by, once: the JSON array of method, policy
  -- version, GPC, categories allowed, categories named, mode, region, language, variant.
  CREATE TABLE IF NOT EXISTS consent_stats_combos (
    combo SERIAL PRIMARY KEY,
    key   TEXT   NOT NULL UNIQUE
  );
  -- Shoppers whose decision of this combination arrived on day and stayed their latest until
  -- until_day (${STILL_LATEST}: still is).
  CREATE TABLE IF NOT EXISTS consent_stats_counts (
    combo     INTEGER NOT NULL,
    day       INTEGER NOT NULL, -- UTC days since 1970-01-01
    until_day INTEGER NOT NULL,
    shoppers  INTEGER NOT NULL,
    PRIMARY KEY (combo, day, until_day)
  );
  CREATE INDEX IF NOT EXISTS consent_stats_counts_day ON consent_stats_counts (day, until_day) INCLUDE (combo, shoppers);
  CREATE TABLE IF NOT EXISTS consent_stats_daily (
    day       INTEGER NOT NULL,
    method    TEXT    NOT NULL,
    decisions INTEGER NOT NULL,
    PRIMARY KEY (day, method)
  );
  -- Each id's latest decision so far, to move its count when the next one arrives.
  CREATE TABLE IF NOT EXISTS consent_stats_latest (
    id       TEXT    PRIMARY KEY,
    seq      BIGINT  NOT NULL,
    revision INTEGER NOT NULL,
    day      INTEGER NOT NULL,
    combo    INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS consent_stats_progress (
    one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    seq BIGINT  NOT NULL -- the last record of the log counted
  );
`;

const ADD_DAILY = `
  INSERT INTO consent_stats_daily (day, method, decisions) SELECT * FROM unnest($1::int[], $2::text[], $3::int[])
  ON CONFLICT (day, method) DO UPDATE SET decisions = consent_stats_daily.decisions + excluded.decisions`;

const ADD_COUNTS = `
  INSERT INTO consent_stats_counts AS n (combo, day, until_day, shoppers) SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
  ON CONFLICT (combo, day, until_day) DO UPDATE SET shoppers = n.shoppers + excluded.shoppers`;

/** Cells a decision moved out of and left empty (a second statement: one cannot see the other's update). */
const DROP_EMPTY = `
  DELETE FROM consent_stats_counts n USING unnest($1::int[], $2::int[], $3::int[]) AS emptied(combo, day, until_day)
  WHERE n.combo = emptied.combo AND n.day = emptied.day AND n.until_day = emptied.until_day AND n.shoppers = 0`;

const SET_LATEST = `
  INSERT INTO consent_stats_latest (id, seq, revision, day, combo) SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::int[])
  ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, revision = excluded.revision, day = excluded.day, combo = excluded.combo`;

/** The combinations' ids, adding those not seen yet (an instance indexing at the same time is held off by the lock). */
const COMBO_IDS = `
  WITH wanted AS (SELECT DISTINCT unnest($1::text[]) AS key),
  added AS (INSERT INTO consent_stats_combos (key) SELECT key FROM wanted ON CONFLICT (key) DO NOTHING RETURNING combo, key)
  SELECT combo, key FROM added UNION ALL SELECT c.combo, c.key FROM consent_stats_combos c JOIN wanted USING (key)`;

export interface PostgresStatsIndex {
  /** Counts up to STATS_CHUNK records stored since the last call, in the caller's transaction; answers how many. */
  indexChunk(client: pg.PoolClient): Promise<number>;
  aggregates(pool: pg.Pool, period: Period): Promise<PeriodAggregates>;
  /** After a prune, in its transaction: forgets whole days before `beforeDay` (see sqlite-stats.ts). */
  forget(client: pg.PoolClient, beforeDay: number): Promise<void>;
}

/** `lock`: takes the stats index's advisory lock for the transaction, so one instance indexes at a time. */
export function postgresStatsIndex(lock: (client: pg.PoolClient) => Promise<void>): PostgresStatsIndex {
  const keys = new Map<number, string>();

  async function keysOf(client: pg.Pool | pg.PoolClient, combos: Iterable<number>): Promise<void> {
    const missing = [...new Set(combos)].filter((combo) => !keys.has(combo));
    if (missing.length === 0) return;
    const { rows } = await client.query<{ combo: number; key: string }>('SELECT combo, key FROM consent_stats_combos WHERE combo = ANY($1::int[])', [missing]);
    for (const row of rows) keys.set(row.combo, row.key);
  }

  return {
    async indexChunk(client) {
      await lock(client);
      const { rows } = await client.query<{ seq: string; id: string; revision: number; record: ConsentRecord; received_at: Date; sec_gpc: boolean }>(
        `SELECT seq, id, revision, record, received_at, sec_gpc FROM consent_records
         WHERE seq > coalesce((SELECT seq FROM consent_stats_progress), 0) ORDER BY seq LIMIT $1`,
        [STATS_CHUNK],
      );
      if (rows.length === 0) return 0;
      const records = rows.map((row) => ({ seq: Number(row.seq), id: row.id, revision: row.revision, record: row.record, receivedAt: row.received_at.toISOString(), secGpc: row.sec_gpc }));
      const found = await client.query<{ id: string; seq: string; revision: number; day: number; combo: number }>(
        'SELECT id, seq, revision, day, combo FROM consent_stats_latest WHERE id = ANY($1::text[])',
        [[...new Set(records.map((record) => record.id))]],
      );
      await keysOf(client, found.rows.map((row) => row.combo));
      const latestSoFar = new Map<string, LatestDecision>(
        found.rows.map((row) => [row.id, { seq: Number(row.seq), revision: row.revision, day: row.day, combo: keys.get(row.combo)! }]),
      );
      const plan = planStatsChunk(records, latestSoFar);
      const comboKeys = [...plan.counts.map((cell) => cell.combo), ...[...plan.latest.values()].map((decision) => decision.combo)];
      const { rows: comboRows } = await client.query<{ combo: number; key: string }>(COMBO_IDS, [comboKeys]);
      const ids = new Map(comboRows.map((row) => [row.key, row.combo]));
      const id = (key: string) => ids.get(key)!;
      await client.query(ADD_DAILY, [plan.daily.map((row) => row.day), plan.daily.map((row) => row.method), plan.daily.map((row) => row.decisions)]);
      await client.query(ADD_COUNTS, [
        plan.counts.map((cell) => id(cell.combo)),
        plan.counts.map((cell) => cell.day),
        plan.counts.map((cell) => cell.untilDay),
        plan.counts.map((cell) => cell.shoppers),
      ]);
      const taken = plan.counts.filter((cell) => cell.shoppers < 0);
      if (taken.length > 0) await client.query(DROP_EMPTY, [taken.map((cell) => id(cell.combo)), taken.map((cell) => cell.day), taken.map((cell) => cell.untilDay)]);
      const latest = [...plan.latest];
      await client.query(SET_LATEST, [
        latest.map(([shopper]) => shopper),
        latest.map(([, decision]) => decision.seq),
        latest.map(([, decision]) => decision.revision),
        latest.map(([, decision]) => decision.day),
        latest.map(([, decision]) => id(decision.combo)),
      ]);
      await client.query('INSERT INTO consent_stats_progress (seq) VALUES ($1) ON CONFLICT (one) DO UPDATE SET seq = excluded.seq', [plan.lastSeq]);
      return records.length;
    },

    async aggregates(pool, period) {
      const [daily, latest] = await Promise.all([
        pool.query<{ day: number; method: string; decisions: number }>('SELECT day, method, decisions FROM consent_stats_daily WHERE day BETWEEN $1 AND $2', [period.from, period.to]),
        pool.query<{ combo: number; shoppers: string }>(
          'SELECT combo, sum(shoppers) AS shoppers FROM consent_stats_counts WHERE day BETWEEN $1 AND $2 AND until_day > $2 GROUP BY combo HAVING sum(shoppers) > 0',
          [period.from, period.to],
        ),
      ]);
      await keysOf(pool, latest.rows.map((row) => row.combo));
      return {
        daily: daily.rows.map((row): DailyCount => ({ day: row.day, method: row.method, decisions: row.decisions })),
        latest: latest.rows.map((row): LatestGroup => ({ ...comboOf(keys.get(row.combo)!), shoppers: Number(row.shoppers) })),
      };
    },

    async forget(client, beforeDay) {
      await lock(client);
      await client.query('DELETE FROM consent_stats_counts WHERE day < $1', [beforeDay]);
      await client.query('DELETE FROM consent_stats_daily WHERE day < $1', [beforeDay]);
      await client.query('DELETE FROM consent_stats_latest WHERE day < $1', [beforeDay]);
    },
  };
}
