// The stats index of a PostgreSQL store (stats.ts): one narrow row per record, kept up to date from
// the log in chunks, off the write path, one instance at a time; and the SQL that aggregates a period.
import type pg from 'pg';
import { STILL_LATEST, planStatsChunk, type DailyCount, type LatestDecision, type LatestGroup, type Period, type PeriodAggregates, type StatsDimension } from '../stats.js';
import type { ConsentRecord } from '../schema.js';
import { DIMENSION_COLUMNS, STATS_CHUNK, groupedColumns } from './stats-sql.js';

export const STATS_TABLES = `
  CREATE TABLE IF NOT EXISTS consent_stats (
    seq            BIGINT  PRIMARY KEY, -- the record's position in the log
    day            INTEGER NOT NULL,    -- UTC day it arrived (days since 1970-01-01)
    until_day      INTEGER NOT NULL,    -- UTC day the id's next decision arrived; ${STILL_LATEST} while latest
    method         TEXT    NOT NULL,
    mode           TEXT,
    region         TEXT,
    language       TEXT,
    policy_version TEXT    NOT NULL,
    variant        TEXT,
    gpc            BOOLEAN NOT NULL,
    granted        TEXT    NOT NULL,    -- category names allowed, sorted, space-separated
    named          TEXT    NOT NULL     -- category names the decision names
  );
  CREATE TABLE IF NOT EXISTS consent_stats_latest (
    id       TEXT    PRIMARY KEY,
    seq      BIGINT  NOT NULL,
    revision INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS consent_stats_by_day
    ON consent_stats (day, until_day, method, policy_version, gpc, granted, named, mode, region, language, variant);
  CREATE INDEX IF NOT EXISTS consent_stats_latest_seq ON consent_stats_latest (seq);
`;

const INSERT_ROWS = `
  INSERT INTO consent_stats (seq, day, until_day, method, mode, region, language, policy_version, variant, gpc, granted, named)
  SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[])`;

const CLOSE_ROWS = `
  UPDATE consent_stats s SET until_day = closed.until_day
  FROM unnest($1::bigint[], $2::int[]) AS closed(seq, until_day) WHERE s.seq = closed.seq`;

const SET_LATEST = `
  INSERT INTO consent_stats_latest (id, seq, revision) SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])
  ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, revision = excluded.revision`;

export interface PostgresStatsIndex {
  /** Indexes up to STATS_CHUNK records stored since the last call, in one transaction; answers how many. */
  indexChunk(client: pg.PoolClient): Promise<number>;
  aggregates(pool: pg.Pool, period: Period, dimensions: readonly StatsDimension[]): Promise<PeriodAggregates>;
  /** After a prune, in its transaction: forgets the rows of records that are gone. */
  forgetBefore(client: pg.PoolClient, seq: number): Promise<void>;
}

/** `lock`: takes the stats index's advisory lock for the transaction, so one instance indexes at a time. */
export function postgresStatsIndex(lock: (client: pg.PoolClient) => Promise<void>): PostgresStatsIndex {
  return {
    async indexChunk(client) {
      await lock(client);
      const { rows } = await client.query<{ seq: string; id: string; revision: number; record: ConsentRecord; received_at: Date; sec_gpc: boolean }>(
        `SELECT seq, id, revision, record, received_at, sec_gpc FROM consent_records
         WHERE seq > (SELECT coalesce(max(seq), 0) FROM consent_stats) ORDER BY seq LIMIT $1`,
        [STATS_CHUNK],
      );
      if (rows.length === 0) return 0;
      const records = rows.map((row) => ({ seq: Number(row.seq), id: row.id, revision: row.revision, record: row.record, receivedAt: row.received_at.toISOString(), secGpc: row.sec_gpc }));
      const found = await client.query<{ id: string; seq: string; revision: number }>('SELECT id, seq, revision FROM consent_stats_latest WHERE id = ANY($1::text[])', [
        [...new Set(records.map((record) => record.id))],
      ]);
      const latestSoFar = new Map<string, LatestDecision>(found.rows.map((row) => [row.id, { seq: Number(row.seq), revision: row.revision }]));
      const plan = planStatsChunk(records, latestSoFar);
      const column = <T>(pick: (row: (typeof plan.rows)[number]) => T) => plan.rows.map(pick);
      await client.query(INSERT_ROWS, [
        column((row) => row.seq),
        column((row) => row.day),
        column((row) => row.untilDay),
        column((row) => row.method),
        column((row) => row.mode),
        column((row) => row.region),
        column((row) => row.language),
        column((row) => row.policyVersion),
        column((row) => row.variant),
        column((row) => row.gpc),
        column((row) => row.granted),
        column((row) => row.named),
      ]);
      if (plan.closed.length > 0) await client.query(CLOSE_ROWS, [plan.closed.map((closed) => closed.seq), plan.closed.map((closed) => closed.untilDay)]);
      const changed = [...plan.latest].filter(([id, { seq }]) => latestSoFar.get(id)?.seq !== seq);
      if (changed.length > 0) {
        await client.query(SET_LATEST, [changed.map(([id]) => id), changed.map(([, latest]) => latest.seq), changed.map(([, latest]) => latest.revision)]);
      }
      return records.length;
    },

    async aggregates(pool, period, dimensions) {
      const grouped = groupedColumns(dimensions).join(', ');
      const [daily, latest] = await Promise.all([
        pool.query<{ day: number; method: string; decisions: string }>(
          'SELECT day, method, count(*) AS decisions FROM consent_stats WHERE day BETWEEN $1 AND $2 GROUP BY day, method',
          [period.from, period.to],
        ),
        pool.query<Record<string, unknown>>(
          `SELECT ${grouped}, count(*) AS shoppers FROM consent_stats WHERE day BETWEEN $1 AND $2 AND until_day > $2 GROUP BY ${grouped}`,
          [period.from, period.to],
        ),
      ]);
      return {
        daily: daily.rows.map((row): DailyCount => ({ day: row.day, method: row.method, decisions: Number(row.decisions) })),
        latest: latest.rows.map(
          (row): LatestGroup => ({
            method: row.method as string,
            policyVersion: row.policy_version as string,
            gpc: row.gpc === true,
            granted: row.granted as string,
            named: row.named as string,
            dimensions: Object.fromEntries(dimensions.map((dimension) => [dimension, (row[DIMENSION_COLUMNS[dimension]] as string | null) ?? null])),
            shoppers: Number(row.shoppers),
          }),
        ),
      };
    },

    async forgetBefore(client, seq) {
      await lock(client);
      await client.query('DELETE FROM consent_stats WHERE seq < $1', [seq]);
      await client.query('DELETE FROM consent_stats_latest WHERE seq < $1', [seq]);
    },
  };
}
