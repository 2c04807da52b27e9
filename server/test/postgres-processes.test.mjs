// Several endpoint instances on one PostgreSQL database, as behind a load balancer: two
// `node server/dist/main.js` processes share a fresh schema of DATABASE_URL and one receipt key
// file, and are written to in parallel for the same ids. Each id's revisions alternate between the
// processes (revision 1 to A, 2 to B, 3 to A, …), two neighbouring revisions of an id in flight at
// once, every request with the id's Assent-Proof; then the same record of each id goes to both at
// once, as a retry through another instance would. Afterwards every id's chain and the whole log
// must verify, and every receipt must carry the shared key's signature. Without DATABASE_URL it is
// reported as skipped, as in postgres.test.mjs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { postgresTestDatabase } from './helpers.mjs';
import {
  Ledger,
  Shopper,
  brokenChains,
  brokenLinks,
  compareWithExport,
  exportRecords,
  newAdminToken,
  postRecord,
  receiptVerifies,
  startEndpoint,
  storeEnvironment,
  verifyLog,
} from './load.mjs';

const IDS = 100;
const REVISIONS = 12;
const CONNECTIONS = 32;

const databaseUrl = process.env.DATABASE_URL;

if (databaseUrl) {
  describe('two endpoint processes on one PostgreSQL database', defineSuite);
} else {
  console.log('PostgreSQL processes test skipped: DATABASE_URL not set');
  it('two endpoint processes on one PostgreSQL database', { skip: 'PostgreSQL processes test skipped: DATABASE_URL not set' }, () => {});
}

function defineSuite() {
  const token = newAdminToken();
  const shoppers = Array.from({ length: IDS }, () => new Shopper());
  /** Every answer: which process, the record, the status and the parsed body (2xx) or text. */
  const answers = [];
  /** The second phase: for each id, the two answers to the same record sent to both processes. */
  const duplicateAnswers = [];
  const ledger = new Ledger();
  let database;
  let keyFolder;
  let a;
  let b;
  let exported;

  before(async () => {
    database = await postgresTestDatabase(databaseUrl);
    keyFolder = mkdtempSync(join(tmpdir(), 'assent-processes-key-'));
    const env = { ...storeEnvironment(database), ASSENT_ADMIN_TOKEN: token, ASSENT_KEY_FILE: join(keyFolder, 'receipt-key') };
    // One after the other: the first may create the key file, the second must read the same key.
    a = await startEndpoint({ env });
    b = await startEndpoint({ env });

    // Revisions r (to A) and r + 1 (to B) of an id are neighbours in the queue, so with
    // CONNECTIONS workers they are in flight together, one in each process.
    const queue = [];
    for (let revision = 1; revision <= REVISIONS; revision += 2) {
      for (const shopper of shoppers) {
        queue.push({ endpoint: a, shopper, record: shopper.nextRecord() });
        queue.push({ endpoint: b, shopper, record: shopper.nextRecord() });
      }
    }
    await drain(queue, async ({ endpoint, shopper, record }) => {
      answers.push({ endpoint, record, ...(await send(endpoint, shopper, record)) });
    });
    await drain(shoppers, async (shopper) => {
      const record = shopper.nextRecord();
      duplicateAnswers.push(await Promise.all([send(a, shopper, record), send(b, shopper, record)]));
    });
    exported = await exportRecords(a.origin, token);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    if (keyFolder) rmSync(keyFolder, { recursive: true, force: true });
  });

  async function send(endpoint, shopper, record) {
    const response = await postRecord(endpoint.origin, shopper, record);
    const text = await response.text();
    const body = ledger.answer(response.status, text);
    return { status: response.status, body: body ?? text };
  }

  it('answers 201 to every new record, whichever process gets it', (t) => {
    t.diagnostic(`${answers.length} records of ${IDS} ids, revisions alternating between two processes`);
    const refused = answers.filter(({ status }) => status !== 201);
    assert.deepEqual(
      refused.map(({ record, status, body }) => `${record.id} ${record.revision}: ${status} ${JSON.stringify(body).slice(0, 200)}`),
      [],
    );
  });

  it('stores a record sent to both processes at once once, answering 201 to one and 200 to the other', () => {
    for (const pair of duplicateAnswers) {
      assert.deepEqual(pair.map(({ status }) => status).sort(), [200, 201], JSON.stringify(pair.map(({ body }) => body)));
    }
  });

  it('stores every record once, every id with revisions 1 to the last', (t) => {
    const comparison = compareWithExport(ledger, exported);
    t.diagnostic(`${comparison.acknowledged} acknowledged, ${comparison.stored} stored`);
    assert.deepEqual(comparison.missing, []);
    assert.deepEqual(comparison.doubled, []);
    assert.equal(comparison.stored, IDS * (REVISIONS + 1));
    for (const shopper of shoppers) {
      const revisions = exported.filter((line) => line.record.id === shopper.id).map((line) => line.record.revision);
      assert.deepEqual(revisions.sort((x, y) => x - y), Array.from({ length: REVISIONS + 1 }, (_, i) => i + 1), shopper.id);
    }
  });

  it("keeps every id's chain intact, as either process verifies it", async () => {
    assert.deepEqual(brokenLinks(exported), [], 'each prevHash in the export is the hash of the record before it');
    const ids = shoppers.map((shopper) => shopper.id);
    assert.deepEqual(await brokenChains(a.origin, token, ids.slice(0, IDS / 2)), [], 'GET /api/verify/:id on A');
    assert.deepEqual(await brokenChains(b.origin, token, ids.slice(IDS / 2)), [], 'GET /api/verify/:id on B');
  });

  it('keeps the whole log intact, as either process verifies it (GET /api/verify)', async () => {
    for (const [name, endpoint] of [['A', a], ['B', b]]) {
      const { status, body } = await verifyLog(endpoint.origin, token);
      assert.equal(status, 200, `GET /api/verify on ${name} answered ${status}: ${JSON.stringify(body)}`);
      assert.equal(body.intact, true, `${name}: ${JSON.stringify(body)}`);
    }
  });

  it("signs every receipt, from either process, with the shared key file's key", async () => {
    const published = [];
    for (const [name, endpoint] of [['A', a], ['B', b]]) {
      const response = await fetch(`${endpoint.origin}/api/consent/keys`);
      assert.equal(response.status, 200, `GET /api/consent/keys on ${name}`);
      published.push((await response.json()).keys.filter((key) => key.status === 'current').map((key) => key.kid));
    }
    assert.deepEqual(published[0], published[1], 'both processes publish the same current key');
    const { keys } = await (await fetch(`${a.origin}/api/consent/keys`)).json();
    const kids = new Set();
    for (const { endpoint, record, body } of answers) {
      const { receipt } = body;
      assert.ok(receipt, `${record.id} ${record.revision}: a receipt`);
      assert.equal(receipt.id, record.id);
      assert.equal(receipt.revision, record.revision);
      assert.ok(receiptVerifies(receipt, record, keys), `${record.id} ${record.revision}: receipt from ${endpoint === a ? 'A' : 'B'} verifies with a published key`);
      kids.add(receipt.kid);
    }
    assert.deepEqual([...kids], published[0], 'every receipt is signed with the current key');
  });
}

/** Runs `work` on every item, CONNECTIONS at a time, in order of the list. */
async function drain(items, work) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}
