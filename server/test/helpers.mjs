// Shared by the server tests: valid records, and fresh databases of either kind that a test may
// also tamper with directly, as an attacker with database access would.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
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

/**
 * @typedef {object} TestDatabase
 * @property {string} name
 * @property {string} [path] the SQLite file
 * @property {string} [url] the PostgreSQL URL, its search_path set to the fresh schema
 * @property {() => Promise<import('../dist/store.js').ConsentStore>} open  another connection to the same database
 * @property {(id: string, revision: number, decisions: Record<string, boolean>) => Promise<void>} tamperDecisions
 *   rewrites a stored record's decisions behind the endpoint's back
 * @property {() => Promise<void>} drop
 */

/** @returns {Promise<TestDatabase>} a SQLite file in a new temporary folder */
export async function sqliteTestDatabase() {
  const folder = mkdtempSync(join(tmpdir(), 'assent-server-test-'));
  const path = join(folder, 'data', 'assent.db'); // the store creates the missing folder
  return {
    name: 'SQLite',
    path,
    open: () => openStore({ sqlitePath: path }),
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
    open: () => openStore({ databaseUrl: url.href }),
    async tamperDecisions(id, revision, decisions) {
      await admin.query(`UPDATE ${table} SET record = jsonb_set(record, '{decisions}', $1::jsonb) WHERE id = $2 AND revision = $3`, [
        JSON.stringify(decisions),
        id,
        revision,
      ]);
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
