// PostgreSQL store, safe for several endpoint instances sharing one database. Appends are
// group-committed: each transaction takes a write lock (a transaction-scoped advisory lock), reads
// what it needs for the ids it holds, and writes all its records at once, so every record is
// chained to the one committed before it, per id and in the whole log.
import pg from 'pg';
import { logHead, planBatch, rowKey, type BatchView, type IdState, NEW_ID } from '../append-plan.js';
import { GroupCommit } from '../group-commit.js';
import { GENESIS_HASH, signCheckpoint, type Checkpoint } from '../hash-chain.js';
import { verifyLog } from '../log-verify.js';
import type { ConsentRecord } from '../schema.js';
import type { AppendRequest, AppendResult, ConsentStore, ExportPage, ShopperRef, StoreSettings, StoredRecord } from '../store.js';
import { STATS_TABLES, postgresStatsIndex } from './postgres-stats.js';
import { chunkedIndexer } from './stats-sql.js';
import { dayNumber } from '../stats.js';

/** First key of every advisory lock Assent takes, so they cannot meet another application's. */
const LOCK_NAMESPACE = 0x61737374; // "asst"
const SCHEMA_LOCK = 0;
const WRITE_LOCK = 1;
const STATS_LOCK = 2;

const TABLES = `
  CREATE TABLE IF NOT EXISTS consent_records (
    seq         BIGSERIAL   PRIMARY KEY, -- position in the log
    id          TEXT        NOT NULL,
    revision    INTEGER     NOT NULL,
    record      JSONB       NOT NULL, -- the record as the browser sent it (url and subject removed on erasure)
    received_at TIMESTAMPTZ NOT NULL, -- from the endpoint's clock
    user_agent  TEXT,
    ip_prefix   TEXT,
    sec_gpc     BOOLEAN     NOT NULL,
    prev_hash   TEXT        NOT NULL,
    hash        TEXT        NOT NULL,
    subject     TEXT        GENERATED ALWAYS AS (record->>'subject') STORED,
    version     INTEGER     NOT NULL DEFAULT 1,
    log_hash    TEXT,
    personal    JSONB, -- salted digests of url, subject, user agent, IP prefix
    salt        TEXT,
    kid         TEXT,
    signature   TEXT,
    receipt_path JSONB, -- the record's Merkle path to the signed root of its batch
    erased_at   TIMESTAMPTZ,
    CONSTRAINT consent_records_id_revision UNIQUE (id, revision)
  );
  CREATE TABLE IF NOT EXISTS consent_ids (
    id         TEXT PRIMARY KEY,
    proof_hash TEXT -- SHA-256 of the secret the id's first write established
  );
  CREATE TABLE IF NOT EXISTS consent_checkpoints (
    seq        BIGINT      NOT NULL,
    log_hash   TEXT        NOT NULL,
    records    BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    reason     TEXT        NOT NULL,
    kid        TEXT        NOT NULL,
    signature  TEXT        NOT NULL
  );
  CREATE TABLE IF NOT EXISTS admin_sessions (
    secret_hash TEXT        PRIMARY KEY, -- SHA-256 of the dashboard session's secret, never the secret
    expires_at  TIMESTAMPTZ NOT NULL     -- from the endpoint's clock
  );
`;

/** Columns added since 0.1; a table made by an earlier version gets them in place. */
const ADDED_COLUMNS: Array<[string, string]> = [
  ['subject', `TEXT GENERATED ALWAYS AS (record->>'subject') STORED`],
  ['version', 'INTEGER NOT NULL DEFAULT 1'],
  ['log_hash', 'TEXT'],
  ['personal', 'JSONB'],
  ['salt', 'TEXT'],
  ['kid', 'TEXT'],
  ['signature', 'TEXT'],
  ['receipt_path', 'JSONB'],
  ['erased_at', 'TIMESTAMPTZ'],
];

const INDEXES = `
  CREATE INDEX IF NOT EXISTS consent_records_received_at ON consent_records (received_at);
  CREATE INDEX IF NOT EXISTS consent_records_subject ON consent_records (subject, seq) WHERE subject IS NOT NULL;
  CREATE INDEX IF NOT EXISTS consent_checkpoints_seq ON consent_checkpoints (seq);
`;

