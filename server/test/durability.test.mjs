// What a 2xx promises: the record is stored, even when the process dies right after answering.
// `node server/dist/main.js` runs as a child process under concurrent POST load and is killed with
// SIGKILL mid-load three times (a kill that left no request unanswered does not count), each time
// restarted on the same database. After every restart the export must hold every (id, revision)
// answered 2xx before the kill; the records that were in flight are retried as a browser would
// (and must be answered 200 or 201); at the end every id's chain and the whole log must verify.
// SQLite always; PostgreSQL when DATABASE_URL is set (else reported as skipped, as in
// postgres.test.mjs).
//
// SIGKILL ends the process, not the machine: what the endpoint had handed to the operating system
// survives it, so this catches an answer sent before the write (or the commit), not a missing fsync.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresTestDatabase, sqliteTestDatabase } from './helpers.mjs';
import {
  Ledger,
  RoundRobinWorkload,
  brokenChains,
  brokenLinks,
  compareWithExport,
  exportRecords,
  newAdminToken,
  postRecord,
  startEndpoint,
  storeEnvironment,
  verifyLog,
} from './load.mjs';

const KILLS = 3;
const CONNECTIONS = 32;
/** Answers to wait for in each cycle before the kill, so the load is under way. */
const ANSWERS_BEFORE_KILL = 400;

const databaseUrl = process.env.DATABASE_URL;

describe('kill -9 under load on SQLite', () => defineDurabilitySuite(sqliteTestDatabase));
if (databaseUrl) {
  describe('kill -9 under load on PostgreSQL', () => defineDurabilitySuite(() => postgresTestDatabase(databaseUrl)));
} else {
  console.log('PostgreSQL durability skipped: DATABASE_URL not set');
  it('kill -9 under load on PostgreSQL', { skip: 'PostgreSQL durability skipped: DATABASE_URL not set' }, () => {});
}

