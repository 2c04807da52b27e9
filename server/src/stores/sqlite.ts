// SQLite store: one file in WAL mode. Appends are group-committed: the requests that arrive while a
// transaction runs are written in the next one (BEGIN IMMEDIATE, one fsync), so the chains and the
// log stay correct even when several processes share the file.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { NEW_ID, logHead, planBatch, rowKey, type BatchView, type IdState } from '../append-plan.js';
import { GroupCommit } from '../group-commit.js';
import { GENESIS_HASH, signCheckpoint, type Checkpoint } from '../hash-chain.js';
import { verifyLog } from '../log-verify.js';
import { keyMaterial, type ServerKeys } from '../keys.js';
import { STATS_TABLES, sqliteStatsIndex } from './sqlite-stats.js';
import { chunkedIndexer } from './stats-sql.js';
import { dayNumber } from '../stats.js';
import type { AppendRequest, AppendResult, ConsentStore, ExportPage, ShopperRef, StoreSettings, StoredRecord } from '../store.js';

const TABLES = `
  CREATE TABLE IF NOT EXISTS consent_records (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT, -- position in the log
    id          TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    record      TEXT    NOT NULL, -- the record as the browser sent it, JSON (url and subject removed on erasure)
    received_at TEXT    NOT NULL, -- ISO 8601 UTC from the server's clock
    user_agent  TEXT,
    ip_prefix   TEXT,
    sec_gpc     INTEGER NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    subject     TEXT    GENERATED ALWAYS AS (json_extract(record, '$.subject')) VIRTUAL,
    version     INTEGER NOT NULL DEFAULT 1,
    log_hash    TEXT,
    personal    TEXT, -- salted digests of url, subject, user agent, IP prefix (JSON)
    salt        TEXT,
    kid         TEXT,
    signature   TEXT,
    receipt_path TEXT, -- the record's Merkle path to the signed root of its batch
    erased_at   TEXT,
    UNIQUE (id, revision)
  );
  CREATE TABLE IF NOT EXISTS consent_ids (
    id         TEXT PRIMARY KEY,
    proof_hash TEXT -- SHA-256 of the secret the id's first write established
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS consent_checkpoints (
    seq        INTEGER NOT NULL,
    log_hash   TEXT    NOT NULL,
    records    INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    kid        TEXT    NOT NULL,
    signature  TEXT    NOT NULL
  );
  CREATE TABLE IF NOT EXISTS admin_sessions (
    secret_hash TEXT PRIMARY KEY, -- SHA-256 of the dashboard session's secret, never the secret
    expires_at  TEXT NOT NULL     -- ISO 8601 UTC from the server's clock
  ) WITHOUT ROWID;
`;

/** Columns added since 0.1; a table made by an earlier version gets them in place. */
const ADDED_COLUMNS: Array<[string, string]> = [
  ['subject', `TEXT GENERATED ALWAYS AS (json_extract(record, '$.subject')) VIRTUAL`],
  ['version', 'INTEGER NOT NULL DEFAULT 1'],
  ['log_hash', 'TEXT'],
  ['personal', 'TEXT'],
  ['salt', 'TEXT'],
  ['kid', 'TEXT'],
  ['signature', 'TEXT'],
  ['receipt_path', 'TEXT'],
  ['erased_at', 'TEXT'],
];

const INDEXES = `
  CREATE INDEX IF NOT EXISTS consent_records_received_at ON consent_records (received_at);
  CREATE INDEX IF NOT EXISTS consent_records_subject ON consent_records (subject, seq) WHERE subject IS NOT NULL;
`;

interface Row {
  seq: number;
  id: string;
  revision: number;
  record: string;
  received_at: string;
  user_agent: string | null;
  ip_prefix: string | null;
  sec_gpc: number;
  prev_hash: string;
  hash: string;
  version: number;
  log_hash: string | null;
  personal: string | null;
  salt: string | null;
  kid: string | null;
  signature: string | null;
  receipt_path: string | null;
  erased_at: string | null;
}

interface CheckpointRow {
  seq: number;
  log_hash: string;
  records: number;
  created_at: string;
  reason: Checkpoint['reason'];
  kid: string;
  signature: string;
}

const COLUMNS = 'seq, id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash, version, log_hash, personal, salt, kid, signature, receipt_path, erased_at';
const HEALTH_CACHE_MS = 60_000;

