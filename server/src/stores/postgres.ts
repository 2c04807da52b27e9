// PostgreSQL store, safe for several endpoint instances sharing one database: (id, revision) is
// unique, and appends to one id are serialized by a transaction-scoped advisory lock on that id,
// so each record is chained to the one committed before it.
import pg from 'pg';
import { GENESIS_HASH, chainHash } from '../hash-chain.js';
import type { ConsentRecord } from '../schema.js';
import type { AppendResult, ConsentStore, ExportPage, IncomingRecord, StoredRecord } from '../store.js';

/** First key of every advisory lock Assent takes, so they cannot meet another application's. */
const LOCK_NAMESPACE = 0x61737374; // "asst"
const SCHEMA_LOCK = 0;

const TABLE = `
  CREATE TABLE IF NOT EXISTS consent_records (
    seq         BIGSERIAL   PRIMARY KEY,
    id          TEXT        NOT NULL,
    revision    INTEGER     NOT NULL,
    record      JSONB       NOT NULL, -- the record as the browser sent it
    received_at TIMESTAMPTZ NOT NULL, -- from the endpoint's clock
    user_agent  TEXT,
    ip_prefix   TEXT,
    sec_gpc     BOOLEAN     NOT NULL,
    prev_hash   TEXT        NOT NULL,
    hash        TEXT        NOT NULL,
    subject     TEXT        GENERATED ALWAYS AS (record->>'subject') STORED,
    CONSTRAINT consent_records_id_revision UNIQUE (id, revision)
  );
`;

/**
 * A table made before `subject` existed gets the column in place (PostgreSQL rewrites the table
 * once, filling it for every row). Generated from the stored record, it can never disagree with
 * what was posted, even for rows an older instance still inserts during a rolling upgrade.
 */
const ADD_SUBJECT = `ALTER TABLE consent_records ADD COLUMN IF NOT EXISTS subject TEXT GENERATED ALWAYS AS (record->>'subject') STORED`;

const INDEXES = `
  CREATE INDEX IF NOT EXISTS consent_records_received_at ON consent_records (received_at);
  CREATE INDEX IF NOT EXISTS consent_records_subject ON consent_records (subject, seq) WHERE subject IS NOT NULL;
`;

interface Row {
  seq: string; // BIGSERIAL arrives as a string
  record: ConsentRecord;
  received_at: Date;
  user_agent: string | null;
  ip_prefix: string | null;
  sec_gpc: boolean;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash';

export async function openPostgresStore(connectionString: string): Promise<ConsentStore> {
  const pool = new pg.Pool({ connectionString });
  // An idle connection the server dropped is reported here; without a listener it would crash the
  // process. The next query reconnects, or fails and is answered 500.
  pool.on('error', () => {});
  await createSchema(pool);

  return {
    kind: 'postgres',
    append: (incoming) => inTransaction(pool, (client) => appendLocked(client, incoming)),
    async latest(id) {
      const { rows } = await pool.query<Row>(
        `SELECT ${COLUMNS} FROM consent_records WHERE id = $1 ORDER BY revision DESC LIMIT 1`,
        [id],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async latestBySubject(subject) {
      const { rows } = await pool.query<Row>(
        `SELECT ${COLUMNS} FROM consent_records
         WHERE subject = $1
           AND id = (SELECT id FROM consent_records WHERE subject = $1 ORDER BY seq DESC LIMIT 1)
         ORDER BY revision DESC LIMIT 1`,
        [subject],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async history(id) {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = $1 ORDER BY seq`, [id]);
      return rows.map(fromRow);
    },
    async exportPage({ since, afterSeq, limit }: ExportPage) {
      const { rows } = await pool.query<Row>(
        `SELECT ${COLUMNS} FROM consent_records
         WHERE seq > $1 AND ($2::timestamptz IS NULL OR received_at >= $2::timestamptz)
         ORDER BY seq LIMIT $3`,
        [afterSeq, since, limit],
      );
      return rows.map(fromRow);
    },
    async close() {
      await pool.end();
    },
  };
}

/** Instances starting together would race on CREATE TABLE IF NOT EXISTS; one at a time. */
async function createSchema(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, SCHEMA_LOCK]);
    await client.query(TABLE);
    // ALTER TABLE takes an exclusive lock even when the column is there: only when it is missing.
    const { rows } = await client.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_attribute
                      WHERE attrelid = 'consent_records'::regclass AND attname = 'subject' AND NOT attisdropped) AS present`,
    );
    if (!rows[0]?.present) await client.query(ADD_SUBJECT);
    await client.query(INDEXES);
  });
}

async function appendLocked(client: pg.PoolClient, incoming: IncomingRecord): Promise<AppendResult> {
  const { id, revision } = incoming.record;
  // Held until COMMIT. Under READ COMMITTED each statement after it sees what the previous holder
  // committed, so the last hash read below is really the last one.
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, id]);
  const existing = await client.query<Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = $1 AND revision = $2`, [id, revision]);
  if (existing.rows[0]) return { created: false, stored: fromRow(existing.rows[0]) };

  const last = await client.query<{ hash: string }>('SELECT hash FROM consent_records WHERE id = $1 ORDER BY seq DESC LIMIT 1', [id]);
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  const hash = chainHash(prevHash, incoming);
  const inserted = await client.query<{ seq: string }>(
    `INSERT INTO consent_records (id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id, revision) DO NOTHING
     RETURNING seq`,
    [id, revision, JSON.stringify(incoming.record), incoming.receivedAt, incoming.userAgent, incoming.ipPrefix, incoming.secGpc, prevHash, hash],
  );
  if (!inserted.rows[0]) {
    // Only a writer that skipped the lock (say, a hand-run INSERT) can get here; the pair is stored once all the same.
    const winner = await client.query<Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = $1 AND revision = $2`, [id, revision]);
    return { created: false, stored: fromRow(winner.rows[0]!) };
  }
  return { created: true, stored: { ...incoming, seq: Number(inserted.rows[0].seq), prevHash, hash } };
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

function fromRow(row: Row): StoredRecord {
  return {
    seq: Number(row.seq),
    record: row.record,
    receivedAt: row.received_at.toISOString(),
    userAgent: row.user_agent,
    ipPrefix: row.ip_prefix,
    secGpc: row.sec_gpc,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