/** @param {() => Promise<import('./helpers.mjs').TestDatabase>} createDatabase */
function defineDurabilitySuite(createDatabase) {
  const token = newAdminToken();
  const ledger = new Ledger();
  const workload = new RoundRobinWorkload({ activeIds: 150, revisionsPerId: 6 });
  /** One entry per kill: what was acknowledged and in flight, what the restarted endpoint had stored. */
  const kills = [];
  /** Retries of the records in flight at a kill: status → count. */
  const retryAnswers = new Map();
  let database;
  let keyFolder;
  let endpoint;
  let exported;

  before(async () => {
    database = await createDatabase();
    keyFolder = mkdtempSync(join(tmpdir(), 'assent-durability-key-'));
    const env = { ...storeEnvironment(database), ASSENT_ADMIN_TOKEN: token, ASSENT_KEY_FILE: join(keyFolder, 'receipt-key') };
    endpoint = await startEndpoint({ env });
    // A kill that finds every request already answered (the client had fallen behind) proves
    // little: such a cycle is repeated, up to four times the number of kills asked for (group commit answers fast).
    for (let attempt = 1; midLoadKills(kills) < KILLS && attempt <= 4 * KILLS; attempt += 1) {
      const cycle = await loadUntilKilled(endpoint, workload, ledger);
      endpoint = await startEndpoint({ env });
      // Before anything is retried or written again: only what the dead process stored is there.
      const comparison = compareWithExport(cycle.acknowledgedAtKill, await exportRecords(endpoint.origin, token));
      kills.push({ ...cycle, ...comparison });
      for (const { shopper, record } of cycle.unanswered) {
        const response = await postRecord(endpoint.origin, shopper, record);
        retryAnswers.set(response.status, (retryAnswers.get(response.status) ?? 0) + 1);
        ledger.answer(response.status, await response.text());
      }
    }
    exported = await exportRecords(endpoint.origin, token);
  });

  after(async () => {
    await endpoint?.stop();
    await database?.drop();
    if (keyFolder) rmSync(keyFolder, { recursive: true, force: true });
  });

  it(`was killed ${KILLS} times while requests were in flight, and answered every request before that 2xx`, (t) => {
    for (const [index, kill] of kills.entries()) {
      t.diagnostic(`kill ${index + 1}: ${kill.acknowledged} acknowledged so far, ${kill.unanswered.length} requests in flight left unanswered`);
    }
    for (const [index, kill] of kills.entries()) assert.deepEqual(kill.errorsBeforeKill, [], `kill ${index + 1}: no request failed before the kill`);
    assert.equal(midLoadKills(kills), KILLS, 'kills that left requests unanswered: they came mid-load');
    assert.equal(ledger.refusedCount, 0, `non-2xx answers: ${ledger.refusedSamples.join(' | ')}`);
  });

  it('stores every record it answered 2xx before each kill -9', (t) => {
    for (const [index, kill] of kills.entries()) {
      t.diagnostic(
        `after kill ${index + 1}: ${kill.acknowledged} acknowledged, ${kill.stored} stored, ${kill.missing.length} acknowledged ones missing ` +
          `(${kill.stored - kill.acknowledged + kill.missing.length} of the ${kill.unanswered.length} unanswered ones stored)`,
      );
    }
    for (const [index, kill] of kills.entries()) {
      assert.deepEqual(kill.missing, [], `after kill ${index + 1}: acknowledged records missing from the export`);
      assert.deepEqual(kill.doubled, [], `after kill ${index + 1}: no (id, revision) stored twice`);
    }
  });

  it('answers the retry of every record that was in flight with 200 (stored before the kill) or 201', (t) => {
    t.diagnostic(`retries after the restarts: ${[...retryAnswers].map(([status, count]) => `${count} × ${status}`).join(', ')}`);
    assert.ok([...retryAnswers.keys()].every((status) => status === 200 || status === 201), `retry answers: ${ledger.refusedSamples.join(' | ')}`);
  });

  it('ends with every acknowledged record stored once', (t) => {
    const comparison = compareWithExport(ledger, exported);
    t.diagnostic(`${comparison.acknowledged} acknowledged (id, revision) pairs, ${comparison.stored} records stored, ${ledger.ids().length} ids`);
    assert.deepEqual(comparison.missing, []);
    assert.deepEqual(comparison.doubled, []);
  });

  it("keeps every id's chain intact across the kills", async () => {
    assert.deepEqual(brokenLinks(exported), [], 'each prevHash in the export is the hash of the record before it');
    const ids = [...new Set(exported.map((line) => line.record.id))];
    assert.deepEqual(await brokenChains(endpoint.origin, token, ids), [], 'GET /api/verify/:id is intact for every id');
  });

  it('keeps the whole log intact across the kills (GET /api/verify)', async () => {
    const { status, body } = await verifyLog(endpoint.origin, token);
    assert.equal(status, 200, `GET /api/verify answered ${status}: ${JSON.stringify(body)}`);
    assert.equal(body.intact, true, JSON.stringify(body));
  });
}

/**
 * CONNECTIONS workers POST records until the endpoint is killed: once ANSWERS_BEFORE_KILL answers
 * came in this cycle, after a random 0–100 ms more. Resolves when every worker has stopped.
 */
async function loadUntilKilled(endpoint, workload, ledger) {
  let answers = 0;
  let killed = false;
  const unanswered = [];
  const errorsBeforeKill = [];
  let acknowledgedAtKill;
  const worker = async () => {
    while (!killed) {
      const { shopper, record } = workload.next();
      try {
        const response = await postRecord(endpoint.origin, shopper, record);
        const body = await response.text();
        if (killed && acknowledgedAtKill) {
          // Answered while the kill was under way: acknowledged, but after the snapshot.
          acknowledgedAtKill.answer(response.status, body);
        }
        ledger.answer(response.status, body);
        answers += 1;
      } catch (error) {
        if (!killed) errorsBeforeKill.push(String(error.cause ?? error));
        unanswered.push({ shopper, record });
      }
    }
  };
  const workers = Array.from({ length: CONNECTIONS }, worker);
  while (answers < ANSWERS_BEFORE_KILL && endpoint.child.exitCode === null) await sleep(5);
  await sleep(Math.random() * 100);
  acknowledgedAtKill = snapshot(ledger);
  killed = true;
  await endpoint.kill();
  await Promise.all(workers);
  return { acknowledgedAtKill, unanswered, errorsBeforeKill };
}

/** How many kills left requests unanswered. */
function midLoadKills(kills) {
  return kills.filter((kill) => kill.unanswered.length > 0).length;
}

/** A ledger holding what `ledger` has acknowledged so far, to which later answers can be added. */
function snapshot(ledger) {
  const copy = new Ledger();
  for (const [key, pair] of ledger.acknowledged) copy.acknowledged.set(key, pair);
  return copy;
}