interface Row {
  seq: string; // BIGINT arrives as a string
  id: string;
  revision: number;
  record: ConsentRecord;
  received_at: Date;
  user_agent: string | null;
  ip_prefix: string | null;
  sec_gpc: boolean;
  prev_hash: string;
  hash: string;
  version: number;
  log_hash: string | null;
  personal: StoredRecord['personal'];
  salt: string | null;
  kid: string | null;
  signature: string | null;
  receipt_path: string[] | null;
  erased_at: Date | null;
}

interface CheckpointRow {
  seq: string;
  log_hash: string;
  records: string;
  created_at: Date;
  reason: Checkpoint['reason'];
  kid: string;
  signature: string;
}

const COLUMNS = 'seq, id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash, version, log_hash, personal, salt, kid, signature, receipt_path, erased_at';

/** BEGIN, the write lock, and the end of the log, in one round trip (no parameters: a simple query). */
const BEGIN_WRITE = `BEGIN;
  SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${WRITE_LOCK});
  SELECT seq, log_hash FROM consent_records ORDER BY seq DESC LIMIT 1;
  SELECT * FROM consent_checkpoints ORDER BY seq DESC, created_at DESC LIMIT 1`;

const ID_STATES = `
  SELECT u.id,
         (SELECT max(revision) FROM consent_records r WHERE r.id = u.id) AS latest,
         -- by the (id, revision) index, then the primary key; ORDER BY seq DESC LIMIT 1 would be planned
         -- as a backward scan of the whole table, and an index on (id, seq) costs every insert
         (SELECT hash FROM consent_records r WHERE r.seq = (SELECT max(seq) FROM consent_records m WHERE m.id = u.id)) AS last_hash,
         c.proof_hash, c.id IS NOT NULL AS known
  FROM unnest($1::text[]) AS u(id) LEFT JOIN consent_ids c ON c.id = u.id`;

/** LATERAL: one index lookup per key; a plain IN (unnest) may be planned as a scan of the table. */
const EXISTING_ROWS = `
  SELECT stored.* FROM unnest($1::text[], $2::int[]) AS wanted(id, revision)
  CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM consent_records r WHERE r.id = wanted.id AND r.revision = wanted.revision) AS stored`;

/** The batch's records and its new proofs in one statement. */
const INSERT_BATCH = `
  WITH proofs AS (
    INSERT INTO consent_ids (id, proof_hash) SELECT * FROM unnest($17::text[], $18::text[])
    ON CONFLICT (id) DO UPDATE SET proof_hash = excluded.proof_hash
  )
  INSERT INTO consent_records (seq, id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash, version, log_hash, personal, salt, kid, signature, receipt_path)
  SELECT seq, id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash, 2, log_hash, personal, salt, kid, signature, receipt_path
  FROM unnest($1::bigint[], $2::text[], $3::int[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::text[], $8::boolean[],
              $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::text[], $15::text[], $16::jsonb[])
       AS incoming(seq, id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash, log_hash, personal, salt, kid, signature, receipt_path)`;

