// Proof of consent against an attacker, a typo and a bad record (docs/proof-of-consent.md), run
// against each store. Each attack is a request that must fail; each tampering is done in the
// database behind the endpoint's back, as someone with database access would.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../dist/app.js';
import { chainHash, logHash, personalDigests } from '../dist/hash-chain.js';
import { ephemeralKeys } from '../dist/keys.js';
import { cookieAttributes, proofFor, subjectFor, validRecord } from './helpers.mjs';
import { receiptVerifies } from './load.mjs';

const TOKEN = 'test-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${TOKEN}` };
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** @param {() => Promise<import('./helpers.mjs').TestDatabase>} createDatabase */
export function defineProofSuite(createDatabase) {
  const databases = [];
  const stores = [];
  const apps = [];

  /** A fresh database, so that whole-log verdicts see only this test's records. */
  async function freshStore(options) {
    const database = await createDatabase();
    databases.push(database);
    const store = await database.open(options);
    stores.push(store);
    return { database, store };
  }

  function endpoint(store, options = {}) {
    const app = buildApp({ store, logger: false, rateLimit: false, adminToken: TOKEN, ...options });
    apps.push(app);
    return app;
  }

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await Promise.all(databases.splice(0).map((database) => database.drop()));
  });

  const post = (app, record, headers = {}) => app.inject({ method: 'POST', url: '/api/consent', payload: record, headers });
  const asOwner = (record) => ({ 'assent-proof': proofFor(record.id) });
  const cookieOf = (response) => response.headers['set-cookie'].split(';')[0];
  const verdict = async (app, id) => (await app.inject({ url: id ? `/api/verify/${id}` : '/api/verify', headers: ADMIN })).json();

  /** A shopper's history of `count` decisions, posted by their browser; answers the cookie. */
  async function history(app, record, count) {
    let cookie;
    for (let revision = 1; revision <= count; revision += 1) {
      const response = await post(app, { ...record, revision, decisions: { necessary: true, analytics: revision % 2 === 1 } }, asOwner(record));
      assert.equal(response.statusCode, 201, response.body);
      cookie = cookieOf(response);
    }
    return cookie;
  }

  describe('takeover by id', () => {
    // One shopper for the whole block, on a database of its own (afterEach clears only freshStore's).
    let database;
    let store;
    let app;
    let record;
    let cookie;
    before(async () => {
      database = await createDatabase();
      store = await database.open();
      app = buildApp({ store, logger: false, rateLimit: false, adminToken: TOKEN });
      record = validRecord();
      cookie = await history(app, record, 2);
    });
    after(async () => {
      await app.close();
      await store.close();
      await database.drop();
    });

    const forged = (revision = 2_147_483_647) => ({ ...record, revision, method: 'accept-all', decisions: { necessary: true, analytics: true, marketing: true } });

    it('says why a write from a sub-domain was refused when the page shares decisions but the assent_id cookie is host-only', async () => {
      const lines = [];
      const stream = { write: (line) => void lines.push(JSON.parse(line)) };
      const { store: ownStore } = await freshStore();
      const logged = endpoint(ownStore, { logger: { level: 'warn', stream } });
      const shared = validRecord();
      await history(logged, shared, 1);
      const sharedCopy = { cookie: 'assent_consent=a1|copy|of|the|decision' };
      assert.equal((await post(logged, { ...shared, revision: 2 }, sharedCopy)).statusCode, 403);
      assert.equal((await post(logged, { ...shared, revision: 2 })).statusCode, 403);
      const refusals = lines.filter((line) => line.msg.startsWith('refused a record for an existing id'));
      assert.deepEqual(
        refusals.map((line) => line.msg.includes('set --cookie-domain / ASSENT_COOKIE_DOMAIN to the same domain')),
        [true, false],
      );
    });

    it('refuses a write for a known id with no proof (403), with the bare id as cookie, or a forged signature', async () => {
      const otherKeys = ephemeralKeys();
      for (const headers of [
        {},
        { cookie: `assent_id=${record.id}` },
        { cookie: `assent_id=${record.id}.${'A'.repeat(43)}` },
        { cookie: `assent_id=${record.id}.${otherKeys.cookieTag(record.id)}` },
        { 'assent-proof': randomBytes(32).toString('base64url') },
        { origin: 'https://evil.example' },
      ]) {
        for (const revision of [3, 2_147_483_647]) {
          const response = await post(app, forged(revision), headers);
          assert.equal(response.statusCode, 403, `${JSON.stringify(headers)} revision ${revision}: ${response.body}`);
          assert.deepEqual([response.json().error, response.headers['set-cookie']], ['proof required', undefined]);
        }
      }
    });

    it("refuses a cookie signed for another id", async () => {
      const other = validRecord();
      const otherCookie = cookieOf(await post(app, other, asOwner(other)));
      const [, value] = otherCookie.split('=');
      const response = await post(app, forged(3), { cookie: `assent_id=${record.id}.${value.split('.')[1]}` });
      assert.equal(response.statusCode, 403);
    });

    it('leaves the shopper in charge: /current unchanged, the next revision stored', async () => {
      assert.equal((await app.inject({ url: '/api/consent/current', headers: { cookie } })).json().revision, 2);
      const next = await post(app, { ...record, revision: 3, method: 'reject-all' }, { cookie });
      assert.equal(next.statusCode, 201, next.body);
      assert.equal((await verdict(app, record.id)).intact, true);
    });

    it('refuses a revision more than 64 beyond the latest, even with proof (409 with the latest)', async () => {
      const latest = (await app.inject({ url: '/api/consent/current', headers: { cookie } })).json().revision;
      const jump = await post(app, forged(latest + 65), asOwner(record));
      assert.equal(jump.statusCode, 409);
      assert.deepEqual([jump.json().error, jump.json().field, jump.json().latestRevision], ['revision out of range', 'revision', latest]);
      assert.equal((await post(app, { ...forged(latest + 64), method: 'custom' }, asOwner(record))).statusCode, 201);
      const fresh = validRecord({ revision: 65 });
      assert.deepEqual([(await post(app, fresh, asOwner(fresh))).statusCode, (await post(app, { ...fresh, revision: 64 }, asOwner(fresh))).statusCode], [409, 201]);
    });

    it('lets the browser replace a lost proof with the cookie, and then only the new one counts', async () => {
      const replacement = randomBytes(32).toString('base64url');
      const latest = (await app.inject({ url: '/api/consent/current', headers: { cookie } })).json().revision;
      assert.equal((await post(app, { ...record, revision: latest + 1 }, { cookie, 'assent-proof': replacement })).statusCode, 201);
      assert.equal((await post(app, { ...record, revision: latest + 2 }, { 'assent-proof': replacement })).statusCode, 201);
      assert.equal((await post(app, { ...record, revision: latest + 3 }, asOwner(record))).statusCode, 403);
    });

    it('reads /:id and /:id/history only with the cookie, the proof or the admin token', async () => {
      for (const path of [`/api/consent/${record.id}`, `/api/consent/${record.id}/history`]) {
        for (const headers of [{}, { cookie: `assent_id=${record.id}` }, { 'assent-proof': randomBytes(32).toString('base64url') }, { authorization: 'Bearer nope' }]) {
          assert.equal((await app.inject({ url: path, headers })).statusCode, 403, `${path} ${JSON.stringify(headers)}`);
        }
        for (const headers of [{ cookie }, ADMIN]) assert.equal((await app.inject({ url: path, headers })).statusCode, 200, `${path} ${JSON.stringify(headers)}`);
      }
    });
  });

  describe('a chain that proves something', () => {
    it('reports a changed revision column, which would change what /current answers', async () => {
      const { database, store } = await freshStore();
      const app = endpoint(store);
      const record = validRecord();
      const cookie = await history(app, record, 3);
      await database.run('UPDATE consent_records SET revision = 9 WHERE id = ? AND revision = 1', [record.id]);
      assert.equal((await app.inject({ url: '/api/consent/current', headers: { cookie } })).json().revision, 1, 'the edit changed /current');
      const id = await verdict(app, record.id);
      assert.deepEqual([id.intact, id.problem], [false, 'its revision column differs from the record']);
      assert.equal((await verdict(app)).intact, false);
    });

    it("reports a chain moved to another id", async () => {
      const { database, store } = await freshStore();
      const app = endpoint(store);
      const record = validRecord();
      await history(app, record, 2);
      const victim = randomUUID();
      await database.run('UPDATE consent_records SET id = ? WHERE id = ?', [victim, record.id]);
      const moved = await verdict(app, victim);
      assert.deepEqual([moved.intact, moved.problem], [false, 'its id column differs from the record']);
    });

    it('reports a row appended with a recomputed hash but without the server key', async () => {
      const { database, store } = await freshStore();
      const app = endpoint(store);
      const record = validRecord();
      await history(app, record, 2);
      const [last] = (await app.inject({ url: '/api/records', headers: ADMIN })).body.trim().split('\n').map((line) => JSON.parse(line)).slice(-1);
      const forged = { ...record, revision: 3, method: 'accept-all', decisions: { necessary: true, analytics: true } };
      const receivedAt = new Date().toISOString();
      const salt = randomBytes(16).toString('hex');
      const personal = personalDigests(salt, { url: forged.url, subject: null, userAgent: null, ipPrefix: null });
      const hash = chainHash({ prevHash: last.hash, id: record.id, revision: 3, receivedAt, secGpc: false, record: forged, personal });
      const attackerKeys = ephemeralKeys();
      const signature = attackerKeys.sign('anything');
      await database.run(
        `INSERT INTO consent_records (seq, id, revision, record, received_at, sec_gpc, prev_hash, hash, version, log_hash, personal, salt, kid, signature, receipt_path)
         VALUES (?, ?, 3, ?, ?, false, ?, ?, 2, ?, ?, ?, ?, ?, '[]')`,
        [last.seq + 1, record.id, JSON.stringify(forged), receivedAt, last.hash, hash, logHash(last.logHash, hash), JSON.stringify(personal), salt, store.keys.kid, signature],
      );
      const id = await verdict(app, record.id);
      assert.deepEqual([id.intact, id.brokenAt, id.problem], [false, 3, 'its receipt signature does not verify']);
      await database.run('UPDATE consent_records SET signature = NULL WHERE id = ? AND revision = 3', [record.id]);
      assert.equal((await verdict(app, record.id)).problem, 'it has no receipt signature');
    });

    it('detects the newest records removed, from the signed checkpoint', async () => {
      const { database, store } = await freshStore();
      const app = endpoint(store);
      const record = validRecord();
      await history(app, record, 3);
      await history(app, validRecord(), 1);
      const checkpoint = (await app.inject({ method: 'POST', url: '/api/checkpoint', headers: ADMIN })).json().checkpoint;
      assert.equal(checkpoint.seq, 4);
      assert.equal((await verdict(app)).intact, true);
      await database.run('DELETE FROM consent_records WHERE seq >= 3');
      const log = await verdict(app);
      assert.equal(log.intact, false);
      assert.match(log.problem, /truncated/);
      const id = await verdict(app, record.id);
      assert.equal(id.records, 2, 'on its own, the shortened chain looks whole: the checkpoint is what tells');
    });

    it('detects a record removed from the middle of the log', async () => {
      const { database, store } = await freshStore();
      const app = endpoint(store);
      for (let index = 0; index < 3; index += 1) await history(app, validRecord(), 1);
      await database.run('DELETE FROM consent_records WHERE seq = 2');
      const log = await verdict(app);
      assert.deepEqual([log.intact, log.seq], [false, 3]);
      assert.match(log.problem, /log chain breaks/);
    });

    it('reports an edited url, user agent or IP prefix, which the hash covers through digests', async () => {
      const { database, store } = await freshStore();
      const app = endpoint(store);
      const record = validRecord();
      await history(app, record, 1);
      await database.run('UPDATE consent_records SET user_agent = ? WHERE id = ?', ['Forged/1.0', record.id]);
      assert.match((await verdict(app, record.id)).problem, /user agent/);
    });
  });

  describe('consent receipts', () => {
    /** Verifies a receipt as a shopper or a regulator would: the record, the receipt, GET /keys; nothing else. */
    const verifyReceipt = (record, receipt, keys) => receiptVerifies(receipt, record, keys);

    it('carries a receipt anyone can verify with GET /keys, in Node', async () => {
      const { store } = await freshStore();
      const app = endpoint(store);
      const record = validRecord({ subject: subjectFor() });
      const response = await post(app, record, asOwner(record));
      const { receipt } = response.json();
      const { keys } = (await app.inject('/api/consent/keys')).json();
      const key = keys.find((candidate) => candidate.kid === receipt.kid);
      assert.deepEqual([key.alg, key.status, key.jwk.kty, key.jwk.crv], ['Ed25519', 'current', 'OKP', 'Ed25519']);
      assert.equal(verifyReceipt(record, receipt, keys), true);
      assert.equal(verifyReceipt({ ...record, method: 'accept-all' }, receipt, keys), false, 'another record');
      assert.equal(verifyReceipt(record, { ...receipt, receivedAt: new Date().toISOString() }, keys), false, 'another time');
      const retry = await post(app, record, asOwner(record));
      assert.deepEqual([retry.statusCode, retry.json().receipt], [200, receipt], 'a retry gets the same receipt');
      console.log(`# receipt alone in its batch: ${Buffer.byteLength(JSON.stringify(receipt))} bytes of JSON`);
    });

    it('signs records stored together once, each with its own path, each verifiable alone', async () => {
      const { store } = await freshStore();
      const app = endpoint(store);
      const records = Array.from({ length: 37 }, () => validRecord());
      const responses = await Promise.all(records.map((record) => post(app, record, asOwner(record))));
      const receipts = responses.map((response) => response.json().receipt);
      const { keys } = (await app.inject('/api/consent/keys')).json();
      receipts.forEach((receipt, index) => assert.equal(verifyReceipt(records[index], receipt, keys), true, `receipt ${index}`));
      assert.ok(new Set(receipts.map((receipt) => receipt.signature)).size < records.length, 'some records shared a signature');
      assert.ok(receipts.some((receipt) => receipt.path.length > 0));
      assert.equal(verifyReceipt(records[1], receipts[0], keys), false, "one record's receipt does not fit another");
      const longest = receipts.reduce((a, b) => (JSON.stringify(a).length >= JSON.stringify(b).length ? a : b));
      console.log(`# receipt in a batch of up to 37: at most ${Buffer.byteLength(JSON.stringify(longest))} bytes of JSON`);
      assert.equal((await verdict(app)).intact, true);
    });
  });

  describe('status codes that mean what they say', () => {
    it('answers 204 from /current, /subject and /region when there is nothing', async () => {
      const { store } = await freshStore();
      const app = endpoint(store);
      for (const url of ['/api/consent/current', `/api/consent/subject/${subjectFor()}`, '/api/consent/region']) {
        const response = await app.inject(url);
        assert.deepEqual([response.statusCode, response.body], [204, ''], url);
      }
    });

    it('answers /subject with only what a restore needs', async () => {
      const { store } = await freshStore();
      const app = endpoint(store);
      const subject = subjectFor();
      const record = validRecord({ subject, region: 'DE', language: 'de' });
      await post(app, record, asOwner(record));
      const restored = (await app.inject(`/api/consent/subject/${encodeURIComponent(subject)}`)).json();
      assert.deepEqual(Object.keys(restored).sort(), ['decisions', 'expiresAt', 'gpc', 'method', 'policyVersion', 'timestamp']);
    });
  });

  describe('small holes', () => {
    it('gives a leap-second expiresAt a finite Max-Age', async () => {
      const { store } = await freshStore();
      const record = validRecord({ expiresAt: '2027-06-30T23:59:60Z' });
      const response = await post(endpoint(store), record, asOwner(record));
      assert.equal(response.statusCode, 201, response.body);
      assert.match(cookieAttributes(response.headers['set-cookie'])['max-age'], /^\d+$/);
    });

    it('refuses a url with a NUL, a control character or a lone surrogate (400, never 500)', async () => {
      const { store } = await freshStore();
      const app = endpoint(store);
      for (const url of ['https://shop.example/a\u0000b', 'https://shop.example/a\u0007', 'https://shop.example/\ud800x', 'https://shop\u0000.example/']) {
        const record = validRecord({ url });
        const response = await post(app, record, asOwner(record));
        assert.deepEqual([response.statusCode, response.json().field], [400, 'url'], JSON.stringify(url));
      }
    });

    it('keeps a percent-encoded or re-cased subject path out of the log', async () => {
      const { store } = await freshStore();
      const lines = [];
      const app = endpoint(store, { logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
      const subject = subjectFor();
      for (const path of [`/api/consent/%73ubject/${subject}`, `/api/consent/SUBJECT/${subject}`, `/api/consent/subject/${encodeURIComponent(subject)}`]) {
        await app.inject(path);
      }
      const log = lines.join('');
      assert.match(log, /\[subject\]/);
      assert.ok(!log.includes(subject) && !log.includes(encodeURIComponent(subject)), log);
    });

    it('answers GET /health with the store and its check', async () => {
      const { store } = await freshStore();
      const response = await endpoint(store).inject('/health');
      assert.equal(response.statusCode, 200);
      assert.deepEqual([response.json().status, response.json().store, response.json().records], ['ok', store.kind, 0]);
    });

    it('refuses trustProxy: true and an admin token under 32 characters', async () => {
      const { store } = await freshStore();
      assert.throws(() => buildApp({ store, logger: false, trustProxy: true }), /hop count/);
      assert.throws(() => buildApp({ store, logger: false, adminToken: 'a'.repeat(31) }), /at least 32 characters/);
      assert.doesNotThrow(() => apps.push(buildApp({ store, logger: false, adminToken: 'a'.repeat(32) })));
    });
  });

  describe('data rights', () => {
    it('exports everything stored for one subject, and erases it while every chain still verifies', async () => {
      const { store } = await freshStore();
      const app = endpoint(store);
      const subject = subjectFor();
      const laptop = validRecord({ subject });
      const phone = validRecord({ subject });
      const laptopCookie = await history(app, laptop, 2);
      await history(app, phone, 1);
      await history(app, validRecord(), 1); // someone else

      const exported = await app.inject({ method: 'POST', url: '/api/export', headers: ADMIN, payload: { subject } });
      assert.equal(exported.statusCode, 200);
      const access = exported.json();
      assert.deepEqual(access.ids.map((entry) => [entry.id, entry.records.length, entry.verification.intact]), [[laptop.id, 2, true], [phone.id, 1, true]]);
      assert.equal(access.ids[0].records[0].record.subject, subject);
      assert.ok(access.ids[0].records[0].receipt.signature);

      const erased = await app.inject({ method: 'POST', url: '/api/erase', headers: ADMIN, payload: { subject } });
      assert.deepEqual([erased.statusCode, erased.json().records, erased.json().ids], [200, 3, [laptop.id, phone.id]]);

      const after = (await app.inject({ method: 'POST', url: '/api/export', headers: ADMIN, payload: { id: laptop.id } })).json();
      for (const line of after.ids[0].records) {
        assert.deepEqual([line.record.url, line.record.subject, line.userAgent, line.ipPrefix], [undefined, undefined, null, null]);
        assert.ok(line.erasedAt);
        assert.deepEqual(line.record.decisions, { necessary: true, analytics: line.record.revision === 1 });
      }
      const chain = await verdict(app, laptop.id);
      assert.deepEqual([chain.intact, chain.signatures.erased], [true, 2]);
      assert.equal((await verdict(app)).intact, true);
      assert.equal((await app.inject(`/api/consent/subject/${subject}`)).statusCode, 204, 'the subject no longer finds anyone');
      assert.equal((await post(app, { ...laptop, subject: null, revision: 3 }, { cookie: laptopCookie })).statusCode, 201, 'the browser goes on');
      const missing = await app.inject({ method: 'POST', url: '/api/erase', headers: ADMIN, payload: { id: randomUUID() } });
      assert.equal(missing.statusCode, 404);
      assert.equal((await app.inject({ method: 'POST', url: '/api/erase', payload: { subject } })).statusCode, 401);
    });

    it('prunes records past the retention period behind a signed checkpoint', async () => {
      const { store } = await freshStore();
      const old = new Date(Date.now() - 5 * YEAR_MS).toISOString();
      const gone = validRecord();
      const kept = validRecord();
      const append = (record, receivedAt) =>
        store.append({
          incoming: { record, receivedAt, userAgent: null, ipPrefix: null, secGpc: false },
          proof: { cookieId: record.id, proofHash: createHash('sha256').update(proofFor(record.id)).digest('hex') },
        });
      await append(gone, old);
      await append(kept, old);
      await append({ ...kept, revision: 2 }, new Date().toISOString());
      const app = endpoint(store, { retentionDays: 1490 });
      await app.ready();
      for (let attempt = 0; attempt < 100 && (await store.count()) > 1; attempt += 1) await sleep(20);
      assert.equal(await store.count(), 1);
      assert.equal((await app.inject({ url: `/api/verify/${gone.id}`, headers: ADMIN })).statusCode, 404);
      assert.equal((await verdict(app, kept.id)).intact, true, 'a chain whose start was pruned still verifies');
      const log = await verdict(app);
      assert.deepEqual([log.intact, log.records, log.checkpoints], [true, 1, 1]);
      const next = await post(app, { ...kept, revision: 3 }, asOwner(kept));
      assert.equal(next.statusCode, 201, 'the shopper whose oldest records went keeps writing with their proof');
    });
  });
}