/** Refuses a file that exists but is not a SQLite database: a typo must not start an empty log beside it. */
export function assertSqliteFile(path: string): void {
  if (path === ':memory:' || !existsSync(path)) return;
  const absolute = resolve(path);
  const stats = statSync(path);
  if (!stats.isFile()) throw new Error(`${absolute} is not a file`);
  if (stats.size === 0) throw new Error(`${absolute} is empty (0 bytes), not a consent database; remove it to start a new log, or give the path of the real one`);
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== 'SQLite format 3\0') throw new Error(`${absolute} is not a SQLite database`);
}

/** Opens the file in WAL mode with full durability, creating or migrating the tables under the write lock. */
export function openSqliteDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // a 2xx promises the record survives a power cut
  // Under the write lock, so processes opening one file together migrate it once.
  db.transaction(() => {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    if (tables.length > 0 && !tables.some((table) => table.name === 'consent_records')) {
      throw new Error(`${resolve(path)} is a SQLite database of something else (tables: ${tables.map((table) => table.name).join(', ')})`);
    }
    db.exec(TABLES);
    const present = new Set(db.prepare<[], { name: string }>("SELECT name FROM pragma_table_xinfo('consent_records')").all().map((column) => column.name));
    for (const [name, definition] of ADDED_COLUMNS) {
      if (!present.has(name)) db.exec(`ALTER TABLE consent_records ADD COLUMN ${name} ${definition}`);
    }
    db.exec(INDEXES);
    db.exec(STATS_TABLES);
  }).immediate();
  return db;
}

export interface SqliteWriter {
  /** One group commit: a transaction under the write lock (BEGIN IMMEDIATE), one fsync. */
  writeBatch(requests: AppendRequest[]): AppendResult[];
  /** Signs a checkpoint at the end of the log, in a transaction of its own. */
  checkpoint(reason: Checkpoint['reason']): Checkpoint | null;
  /** Deletes the records received before `before` (a prefix of the log) behind a signed checkpoint. */
  prune(before: string): { records: number; checkpoint: Checkpoint | null };
}

/** The write path, on whichever thread owns `db`. */
export function sqliteWriter(db: Database.Database, keys: ServerKeys, checkpointIntervalMs: number): SqliteWriter {
  const byKey = db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = ? AND revision = ?`);
  const idState = db.prepare<{ id: string }, { latest: number | null; last_hash: string | null; proof_hash: string | null; known: number }>(
    `SELECT (SELECT max(revision) FROM consent_records WHERE id = @id) AS latest,
            -- by the (id, revision) index: an index on (id, seq) as well would cost every insert a random page
            (SELECT hash FROM consent_records WHERE seq = (SELECT max(seq) FROM consent_records WHERE id = @id)) AS last_hash,
            (SELECT proof_hash FROM consent_ids WHERE id = @id) AS proof_hash,
            EXISTS (SELECT 1 FROM consent_ids WHERE id = @id) AS known`,
  );
  const lastRow = db.prepare<[], { seq: number; log_hash: string | null }>('SELECT seq, log_hash FROM consent_records ORDER BY seq DESC LIMIT 1');
  const lastCheckpoint = db.prepare<[], CheckpointRow>('SELECT * FROM consent_checkpoints ORDER BY seq DESC, rowid DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO consent_records (seq, id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash, version, log_hash, personal, salt, kid, signature, receipt_path)
     VALUES (@seq, @id, @revision, @record, @receivedAt, @userAgent, @ipPrefix, @secGpc, @prevHash, @hash, 2, @logHash, @personal, @salt, @kid, @signature, @receiptPath)`,
  );
  const saveProof = db.prepare('INSERT INTO consent_ids (id, proof_hash) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET proof_hash = excluded.proof_hash');
  const insertCheckpoint = db.prepare(
    'INSERT INTO consent_checkpoints (seq, log_hash, records, created_at, reason, kid, signature) VALUES (@seq, @logHash, @records, @createdAt, @reason, @kid, @signature)',
  );
  const firstKept = db.prepare<[string], { seq: number }>('SELECT seq FROM consent_records WHERE received_at >= ? ORDER BY seq LIMIT 1');
  const lastBefore = db.prepare<[number], { seq: number; log_hash: string | null }>('SELECT seq, log_hash FROM consent_records WHERE seq < ? ORDER BY seq DESC LIMIT 1');
  const idsUpTo = db.prepare<[number], { id: string }>('SELECT DISTINCT id FROM consent_records WHERE seq <= ?');
  const deleteUpTo = db.prepare('DELETE FROM consent_records WHERE seq <= ?');
  const forgetId = db.prepare('DELETE FROM consent_ids WHERE id = ? AND NOT EXISTS (SELECT 1 FROM consent_records WHERE id = ?)');
  const head = () => logHead(rowHead(lastRow.get()), checkpointFromRow(lastCheckpoint.get()));
  let lastCheckpointAt = Date.now();

  function writeCheckpoint(reason: Checkpoint['reason']): Checkpoint | null {
    const end = head();
    const previous = checkpointFromRow(lastCheckpoint.get());
    if (end.seq === 0 || (previous && previous.seq === end.seq && previous.logHash === end.logHash)) return null;
    const checkpoint = signCheckpoint(keys, { seq: end.seq, logHash: end.logHash, records: end.seq - (previous?.seq ?? 0), createdAt: new Date().toISOString(), reason });
    insertCheckpoint.run(checkpoint);
    lastCheckpointAt = Date.now();
    return checkpoint;
  }

  const writeBatch = db.transaction((requests: AppendRequest[]): AppendResult[] => {
    const view: BatchView = { ids: new Map(), rows: new Map(), head: head() };
    for (const { incoming } of requests) {
      const { id, revision } = incoming.record;
      if (!view.ids.has(id)) view.ids.set(id, toIdState(idState.get({ id })));
      // Only a revision at or below the id's latest can already be stored: usually none is.
      if (revision > view.ids.get(id)!.latestRevision) continue;
      const existing = byKey.get(id, revision);
      if (existing) view.rows.set(rowKey(id, revision), fromRow(existing));
    }
    const plan = planBatch(requests, view, keys);
    for (const stored of plan.inserts) insert.run(toParams(stored));
    for (const { id, proofHash } of plan.proofs) saveProof.run(id, proofHash);
    if (plan.inserts.length > 0 && Date.now() - lastCheckpointAt >= checkpointIntervalMs) writeCheckpoint('periodic');
    return plan.results;
  });

  return {
    writeBatch: (requests) => writeBatch.immediate(requests),
    checkpoint: (reason) => db.transaction(() => writeCheckpoint(reason)).immediate(),
    prune: (before) =>
      db.transaction(() => {
        const kept = firstKept.get(before);
        const end = lastBefore.get(kept ? kept.seq : Number.MAX_SAFE_INTEGER);
        if (!end) return { records: 0, checkpoint: null };
        const ids = idsUpTo.all(end.seq).map((row) => row.id);
        const records = deleteUpTo.run(end.seq).changes;
        for (const id of ids) forgetId.run(id, id);
        const checkpoint = signCheckpoint(keys, { seq: end.seq, logHash: end.log_hash ?? GENESIS_HASH, records, createdAt: new Date().toISOString(), reason: 'prune' });
        insertCheckpoint.run(checkpoint);
        return { records, checkpoint };
      }).immediate(),
  };
}

