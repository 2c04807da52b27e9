// Shared by the server tests: valid records, and fresh databases of either kind that a test may
// also tamper with directly, as an attacker with database access would.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ephemeralKeys } from '../dist/keys.js';
import { openStore } from '../dist/store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A record as Assent's browser side sends it, valid unless overridden. */
export function validRecord(overrides = {}) {
  const now = Date.now();
  return {
    id: randomUUID(),
    revision: 1,
    timestamp: new Date(now).toISOString(),
    expiresAt: new Date(now + 180 * DAY_MS).toISOString(),
    policyVersion: '2026-11',
    decisions: { necessary: true, analytics: false, marketing: true },
    method: 'custom',
    gpc: false,
    language: 'en',
    url: 'https://shop.example/cart',
    region: 'DE',
    subject: null,
    client: 'assent/0.1.0',
    ...overrides,
  };
}

const SHOP_SECRET = randomBytes(32);
const BROWSER_SECRET = randomBytes(32);

/**
 * One signing key for every store a test run opens, as instances sharing a database share their
 * key file: what one instance signed, another verifies.
 */
export const TEST_KEYS = ephemeralKeys();

/** The `Assent-Proof` secret the browser that owns `id` sends (stable per id within a run). */
export function proofFor(id) {
  return createHmac('sha256', BROWSER_SECRET).update(id).digest('base64url');
}