export async function openPostgresStore(connectionString: string, settings: StoreSettings): Promise<ConsentStore> {
  const { keys } = settings;
  const pool = new pg.Pool({ connectionString });
  // An idle connection the server dropped is reported here; without a listener it would crash the
  // process. The next query reconnects, or fails and is answered 500.
  pool.on('error', () => {});
  await inTransaction(pool, createSchema);

  let lastCheckpointAt = Date.now();

  async function head(client: pg.PoolClient) {
    const last = await client.query<{ seq: string; log_hash: string | null }>('SELECT seq, log_hash FROM consent_records ORDER BY seq DESC LIMIT 1');
    const row = last.rows[0];
    return logHead(row ? { seq: Number(row.seq), logHash: row.log_hash } : null, await lastCheckpoint(client));
  }

  async function writeCheckpoint(client: pg.PoolClient, reason: Checkpoint['reason']): Promise<Checkpoint | null> {
    const end = await head(client);
    const previous = await lastCheckpoint(client);
    if (end.seq === 0 || (previous && previous.seq === end.seq && previous.logHash === end.logHash)) return null;
    const checkpoint = signCheckpoint(keys, { seq: end.seq, logHash: end.logHash, records: end.seq - (previous?.seq ?? 0), createdAt: new Date().toISOString(), reason });
    await insertCheckpoint(client, checkpoint);
    lastCheckpointAt = Date.now();
    return checkpoint;
  }

  /**
   * One group commit in four round trips: BEGIN with the write lock and the end of the log; what
   * the database holds for the batch's ids (and, for a retried revision, its row); every insert
   * at once; COMMIT. Each round trip costs
   * more than the work, so they are few, and the statements are prepared once per connection.
   */
  async function writeBatch(client: pg.PoolClient, requests: AppendRequest[]): Promise<AppendResult[]> {
    const [, , lastRow, checkpoint] = (await client.query(BEGIN_WRITE)) as unknown as [unknown, unknown, pg.QueryResult<{ seq: string; log_hash: string | null }>, pg.QueryResult<CheckpointRow>];
    const last = lastRow.rows[0];
    const view: BatchView = {
      ids: new Map(),
      rows: new Map(),
      head: logHead(last ? { seq: Number(last.seq), logHash: last.log_hash } : null, checkpoint.rows[0] ? checkpointFromRow(checkpoint.rows[0]) : null),
    };
    const ids = [...new Set(requests.map(({ incoming }) => incoming.record.id))];
    const states = await client.query<{ id: string; latest: number | null; last_hash: string | null; proof_hash: string | null; known: boolean }>({
      name: 'assent-id-states',
      text: ID_STATES,
      values: [ids],
    });
    for (const row of states.rows) view.ids.set(row.id, toIdState(row));
    // Only a revision at or below the id's latest can already be stored: usually none is.
    const known = requests.filter(({ incoming }) => incoming.record.revision <= (view.ids.get(incoming.record.id)?.latestRevision ?? 0));
    if (known.length > 0) {
      const existing = await client.query<Row>({
        name: 'assent-existing-rows',
        text: EXISTING_ROWS,
        values: [known.map(({ incoming }) => incoming.record.id), known.map(({ incoming }) => incoming.record.revision)],
      });
      for (const row of existing.rows) view.rows.set(rowKey(row.id, row.revision), fromRow(row));
    }

    const plan = planBatch(requests, view, keys);
    if (plan.inserts.length > 0 || plan.proofs.length > 0) {
      const column = <T>(pick: (stored: StoredRecord) => T) => plan.inserts.map(pick);
      await client.query({
        name: 'assent-insert-batch',
        text: INSERT_BATCH,
        values: [
          column((s) => s.seq),
          column((s) => s.id),
          column((s) => s.revision),
          column((s) => JSON.stringify(s.record)),
          column((s) => s.receivedAt),
          column((s) => s.userAgent),
          column((s) => s.ipPrefix),
          column((s) => s.secGpc),
          column((s) => s.prevHash),
          column((s) => s.hash),
          column((s) => s.logHash),
          column((s) => JSON.stringify(s.personal)),
          column((s) => s.salt),
          column((s) => s.kid),
          column((s) => s.signature),
          column((s) => JSON.stringify(s.receiptPath)),
          plan.proofs.map((proof) => proof.id),
          plan.proofs.map((proof) => proof.proofHash),
        ],
      });
    }
    if (plan.inserts.length > 0 && Date.now() - lastCheckpointAt >= settings.checkpointIntervalMs) await writeCheckpoint(client, 'periodic');
    return plan.results;
  }

  const appends = new GroupCommit<AppendRequest, AppendResult>(async (batch) => {
    const client = await pool.connect();
    try {
      const results = await writeBatch(client, batch);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  });
  const statsIndex = postgresStatsIndex((client) => client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, STATS_LOCK]).then(() => undefined));
  const indexStats = chunkedIndexer(() => inTransaction(pool, (client) => statsIndex.indexChunk(client)));
  const one = async (text: string, values: unknown[] = []) => (await pool.query<Row>(text, values)).rows.map(fromRow);

  async function idsOf(client: pg.Pool | pg.PoolClient, ref: ShopperRef): Promise<string[]> {
    if ('id' in ref) {
      const found = await client.query('SELECT 1 FROM consent_records WHERE id = $1 LIMIT 1', [ref.id]);
      return found.rows.length > 0 ? [ref.id] : [];
    }
    const { rows } = await client.query<{ id: string }>('SELECT id FROM consent_records WHERE subject = $1 GROUP BY id ORDER BY min(seq)', [ref.subject]);
    return rows.map((row) => row.id);
  }

  return {
    kind: 'postgres',
    keys,
    append: (request) => appends.submit(request),
    async hasProof(id, proofHash) {
      const { rows } = await pool.query<{ proof_hash: string | null }>('SELECT proof_hash FROM consent_ids WHERE id = $1', [id]);
      return rows[0]?.proof_hash === proofHash;
    },
    async latest(id) {
      return (await one(`SELECT ${COLUMNS} FROM consent_records WHERE id = $1 ORDER BY revision DESC LIMIT 1`, [id]))[0] ?? null;
    },
    async latestBySubject(subject) {
      const rows = await one(
        `SELECT ${COLUMNS} FROM consent_records
         WHERE subject = $1
           AND id = (SELECT id FROM consent_records WHERE subject = $1 ORDER BY seq DESC LIMIT 1)
         ORDER BY revision DESC LIMIT 1`,
        [subject],
      );
      return rows[0] ?? null;
    },
    history: (id) => one(`SELECT ${COLUMNS} FROM consent_records WHERE id = $1 ORDER BY seq`, [id]),
    exportPage: ({ since, afterSeq, limit }: ExportPage) =>
      one(
        `SELECT ${COLUMNS} FROM consent_records
         WHERE seq > $1 AND ($2::timestamptz IS NULL OR received_at >= $2::timestamptz)
         ORDER BY seq LIMIT $3`,
        [afterSeq, since, limit],
      ),
    async shopper(ref) {
      const ids = await idsOf(pool, ref);
      const histories = new Map<string, StoredRecord[]>();
      for (const id of ids) histories.set(id, await one(`SELECT ${COLUMNS} FROM consent_records WHERE id = $1 ORDER BY seq`, [id]));
      return { ids, histories };
    },
    async erase(ref, at) {
      await appends.drain();
      return inTransaction(pool, async (client) => {
        await writeLock(client);
        const ids = await idsOf(client, ref);
        const { rowCount } = await client.query(
          `UPDATE consent_records SET record = record - 'url' - 'subject', user_agent = NULL, ip_prefix = NULL, salt = NULL, erased_at = $1
           WHERE id = ANY($2::text[]) AND erased_at IS NULL`,
          [at, ids],
        );
        return { ids, records: rowCount ?? 0 };
      });
    },
    async prune(before) {
      await appends.drain();
      return inTransaction(pool, async (client) => {
        await writeLock(client);
        const kept = await client.query<{ seq: string }>('SELECT seq FROM consent_records WHERE received_at >= $1 ORDER BY seq LIMIT 1', [before]);
        const end = await client.query<{ seq: string; log_hash: string | null }>(
          'SELECT seq, log_hash FROM consent_records WHERE seq < $1 ORDER BY seq DESC LIMIT 1',
          [kept.rows[0]?.seq ?? Number.MAX_SAFE_INTEGER],
        );
        const last = end.rows[0];
        if (!last) return { records: 0, checkpoint: null };
        const ids = await client.query<{ id: string }>('SELECT DISTINCT id FROM consent_records WHERE seq <= $1', [last.seq]);
        const deleted = await client.query('DELETE FROM consent_records WHERE seq <= $1', [last.seq]);
        await client.query(
          'DELETE FROM consent_ids c WHERE c.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM consent_records r WHERE r.id = c.id)',
          [ids.rows.map((row) => row.id)],
        );
        const records = deleted.rowCount ?? 0;
        const checkpoint = signCheckpoint(keys, { seq: Number(last.seq), logHash: last.log_hash ?? GENESIS_HASH, records, createdAt: new Date().toISOString(), reason: 'prune' });
        await insertCheckpoint(client, checkpoint);
        await statsIndex.forget(client, dayNumber(before));
        return { records, checkpoint };
      });
    },
    async checkpoint(reason) {
      await appends.drain();
      return inTransaction(pool, async (client) => {
        await writeLock(client);
        return writeCheckpoint(client, reason);
      });
    },
    verifyLog: () =>
      verifyLog(
        {
          page: (afterSeq, limit) => one(`SELECT ${COLUMNS} FROM consent_records WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]),
          checkpoints: async () => (await pool.query<CheckpointRow>('SELECT * FROM consent_checkpoints ORDER BY seq')).rows.map(checkpointFromRow),
        },
        keys,
      ),
    async pruned() {
      const { rows } = await pool.query("SELECT 1 FROM consent_checkpoints WHERE reason = 'prune' LIMIT 1");
      return rows.length > 0;
    },
    async count() {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM consent_records');
      return Number(rows[0]?.n ?? 0);
    },
    indexStats,
    stats: (period) => statsIndex.aggregates(pool, period),
    async currentPolicyVersion() {
      const { rows } = await pool.query<{ policy: string }>("SELECT record->>'policyVersion' AS policy FROM consent_records ORDER BY seq DESC LIMIT 1");
      return rows[0]?.policy ?? null;
    },
    async health() {
      const { rows } = await pool.query<{ n: string; checkpoints: string }>(
        'SELECT (SELECT count(*) FROM consent_records) AS n, (SELECT count(*) FROM consent_checkpoints) AS checkpoints',
      );
      const records = Number(rows[0]?.n ?? 0);
      return { ok: true, records, detail: `connected; tables readable (${records} records, ${rows[0]?.checkpoints ?? 0} checkpoints)` };
    },
    async close() {
      await appends.drain();
      await inTransaction(pool, async (client) => {
        await writeLock(client);
        await writeCheckpoint(client, 'close');
      }).catch(() => undefined);
      await pool.end();
    },
    async startAdminSession(secretHash, expiresAt, now) {
      await pool.query(
        `WITH expired AS (DELETE FROM admin_sessions WHERE expires_at <= $3)
         INSERT INTO admin_sessions (secret_hash, expires_at) VALUES ($1, $2)`,
        [secretHash, expiresAt, now],
      );
    },
    async adminSessionExpiry(secretHash, now) {
      const { rows } = await pool.query<{ expires_at: Date }>('SELECT expires_at FROM admin_sessions WHERE secret_hash = $1 AND expires_at > $2', [secretHash, now]);
      return rows[0]?.expires_at.toISOString() ?? null;
    },
    async endAdminSession(secretHash) {
      await pool.query('DELETE FROM admin_sessions WHERE secret_hash = $1', [secretHash]);
    },
  };
}

/** Instances starting together would race on CREATE TABLE IF NOT EXISTS; one at a time. */
async function createSchema(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, SCHEMA_LOCK]);
  await client.query(TABLES);
  // ALTER TABLE takes an exclusive lock even when the column is there: only for missing ones.
  const { rows } = await client.query<{ attname: string }>(
    `SELECT attname FROM pg_attribute WHERE attrelid = 'consent_records'::regclass AND attnum > 0 AND NOT attisdropped`,
  );
  const present = new Set(rows.map((row) => row.attname));
  for (const [name, definition] of ADDED_COLUMNS) {
    if (!present.has(name)) await client.query(`ALTER TABLE consent_records ADD COLUMN ${name} ${definition}`);
  }
  await client.query(INDEXES);
  await client.query(STATS_TABLES);
}

/** Held until COMMIT: one writer at a time, across every instance sharing the database. */
async function writeLock(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, WRITE_LOCK]);
}

async function lastCheckpoint(client: pg.PoolClient): Promise<Checkpoint | null> {
  const { rows } = await client.query<CheckpointRow>('SELECT * FROM consent_checkpoints ORDER BY seq DESC, created_at DESC LIMIT 1');
  return rows[0] ? checkpointFromRow(rows[0]) : null;
}

async function insertCheckpoint(client: pg.PoolClient, checkpoint: Checkpoint): Promise<void> {
  await client.query(
    'INSERT INTO consent_checkpoints (seq, log_hash, records, created_at, reason, kid, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [checkpoint.seq, checkpoint.logHash, checkpoint.records, checkpoint.createdAt, checkpoint.reason, checkpoint.kid, checkpoint.signature],
  );
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function toIdState(row: { latest: number | null; last_hash: string | null; proof_hash: string | null; known: boolean }): IdState {
  if (row.latest === null && !row.known) return NEW_ID;
  return { exists: true, proofHash: row.proof_hash, latestRevision: row.latest ?? 0, lastHash: row.last_hash ?? GENESIS_HASH };
}

function checkpointFromRow(row: CheckpointRow): Checkpoint {
  return {
    seq: Number(row.seq),
    logHash: row.log_hash,
    records: Number(row.records),
    createdAt: row.created_at.toISOString(),
    reason: row.reason,
    kid: row.kid,
    signature: row.signature,
  };
}

function fromRow(row: Row): StoredRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    revision: row.revision,
    record: row.record,
    receivedAt: row.received_at.toISOString(),
    userAgent: row.user_agent,
    ipPrefix: row.ip_prefix,
    secGpc: row.sec_gpc,
    version: row.version === 2 ? 2 : 1,
    prevHash: row.prev_hash,
    hash: row.hash,
    logHash: row.log_hash,
    personal: row.personal,
    salt: row.salt,
    kid: row.kid,
    signature: row.signature,
    receiptPath: row.receipt_path,
    erasedAt: row.erased_at ? row.erased_at.toISOString() : null,
  };
}