export function openSqliteStore(path: string, settings: StoreSettings): ConsentStore {
  const { keys } = settings;
  assertSqliteFile(path);
  const db = openSqliteDatabase(path);
  const writer = sqliteWriter(db, keys, settings.checkpointIntervalMs);
  // A file can be written from a thread of its own, so that the fsync of one group commit and the
  // hashing and signing of the next overlap with the HTTP work; an in-memory database cannot.
  const thread = path === ':memory:' ? undefined : writerThread(path, keys, settings.checkpointIntervalMs);

  const proofOf = db.prepare<[string], { proof_hash: string | null }>('SELECT proof_hash FROM consent_ids WHERE id = ?');
  const latest = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = ? ORDER BY revision DESC LIMIT 1`);
  const history = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consent_records WHERE id = ? ORDER BY seq`);
  const bySubject = db.prepare<{ subject: string }, Row>(
    `SELECT ${COLUMNS} FROM consent_records
     WHERE subject = @subject
       AND id = (SELECT id FROM consent_records WHERE subject = @subject ORDER BY seq DESC LIMIT 1)
     ORDER BY revision DESC LIMIT 1`,
  );
  const idsOfSubject = db.prepare<[string], { id: string }>('SELECT id FROM consent_records WHERE subject = ? GROUP BY id ORDER BY min(seq)');
  const page = db.prepare<[number, string | null, string | null, number], Row>(
    `SELECT ${COLUMNS} FROM consent_records WHERE seq > ? AND (? IS NULL OR received_at >= ?) ORDER BY seq LIMIT ?`,
  );
  const eraseId = db.prepare(
    `UPDATE consent_records SET record = json_remove(record, '$.url', '$.subject'), user_agent = NULL, ip_prefix = NULL, salt = NULL, erased_at = ?
     WHERE id = ? AND erased_at IS NULL`,
  );
  const checkpointsAll = db.prepare<[], CheckpointRow>('SELECT * FROM consent_checkpoints ORDER BY seq, rowid');
  const hasPrune = db.prepare<[], { found: number }>("SELECT EXISTS (SELECT 1 FROM consent_checkpoints WHERE reason = 'prune') AS found");
  const countRows = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM consent_records');
  const forgetExpiredSessions = db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?');
  const insertSession = db.prepare('INSERT INTO admin_sessions (secret_hash, expires_at) VALUES (?, ?)');
  const sessionExpiry = db.prepare<[string, string], { expires_at: string }>('SELECT expires_at FROM admin_sessions WHERE secret_hash = ? AND expires_at > ?');
  const deleteSession = db.prepare('DELETE FROM admin_sessions WHERE secret_hash = ?');

  const appends = new GroupCommit<AppendRequest, AppendResult>((batch) => (thread ? thread.writeBatch(batch) : writer.writeBatch(batch)));
  const statsIndex = sqliteStatsIndex(db);
  const indexStats = chunkedIndexer(() => (thread ? thread.indexStatsChunk() : statsIndex.indexChunk()));
  let health: { at: number; detail: string; ok: boolean } | undefined;

  return {
    kind: 'sqlite',
    keys,
    append: (request) => appends.submit(request),
    async hasProof(id, proofHash) {
      const stored = proofOf.get(id)?.proof_hash;
      return stored !== undefined && stored !== null && stored === proofHash;
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
    async shopper(ref) {
      const ids = idsOf(ref);
      return { ids, histories: new Map(ids.map((id) => [id, history.all(id).map(fromRow)])) };
    },
    async erase(ref, at) {
      await appends.drain();
      return db.transaction(() => {
        const ids = idsOf(ref);
        let records = 0;
        for (const id of ids) records += eraseId.run(at, id).changes;
        return { ids, records };
      }).immediate();
    },
    async prune(before) {
      await appends.drain();
      const pruned = writer.prune(before);
      if (pruned.records > 0) statsIndex.forget(dayNumber(before));
      return pruned;
    },
    async checkpoint(reason) {
      await appends.drain();
      return writer.checkpoint(reason);
    },
    async verifyLog() {
      return verifyLog(
        {
          page: async (afterSeq, limit) => page.all(afterSeq, null, null, limit).map(fromRow),
          checkpoints: async () => checkpointsAll.all().map((row) => checkpointFromRow(row)!),
        },
        keys,
      );
    },
    async pruned() {
      return hasPrune.get()?.found === 1;
    },
    async count() {
      return countRows.get()?.n ?? 0;
    },
    indexStats,
    async stats(period) {
      return statsIndex.aggregates(period);
    },
    async currentPolicyVersion() {
      return statsIndex.currentPolicyVersion();
    },
    async health() {
      if (!health || Date.now() - health.at > HEALTH_CACHE_MS) {
        const result = db.pragma('quick_check', { simple: true });
        health = { at: Date.now(), ok: result === 'ok', detail: result === 'ok' ? 'PRAGMA quick_check: ok' : `PRAGMA quick_check: ${String(result)}` };
      }
      return { ok: health.ok, detail: health.detail, records: countRows.get()?.n ?? 0 };
    },
    async close() {
      await appends.drain();
      await thread?.close();
      if (db.open) {
        writer.checkpoint('close');
        db.close();
      }
    },
    async startAdminSession(secretHash, expiresAt, now) {
      db.transaction(() => {
        forgetExpiredSessions.run(now);
        insertSession.run(secretHash, expiresAt);
      }).immediate();
    },
    async adminSessionExpiry(secretHash, now) {
      return sessionExpiry.get(secretHash, now)?.expires_at ?? null;
    },
    async endAdminSession(secretHash) {
      deleteSession.run(secretHash);
    },
  };

  function idsOf(ref: ShopperRef): string[] {
    if ('id' in ref) return history.all(ref.id).length > 0 ? [ref.id] : [];
    return idsOfSubject.all(ref.subject).map((row) => row.id);
  }
}