/** `?` placeholders → PostgreSQL's `$1, $2, …`. */
function numbered(sql) {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** A `subject` as server/README.md tells a shop to derive it: HMAC-SHA-256 of the customer id, base64url (43 characters). */
export function subjectFor(customerId = randomUUID()) {
  return createHmac('sha256', SHOP_SECRET).update(String(customerId)).digest('base64url');
}

/**
 * @typedef {object} TestDatabase
 * @property {string} name
 * @property {string} [path] the SQLite file
 * @property {string} [url] the PostgreSQL URL, its search_path set to the fresh schema
 * @property {() => Promise<import('../dist/store.js').ConsentStore>} open  another connection to the same database
 * @property {(id: string, revision: number, decisions: Record<string, boolean>) => Promise<void>} tamperDecisions
 *   rewrites a stored record's decisions behind the endpoint's back
 * @property {(rows: LegacyRow[]) => Promise<void>} createLegacyTable
 *   creates `consent_records` as it was before the `subject` column, by hand, with these rows; call before `open`
 * @property {() => Promise<{ name: string, columns: string[] }[]>} indexes  the indexes of `consent_records`
 * @property {(sql: string, params?: unknown[]) => Promise<void>} run
 *   runs one statement (with `?` placeholders) behind the endpoint's back, as an attacker with database access would
 * @property {(sql: string, params?: unknown[]) => Promise<object[]>} query  the rows a query (with `?` placeholders) answers
 * @property {() => Promise<void>} drop
 */

/**
 * @typedef {object} LegacyRow a row of the table before `subject` existed
 * @property {object} record
 * @property {string} receivedAt
 * @property {string | null} userAgent
 * @property {string | null} ipPrefix
 * @property {boolean} secGpc
 * @property {string} prevHash
 * @property {string} hash
 */

/** The SQLite schema before the `subject` column (commit 2bd91b7). */
const LEGACY_SQLITE_SCHEMA = `
  CREATE TABLE consent_records (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    record      TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    user_agent  TEXT,
    ip_prefix   TEXT,
    sec_gpc     INTEGER NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    UNIQUE (id, revision)
  );
  CREATE INDEX consent_records_received_at ON consent_records (received_at);
`;

/** The PostgreSQL schema before the `subject` column, in the given (quoted) schema. */
const legacyPostgresSchema = (schema) => `
  CREATE TABLE ${schema}.consent_records (
    seq         BIGSERIAL   PRIMARY KEY,
    id          TEXT        NOT NULL,
    revision    INTEGER     NOT NULL,
    record      JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    user_agent  TEXT,
    ip_prefix   TEXT,
    sec_gpc     BOOLEAN     NOT NULL,
    prev_hash   TEXT        NOT NULL,
    hash        TEXT        NOT NULL,
    CONSTRAINT consent_records_id_revision UNIQUE (id, revision)
  );
  CREATE INDEX consent_records_received_at ON ${schema}.consent_records (received_at);
`;

/** @returns {Promise<TestDatabase>} a SQLite file in a new temporary folder */
export async function sqliteTestDatabase() {
  const folder = mkdtempSync(join(tmpdir(), 'assent-server-test-'));
  const path = join(folder, 'data', 'assent.db'); // the store creates the missing folder
  return {
    name: 'SQLite',
    path,
    open: (options = {}) => openStore({ sqlitePath: path, keys: TEST_KEYS, ...options }),
    async run(sql, params = []) {
      const db = new Database(path);
      try {
        db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
    },
    async query(sql, params = []) {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare(sql).all(...params);
      } finally {
        db.close();
      }
    },
    async tamperDecisions(id, revision, decisions) {
      const db = new Database(path);
      try {
        db.prepare("UPDATE consent_records SET record = json_set(record, '$.decisions', json(?)) WHERE id = ? AND revision = ?").run(
          JSON.stringify(decisions),
          id,
          revision,
        );
      } finally {
        db.close();
      }
    },
    async createLegacyTable(rows) {
      mkdirSync(dirname(path), { recursive: true });
      const db = new Database(path);
      try {
        db.exec(LEGACY_SQLITE_SCHEMA);
        const insert = db.prepare(
          `INSERT INTO consent_records (id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const row of rows) {
          const { record } = row;
          insert.run(record.id, record.revision, JSON.stringify(record), row.receivedAt, row.userAgent, row.ipPrefix, row.secGpc ? 1 : 0, row.prevHash, row.hash);
        }
      } finally {
        db.close();
      }
    },
    async indexes() {
      const db = new Database(path, { readonly: true });
      try {
        const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'consent_records'").all();
        return names.map(({ name }) => ({
          name,
          columns: db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(name).map((column) => column.name),
        }));
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** @returns {Promise<TestDatabase>} a new schema in the PostgreSQL database at `databaseUrl`, dropped afterwards */
export async function postgresTestDatabase(databaseUrl) {
  const schema = `assent_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const table = `${admin.escapeIdentifier(schema)}.consent_records`;
  await admin.query(`CREATE SCHEMA ${admin.escapeIdentifier(schema)}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'PostgreSQL',
    url: url.href,
    open: (options = {}) => openStore({ databaseUrl: url.href, keys: TEST_KEYS, ...options }),
    async run(sql, params = []) {
      await admin.query(`SET search_path TO ${admin.escapeIdentifier(schema)}`);
      await admin.query(numbered(sql), params);
    },
    async query(sql, params = []) {
      await admin.query(`SET search_path TO ${admin.escapeIdentifier(schema)}`);
      return (await admin.query(numbered(sql), params)).rows;
    },
    async tamperDecisions(id, revision, decisions) {
      await admin.query(`UPDATE ${table} SET record = jsonb_set(record, '{decisions}', $1::jsonb) WHERE id = $2 AND revision = $3`, [
        JSON.stringify(decisions),
        id,
        revision,
      ]);
    },
    async createLegacyTable(rows) {
      await admin.query(legacyPostgresSchema(admin.escapeIdentifier(schema)));
      for (const row of rows) {
        const { record } = row;
        await admin.query(
          `INSERT INTO ${table} (id, revision, record, received_at, user_agent, ip_prefix, sec_gpc, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [record.id, record.revision, JSON.stringify(record), row.receivedAt, row.userAgent, row.ipPrefix, row.secGpc, row.prevHash, row.hash],
        );
      }
    },
    async indexes() {
      const { rows } = await admin.query(
        `SELECT i.relname AS name, array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE n.nspname = $1 AND t.relname = 'consent_records'
         GROUP BY i.relname`,
        [schema],
      );
      return rows;
    },
    async drop() {
      await admin.query(`DROP SCHEMA ${admin.escapeIdentifier(schema)} CASCADE`);
      await admin.end();
    },
  };
}

/** Parse an NDJSON export body into its lines' objects. */
export function ndjson(body) {
  return body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/** Cookie attributes of a Set-Cookie header as a lower-cased map: { assent_id, path, 'max-age', httponly: true, … } */
export function cookieAttributes(setCookie) {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return Object.fromEntries(
    header.split(';').map((part) => {
      const [name, ...value] = part.trim().split('=');
      return [name.toLowerCase(), value.length ? value.join('=') : true];
    }),
  );
}
