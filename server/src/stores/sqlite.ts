// SQLite store: one file in WAL mode. Writes take the database's write lock (BEGIN IMMEDIATE), so
// the hash chain stays correct even when several processes share the file.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH, chainHash } from '../hash-chain.js';
import type { AppendResult, ConsentStore, ExportPage, IncomingRecord, StoredRecord } from '../store.js';

const TABLE = `
  CREATE TABLE IF NOT EXISTS consent_records (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    record      TEXT    NOT NULL, -- the record as the browser sent it, JSON
    received_at TEXT    NOT NULL, -- ISO 8601 UTC from the server's clock
    user_agent  TEXT,
    ip_prefix   TEXT,
    sec_gpc     INTEGER NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    subject     TEXT    GENERATED ALWAYS AS (json_extract(record, '$.subject')) VIRTUAL,
    UNIQUE (id, revision)
  );
`;

/**
 * A table made before `subject` existed gets the column in place. Being generated from the stored
 * record, it is filled for every existing row at once and can never disagree with what was posted.
 */
const ADD_SUBJECT = `ALTER TABLE consent_records ADD COLUMN subject TEXT GENERATED ALWAYS AS (json_extract(record, '$.subject')) VIRTUAL`;

const INDEXES = `
  CREATE INDEX IF NOT EXISTS consent_records_received_at ON consent_records (received_at);
  CREATE INDEX IF NOT EXISTS consent_records_subject ON consent_records (subject, seq) WHERE subject IS NOT NULL;
`;

interface Row {
  seq: number;
  record: string;
  received_at: string;
  user_agent: string | null;
  ip_prefix: string | null;
  sec_gpc: number;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash';

export function openSqliteStore(path: string): ConsentStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // a 2xx promises the record survives a power cut
  // Under the write lock, so processes opening one file together migrate it once.
  db.transaction(() => {
    db.exec(TABLE);
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_xinfo('consent_records')").all();
    if (!columns.some((column) => column.name === 'subject')) db.exec(ADD_SUBJECT);
    db.exec(INDEXES);
  }).immediate();

  const byKey = db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = ? AND revision = ?`);
  const lastHash = db.prepare<[string], { hash: string }>('SELECT hash FROM consent_records WHERE id = ? ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO consent_records (id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash)
     VALUES (@id, @revision, @record, @receivedAt, @userAgent, @ipPrefix, @secGpc, @prevHash, @hash)`,
  );
  const latest = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = ? ORDER BY revision DESC LIMIT 1`);
  const history = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = ? ORDER BY seq`);
  const bySubject = db.prepare<{ subject: string }, Row>(
    `SELECT ${COLUMNS} FROM consent_records
     WHERE subject = @subject
       AND id = (SELECT id FROM consent_records WHERE subject = @subject ORDER BY seq DESC LIMIT 1)
     ORDER BY revision DESC LIMIT 1`,
  );
  const page = db.prepare<[number, string | null, string | null, number], Row>(
    `SELECT ${COLUMNS} FROM consent_records WHERE seq > ? AND (? IS NULL OR received_at >= ?) ORDER BY seq LIMIT ?`,
  );

  const append = db.transaction((incoming: IncomingRecord): AppendResult => {
    const { id, revision } = incoming.record;
    const existing = byKey.get(id, revision);
    if (existing) return { created: false, stored: fromRow(existing) };
    const prevHash = lastHash.get(id)?.hash ?? GENESIS_HASH;
    const hash = chainHash(prevHash, incoming);
    const { lastInsertRowid } = insert.run({
      id,
      revision,
      record: JSON.stringify(incoming.record),
      receivedAt: incoming.receivedAt,
      userAgent: incoming.userAgent,
      ipPrefix: incoming.ipPrefix,
      secGpc: incoming.secGpc ? 1 : 0,
      prevHash,
      hash,
    });
    return { created: true, stored: { ...incoming, seq: Number(lastInsertRowid), prevHash, hash } };
  });

  return {
    kind: 'sqlite',
    async append(incoming) {
      return append.immediate(incoming);
    },
    async latest(id) {
      const row = latest.get(id);
      return row ? fromRow(row) : null;
    },
    async latestBySubject(subject) {
      const row = bySubject.get({ subject });
      return row ? fromRow(row) : null;
    },
    async history(id) {
      return history.all(id).map(fromRow);
    },
    async exportPage({ since, afterSeq, limit }: ExportPage) {
      return page.all(afterSeq, since, since, limit).map(fromRow);
    },
    async close() {
      db.close();
    },
  };
}

function fromRow(row: Row): StoredRecord {
  return {
    seq: row.seq,
    record: JSON.parse(row.record) as StoredRecord['record'],
    receivedAt: row.received_at,
    userAgent: row.user_agent,
    ipPrefix: row.ip_prefix,
    secGpc: row.sec_gpc === 1,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