interface WriterThread {
  writeBatch(requests: AppendRequest[]): Promise<AppendResult[]>;
  /** One chunk of the stats index (sqlite-stats.ts), between two group commits; answers how many records. */
  indexStatsChunk(): Promise<number>;
  close(): Promise<void>;
}

/**
 * What the main thread asks of the writer thread (sqlite-writer-thread.ts), and its answer. A batch
 * and its results cross as JSON text: copying one string costs both threads far less than the
 * structured clone of as many nested objects.
 */
export type WriterTask = { batch: string } | { indexStats: true } | 'close';
export type WriterAnswer = { results: string } | { indexed: number } | { error: string };

/**
 * Group commits, and the stats index's chunks, on a thread of its own (sqlite-writer-thread.ts),
 * so that neither the fsync nor the counting holds up the thread that parses requests. Tasks are
 * posted as they come and the thread takes them one at a time, in order, answering each in turn;
 * GroupCommit posts a batch only once the one before it is answered. The thread holds the process
 * open only while a task is in flight, and is started again if it ever dies. Undefined for keys
 * that cannot be handed to another thread.
 */
function writerThread(path: string, keys: ServerKeys, checkpointIntervalMs: number): WriterThread | undefined {
  const material = keyMaterial(keys);
  if (!material) return undefined;
  let worker: Worker | undefined;
  // Tasks posted and not yet answered, oldest first: the thread answers them in order.
  let pending: Array<{ resolve: (answer: WriterAnswer) => void; reject: (error: Error) => void }> = [];
  let lastAnswer: Promise<unknown> = Promise.resolve();

  function start(): Worker {
    const started = new Worker(new URL('./sqlite-writer-thread.js', import.meta.url), { workerData: { path, material, checkpointIntervalMs } });
    started.unref();
    started.on('message', (answer: WriterAnswer) => {
      const waiting = pending.shift();
      if (pending.length === 0) started.unref();
      if ('error' in answer) waiting?.reject(new Error(answer.error));
      else waiting?.resolve(answer);
    });
    const fail = (error: Error) => {
      if (worker !== started) return;
      worker = undefined;
      const failed = pending;
      pending = [];
      for (const waiting of failed) waiting.reject(error);
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    return started;
  }

  function run(task: Exclude<WriterTask, 'close'>): Promise<WriterAnswer> {
    const answer = new Promise<WriterAnswer>((resolve, reject) => {
      worker ??= start();
      worker.ref();
      pending.push({ resolve, reject });
      worker.postMessage(task);
    });
    lastAnswer = answer.catch(() => undefined);
    return answer;
  }

  return {
    writeBatch: async (requests) => JSON.parse(((await run({ batch: JSON.stringify(requests) })) as { results: string }).results) as AppendResult[],
    indexStatsChunk: async () => ((await run({ indexStats: true })) as { indexed: number }).indexed,
    async close() {
      await lastAnswer;
      const closing = worker;
      worker = undefined;
      if (!closing) return;
      closing.ref();
      const exited = new Promise((resolve) => closing.once('exit', resolve));
      closing.postMessage('close' satisfies WriterTask);
      await exited;
    },
  };
}

function toIdState(row: { latest: number | null; last_hash: string | null; proof_hash: string | null; known: number } | undefined): IdState {
  if (!row || (row.latest === null && row.known === 0)) return NEW_ID;
  return { exists: true, proofHash: row.proof_hash, latestRevision: row.latest ?? 0, lastHash: row.last_hash ?? GENESIS_HASH };
}

function rowHead(row: { seq: number; log_hash: string | null } | undefined): { seq: number; logHash: string | null } | null {
  return row ? { seq: row.seq, logHash: row.log_hash } : null;
}

function checkpointFromRow(row: CheckpointRow | undefined): Checkpoint | null {
  if (!row) return null;
  return { seq: row.seq, logHash: row.log_hash, records: row.records, createdAt: row.created_at, reason: row.reason, kid: row.kid, signature: row.signature };
}

function toParams(stored: StoredRecord) {
  return {
    seq: stored.seq,
    id: stored.id,
    revision: stored.revision,
    record: JSON.stringify(stored.record),
    receivedAt: stored.receivedAt,
    userAgent: stored.userAgent,
    ipPrefix: stored.ipPrefix,
    secGpc: stored.secGpc ? 1 : 0,
    prevHash: stored.prevHash,
    hash: stored.hash,
    logHash: stored.logHash,
    personal: JSON.stringify(stored.personal),
    salt: stored.salt,
    kid: stored.kid,
    signature: stored.signature,
    receiptPath: JSON.stringify(stored.receiptPath),
  };
}

function fromRow(row: Row): StoredRecord {
  return {
    seq: row.seq,
    id: row.id,
    revision: row.revision,
    record: JSON.parse(row.record) as StoredRecord['record'],
    receivedAt: row.received_at,
    userAgent: row.user_agent,
    ipPrefix: row.ip_prefix,
    secGpc: row.sec_gpc === 1,
    version: row.version === 2 ? 2 : 1,
    prevHash: row.prev_hash,
    hash: row.hash,
    logHash: row.log_hash,
    personal: row.personal === null ? null : (JSON.parse(row.personal) as StoredRecord['personal']),
    salt: row.salt,
    kid: row.kid,
    signature: row.signature,
    receiptPath: row.receipt_path === null ? null : (JSON.parse(row.receipt_path) as string[]),
    erasedAt: row.erased_at,
  };
}
