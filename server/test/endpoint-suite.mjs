// The endpoint's behaviour over HTTP, defined once and run against each store (sqlite.test.mjs,
// postgres.test.mjs). Requests go through Fastify's inject(), which runs the whole stack.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../dist/app.js';
import { GENESIS_HASH, legacyChainHash } from '../dist/hash-chain.js';
import { cookieAttributes, ndjson, proofFor, subjectFor, validRecord } from './helpers.mjs';

const TOKEN = 'test-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${TOKEN}` };
const DAY_SECONDS = 24 * 60 * 60;

/** @param {() => Promise<import('./helpers.mjs').TestDatabase>} createDatabase */
export function defineEndpointSuite(createDatabase) {
  /** @type {import('./helpers.mjs').TestDatabase} */
  let database;
  /** @type {import('../dist/store.js').ConsentStore} */
  let store;
  const apps = [];

  before(async () => {
    database = await createDatabase();
    store = await database.open();
  });
  after(async () => {
    await store?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  /** An endpoint on the suite's store: quiet, no rate limit, admin token set, unless overridden. */
  function endpoint(options = {}) {
    const app = buildApp({ store, logger: false, rateLimit: false, adminToken: TOKEN, ...options });
    apps.push(app);
    return app;
  }

  /** POST as the browser that owns the record's id: with its `Assent-Proof` secret. */
  const post = (app, record, request = {}) =>
    app.inject({ method: 'POST', url: '/api/consent', payload: record, ...request, headers: { 'assent-proof': proofFor(String(record?.id)), ...request.headers } });
  /** GET as the browser that owns `id`. */
  const read = (app, url, id) => app.inject({ url, headers: { 'assent-proof': proofFor(id) } });
  /** What `/subject/…` answers: only what a restore needs. */
  const restorable = ({ timestamp, expiresAt, policyVersion, decisions, method, gpc }) => ({ timestamp, expiresAt, policyVersion, decisions, method, gpc });

  async function exportedLines(app, query = '') {
    const response = await app.inject({ method: 'GET', url: `/api/records${query}`, headers: ADMIN });
    assert.equal(response.statusCode, 200);
    return ndjson(response.body);
  }

  async function exportedLine(app, id, revision = 1) {
    const line = (await exportedLines(app)).find((entry) => entry.record.id === id && entry.record.revision === revision);
    assert.ok(line, `record ${id} ${revision} is in the export`);
    return line;
  }

  describe('POST /api/consent validation', () => {
    async function assertRejected(record, field, status = 400) {
      const response = await post(endpoint(), record);
      assert.equal(response.statusCode, status, response.body);
      assert.match(response.headers['content-type'], /^application\/json/);
      const body = response.json();
      assert.equal(body.field, field);
      assert.equal(typeof body.error, 'string');
      assert.equal(typeof body.message, 'string');
      return body;
    }

    it('stores a complete record with 201', async () => {
      const record = validRecord({ revision: 3, method: 'accept-all', subject: null });
      const response = await post(endpoint(), record);
      assert.equal(response.statusCode, 201);
      const body = response.json();
      assert.deepEqual(
        { ...body, receivedAt: undefined, receipt: undefined },
        { stored: true, created: true, id: record.id, revision: 3, receivedAt: undefined, receipt: undefined },
      );
      assert.deepEqual([body.receipt.id, body.receipt.revision, body.receipt.receivedAt, body.receipt.alg], [record.id, 3, body.receivedAt, 'Ed25519']);
    });

    it('stores a record with only the required fields', async () => {
      const { id, revision, timestamp, expiresAt, policyVersion, decisions, method } = validRecord();
      const response = await post(endpoint(), { id, revision, timestamp, expiresAt, policyVersion, decisions, method });
      assert.equal(response.statusCode, 201, response.body);
    });

    it('rejects an unknown field, naming it', async () => {
      const body = await assertRejected(validRecord({ fingerprint: 'abc' }), 'fingerprint');
      assert.equal(body.error, 'invalid record');
    });

    it('rejects a missing required field, naming it', async () => {
      const { policyVersion, ...record } = validRecord();
      await assertRejected(record, 'policyVersion');
    });

    it('rejects a decision that is not a boolean, naming the category', async () => {
      await assertRejected(validRecord({ decisions: { necessary: true, analytics: 'yes' } }), 'decisions.analytics');
      await assertRejected(validRecord({ decisions: { necessary: true, analytics: 1 } }), 'decisions.analytics');
    });

    it('rejects a category name outside [a-z][a-z0-9_-]*', async () => {
      await assertRejected(validRecord({ decisions: { necessary: true, Ads: true } }), 'decisions.Ads');
    });

    it('accepts 64 decisions and rejects 65', async () => {
      const decisions = (count) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`category${index}`, true]));
      assert.equal((await post(endpoint(), validRecord({ decisions: decisions(64) }))).statusCode, 201);
      await assertRejected(validRecord({ decisions: decisions(65) }), 'decisions');
    });

    it('rejects a body over 16 KB with 413', async () => {
      const body = await assertRejected({ ...validRecord(), padding: 'x'.repeat(16 * 1024) }, null, 413);
      assert.equal(body.error, 'record too large');
    });

    it('rejects a url with a query, a fragment, credentials or another scheme', async () => {
      for (const url of [
        'https://shop.example/cart?utm_source=mail',
        'https://shop.example/cart#top',
        'https://user:secret@shop.example/cart',
        'javascript:alert(1)',
        'ftp://shop.example/cart',
      ]) {
        await assertRejected(validRecord({ url }), 'url');
      }
    });

    it('rejects an id that is not a lower-case UUID v4', async () => {
      for (const id of ['not-a-uuid', 'c232ab00-9414-11ec-b3c8-9f6bdeced846', randomUUID().toUpperCase()]) {
        await assertRejected(validRecord({ id }), 'id');
      }
    });

    it('rejects an unknown method', async () => {
      await assertRejected(validRecord({ method: 'implied' }), 'method');
    });

    it('rejects wrong types and ranges', async () => {
      await assertRejected(validRecord({ revision: '2' }), 'revision');
      await assertRejected(validRecord({ revision: 0 }), 'revision');
      await assertRejected(validRecord({ revision: 1.5 }), 'revision');
      await assertRejected(validRecord({ gpc: 'false' }), 'gpc');
      await assertRejected(validRecord({ decisions: [true] }), 'decisions');
      await assertRejected(validRecord({ timestamp: '28/11/2026' }), 'timestamp');
      await assertRejected(validRecord({ expiresAt: '2027-05-27' }), 'expiresAt');
      await assertRejected(validRecord({ policyVersion: '' }), 'policyVersion');
      await assertRejected(validRecord({ policyVersion: 'v\u00001' }), 'policyVersion');
      await assertRejected(validRecord({ policyVersion: 'v\ud8001' }), 'policyVersion');
      await assertRejected(validRecord({ region: 'Germany' }), 'region');
      await assertRejected(validRecord({ language: 'english please' }), 'language');
      await assertRejected(validRecord({ subject: 's'.repeat(257) }), 'subject');
      await assertRejected(validRecord({ client: 'c'.repeat(65) }), 'client');
    });

    it('answers malformed JSON and other media types with a JSON error', async () => {
      const app = endpoint();
      const malformed = await app.inject({ method: 'POST', url: '/api/consent', headers: { 'content-type': 'application/json' }, payload: '{"id":' });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error, 'bad request');
      const text = await app.inject({ method: 'POST', url: '/api/consent', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(validRecord()) });
      assert.equal(text.statusCode, 415);
      assert.equal(text.json().error, 'unsupported media type');
    });

    it('stores nothing for a rejected record', async () => {
      const app = endpoint();
      const record = validRecord({ method: 'implied' });
      assert.equal((await post(app, record)).statusCode, 400);
      assert.equal((await app.inject({ url: `/api/consent/${record.id}`, headers: ADMIN })).statusCode, 404);
    });
  });

  describe('idempotency of (id, revision)', () => {
    it('answers 201 the first time and 200 after, storing the record once', async () => {
      const app = endpoint();
      const record = validRecord();
      const first = await post(app, record);
      const second = await post(app, record);
      assert.equal(first.statusCode, 201);
      assert.equal(second.statusCode, 200);
      assert.equal(second.json().created, false);
      assert.equal(second.json().receivedAt, first.json().receivedAt);
      const history = (await read(app, `/api/consent/${record.id}/history`, record.id)).json();
      assert.equal(history.records.length, 1);
    });

    it('answers 409 and keeps the first content when the same pair comes again with other content', async () => {
      const lines = [];
      const app = endpoint({ logger: { level: 'info', stream: { write: (line) => lines.push(JSON.parse(line)) } } });
      const record = validRecord({ decisions: { necessary: true, marketing: false } });
      await post(app, record);
      const changed = await post(app, { ...record, decisions: { necessary: true, marketing: true } });
      assert.equal(changed.statusCode, 409);
      assert.deepEqual(changed.json(), { error: 'conflict', field: 'revision', message: changed.json().message, latestRevision: 1 });
      assert.equal(changed.headers['set-cookie'], undefined);
      const history = (await read(app, `/api/consent/${record.id}/history`, record.id)).json();
      assert.deepEqual(history.records, [record]);
      assert.ok(lines.some((line) => line.level === 40 && line.id === record.id && line.reason === 'conflict'), 'a warning names the id');
    });

    it('stores a concurrent burst of the same pair once', async () => {
      const app = endpoint();
      const record = validRecord();
      const responses = await Promise.all(Array.from({ length: 8 }, () => post(app, record)));
      assert.deepEqual(responses.map((response) => response.statusCode).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
      assert.equal((await read(app, `/api/consent/${record.id}/history`, record.id)).json().records.length, 1);
    });
  });

  describe('what the endpoint adds', () => {
    it('takes receivedAt from the server clock, never from the record', async () => {
      const app = endpoint();
      const record = validRecord({ timestamp: '2001-01-01T00:00:00.000Z' });
      const before = Date.now();
      const response = await post(app, record);
      const after = Date.now();
      const receivedAt = Date.parse(response.json().receivedAt);
      assert.ok(receivedAt >= before && receivedAt <= after, `${response.json().receivedAt} is the time of the request`);
      const line = await exportedLine(app, record.id);
      assert.equal(line.receivedAt, response.json().receivedAt);
      assert.equal(line.record.timestamp, '2001-01-01T00:00:00.000Z');
    });

    it('keeps an IPv4 address as its /24', async () => {
      const app = endpoint();
      const record = validRecord();
      await post(app, record, { remoteAddress: '203.0.113.77' });
      assert.equal((await exportedLine(app, record.id)).ipPrefix, '203.0.113.0/24');
    });

    it('keeps an IPv6 address as its /48', async () => {
      const app = endpoint();
      const record = validRecord();
      await post(app, record, { remoteAddress: '2001:db8:abcd:12:1:2:3:4' });
      assert.equal((await exportedLine(app, record.id)).ipPrefix, '2001:db8:abcd::/48');
    });

    it('takes the client address from X-Forwarded-For only with trustProxy', async () => {
      const forwarded = { remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.23' } };
      const trusting = endpoint({ trustProxy: 1 });
      const trusted = validRecord();
      await post(trusting, trusted, forwarded);
      assert.equal((await exportedLine(trusting, trusted.id)).ipPrefix, '198.51.100.0/24');

      const wary = endpoint();
      const untrusted = validRecord();
      await post(wary, untrusted, forwarded);
      assert.equal((await exportedLine(wary, untrusted.id)).ipPrefix, '10.0.0.0/24');
    });

    it('records the user agent and Sec-GPC', async () => {
      const app = endpoint();
      const withSignal = validRecord();
      const without = validRecord();
      await post(app, withSignal, { headers: { 'user-agent': 'TestBrowser/1.0', 'sec-gpc': '1' } });
      await post(app, without, { headers: { 'user-agent': 'TestBrowser/2.0' } });
      const lines = await exportedLines(app);
      const line = (id) => lines.find((entry) => entry.record.id === id);
      assert.equal(line(withSignal.id).userAgent, 'TestBrowser/1.0');
      assert.equal(line(withSignal.id).secGpc, true);
      assert.equal(line(without.id).secGpc, false);
    });

    it('never writes the full client address to its logs', async () => {
      const lines = [];
      const stream = new Writable({ write: (chunk, _encoding, done) => done(null, lines.push(String(chunk))) });
      const app = endpoint({ logger: { level: 'trace', stream }, trustProxy: 1 });
      await post(app, validRecord(), { remoteAddress: '192.0.2.201', headers: { 'x-forwarded-for': '203.0.113.199' } });
      await post(app, { bad: true }, { remoteAddress: '192.0.2.201', headers: { 'x-forwarded-for': '203.0.113.199' } });
      assert.ok(lines.length > 0, 'the endpoint logged its requests');
      const log = lines.join('');
      assert.doesNotMatch(log, /203\.0\.113\.199|192\.0\.2\.201/);
    });
  });

  describe('the assent_id cookie', () => {
    it('is HttpOnly, SameSite=Lax, Path=/ and lasts until the record expires', async () => {
      const record = validRecord({ expiresAt: new Date(Date.now() + 30 * DAY_SECONDS * 1000).toISOString() });
      const response = await post(endpoint(), record);
      const cookie = cookieAttributes(response.headers['set-cookie']);
      assert.match(cookie.assent_id, new RegExp(`^${record.id}\\.[A-Za-z0-9_-]{43}$`), 'the id, signed');
      assert.equal(cookie.httponly, true);
      assert.equal(cookie.samesite, 'Lax');
      assert.equal(cookie.path, '/');
      assert.ok(Math.abs(Number(cookie['max-age']) - 30 * DAY_SECONDS) <= 2, `Max-Age ${cookie['max-age']} is 30 days`);
      assert.equal(cookie.secure, undefined, 'plain http: not Secure');
      assert.equal(cookie.domain, undefined);
    });

    it('lasts at most 395 days, and 0 seconds for an expired record', async () => {
      const app = endpoint();
      const far = await post(app, validRecord({ expiresAt: '2099-01-01T00:00:00.000Z' }));
      assert.equal(cookieAttributes(far.headers['set-cookie'])['max-age'], String(395 * DAY_SECONDS));
      const past = await post(app, validRecord({ expiresAt: '2020-01-01T00:00:00.000Z' }));
      assert.equal(cookieAttributes(past.headers['set-cookie'])['max-age'], '0');
    });

    it('carries the configured Domain', async () => {
      const response = await post(endpoint({ cookieDomain: 'shop.example' }), validRecord());
      assert.equal(cookieAttributes(response.headers['set-cookie']).domain, 'shop.example');
    });

    it('refuses a configured Domain that is not a host name', () => {
      assert.throws(() => buildApp({ store, logger: false, cookieDomain: 'shop.example; SameSite=None' }), /cookieDomain/);
    });

    it('is Secure behind an https proxy with trustProxy, and only then', async () => {
      const https = { headers: { 'x-forwarded-proto': 'https' } };
      const behindProxy = await post(endpoint({ trustProxy: 1 }), validRecord(), https);
      assert.equal(cookieAttributes(behindProxy.headers['set-cookie']).secure, true);
      const forged = await post(endpoint(), validRecord(), https);
      assert.equal(cookieAttributes(forged.headers['set-cookie']).secure, undefined);
    });

    it('is not set for a rejected record', async () => {
      const response = await post(endpoint(), validRecord({ revision: 0 }));
      assert.equal(response.headers['set-cookie'], undefined);
    });
  });

  describe('reading records back', () => {
    it('GET /api/consent/current answers 204 without a valid cookie or a record', async () => {
      const app = endpoint();
      const none = await app.inject('/api/consent/current');
      assert.equal(none.statusCode, 204);
      assert.equal(none.body, '');
      const record = validRecord();
      await post(app, record);
      for (const cookie of [`assent_id=${randomUUID()}`, `assent_id=${record.id}`, 'assent_id=../../etc', `assent_id=${record.id}.${'A'.repeat(43)}`]) {
        const response = await app.inject({ url: '/api/consent/current', headers: { cookie } });
        assert.equal(response.statusCode, 204, cookie);
      }
    });

    it("GET /api/consent/current returns the latest record of the cookie's id", async () => {
      const app = endpoint();
      const first = validRecord();
      const second = { ...first, revision: 2, method: 'reject-all', decisions: { necessary: true, analytics: false, marketing: false } };
      const cookie = (await post(app, first)).headers['set-cookie'].split(';')[0];
      await post(app, second);
      const response = await app.inject({ url: '/api/consent/current', headers: { cookie: `theme=dark; ${cookie}` } });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), second);
      assert.equal(response.headers['cache-control'], 'no-store');
    });

    it('GET /api/consent/:id returns the highest revision, even when it arrived first', async () => {
      const app = endpoint();
      const record = validRecord();
      await post(app, { ...record, revision: 2 });
      await post(app, record);
      const response = await read(app, `/api/consent/${record.id}`, record.id);
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().revision, 2);
    });

    it('GET /api/consent/:id answers 404 for an unknown id and 400 for a malformed one', async () => {
      const app = endpoint();
      assert.equal((await app.inject({ url: `/api/consent/${randomUUID()}`, headers: ADMIN })).statusCode, 404);
      const malformed = await app.inject('/api/consent/12345');
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().field, 'id');
    });

    it('GET /api/consent/:id/history lists every record of the id, oldest first', async () => {
      const app = endpoint();
      const record = validRecord();
      const other = validRecord();
      await post(app, record);
      await post(app, other);
      await post(app, { ...record, revision: 2, method: 'withdraw', decisions: { necessary: true, analytics: false, marketing: false } });
      const response = await read(app, `/api/consent/${record.id}/history`, record.id);
      assert.equal(response.statusCode, 200);
      const { id, records } = response.json();
      assert.equal(id, record.id);
      assert.deepEqual(records.map((entry) => [entry.revision, entry.method]), [[1, 'custom'], [2, 'withdraw']]);
      assert.equal((await app.inject({ url: `/api/consent/${randomUUID()}/history`, headers: ADMIN })).statusCode, 404);
    });

    it('returns exactly what was posted, nothing of what the server added', async () => {
      const app = endpoint();
      const { region, subject, ...record } = validRecord(); // optional fields left out stay out
      await post(app, record, { headers: { 'sec-gpc': '1', 'user-agent': 'TestBrowser/1.0' } });
      assert.deepEqual((await read(app, `/api/consent/${record.id}`, record.id)).json(), record);
    });
  });

  describe('GET /api/consent/region', () => {
    const BUILT_IN = [
      'cf-ipcountry', 'cf-region-code', 'cloudfront-viewer-country', 'cloudfront-viewer-country-region',
      'x-vercel-ip-country', 'x-vercel-ip-country-region', 'x-appengine-country', 'x-appengine-region',
    ];
    const regionOf = async (app, headers) => {
      const response = await app.inject({ url: '/api/consent/region', headers });
      if (response.statusCode === 204) return null;
      assert.equal(response.statusCode, 200);
      assert.match(response.json().region, /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/);
      return response.json().region;
    };
    const varied = (response) => response.headers.vary.split(',').map((name) => name.trim().toLowerCase());

    it('reads the built-in CDN headers when no header is configured', async () => {
      const app = endpoint();
      assert.equal(await regionOf(app, { 'cf-ipcountry': 'US', 'cf-region-code': 'CA' }), 'US-CA');
      assert.equal(await regionOf(app, { 'cloudfront-viewer-country': 'DE' }), 'DE');
      assert.equal(await regionOf(app, { 'x-vercel-ip-country': 'us', 'x-vercel-ip-country-region': 'tx' }), 'US-TX');
      assert.equal(await regionOf(app, { 'cf-ipcountry': 'XX' }), null);
      assert.equal(await regionOf(app, {}), null);
    });

    it('reads one configured header holding DE or US-CA, upper-cased and trimmed', async () => {
      const app = endpoint({ regionHeader: 'X-Geo-Region' });
      assert.equal(await regionOf(app, { 'x-geo-region': 'US-CA' }), 'US-CA');
      assert.equal(await regionOf(app, { 'x-geo-region': 'us-ca' }), 'US-CA');
      assert.equal(await regionOf(app, { 'x-geo-region': ' de ' }), 'DE');
      assert.equal(await regionOf(app, { 'x-geo-region': 'FR-75C' }), 'FR-75C');
      assert.equal(await regionOf(app, { 'x-geo-region': 'gb-eng' }), 'GB-ENG');
    });

    it('answers null when the configured header is missing, whatever else a CDN sent', async () => {
      const app = endpoint({ regionHeader: 'X-Geo-Region' });
      assert.equal(await regionOf(app, {}), null);
      assert.equal(await regionOf(app, { 'cf-ipcountry': 'DE', 'cloudfront-viewer-country': 'DE' }), null);
    });

    it('answers null for a malformed configured header', async () => {
      const app = endpoint({ regionHeader: 'X-Geo-Region' });
      for (const value of ['', 'Germany', 'D', 'DEU', 'D3', '12', 'US-CALI', 'US-', 'US_CA', 'US CA', 'DE, FR', 'US-C@', 'ÄÖ', '<script>']) {
        assert.equal(await regionOf(app, { 'x-geo-region': value }), null, JSON.stringify(value));
      }
    });

    it('answers null for the unknown and placeholder codes CDNs send', async () => {
      const app = endpoint({ regionHeader: 'X-Geo-Region' });
      for (const value of ['XX', 'xx', 'ZZ', 'T1', 'A1', 'A2', 'O1', 'EU', 'AP', 'XX-CA', 'T1-CA']) {
        assert.equal(await regionOf(app, { 'x-geo-region': value }), null, value);
      }
    });

    it('joins a configured country header and subdivision header', async () => {
      for (const regionHeader of [
        ['CloudFront-Viewer-Country', 'CloudFront-Viewer-Country-Region'],
        'CloudFront-Viewer-Country, CloudFront-Viewer-Country-Region',
      ]) {
        const app = endpoint({ regionHeader });
        const pair = (country, subdivision) => ({
          ...(country === undefined ? {} : { 'cloudfront-viewer-country': country }),
          ...(subdivision === undefined ? {} : { 'cloudfront-viewer-country-region': subdivision }),
        });
        assert.equal(await regionOf(app, pair('US', 'CA')), 'US-CA');
        assert.equal(await regionOf(app, pair('us', 'ca')), 'US-CA');
        assert.equal(await regionOf(app, pair('US', 'US-CA')), 'US-CA', 'a subdivision given with its country');
        assert.equal(await regionOf(app, pair('DE', undefined)), 'DE');
        assert.equal(await regionOf(app, pair('DE', 'BAYERN')), 'DE', 'a malformed subdivision leaves the country');
        assert.equal(await regionOf(app, pair('DE', 'FR-IDF')), 'DE', "another country's subdivision is malformed");
        assert.equal(await regionOf(app, pair(undefined, 'CA')), null);
        assert.equal(await regionOf(app, pair('XX', 'CA')), null);
        assert.equal(await regionOf(app, pair('USA', 'CA')), null);
        assert.equal(await regionOf(app, pair('US-CA', undefined)), null, 'the country header holds a country only');
      }
    });

    it('is never cached and varies on the headers it reads, keeping Vary: Origin', async () => {
      const configured = await endpoint({ regionHeader: 'CF-IPCountry', allowedOrigins: ['https://shop.example'] }).inject({
        url: '/api/consent/region',
        headers: { 'cf-ipcountry': 'DE', origin: 'https://shop.example' },
      });
      assert.equal(configured.headers['cache-control'], 'no-store');
      assert.deepEqual(varied(configured).sort(), ['cf-ipcountry', 'origin']);
      assert.equal(configured.headers['access-control-allow-origin'], 'https://shop.example');

      const pair = await endpoint({ regionHeader: ['CloudFront-Viewer-Country', 'CloudFront-Viewer-Country-Region'] }).inject('/api/consent/region');
      assert.equal(pair.headers['cache-control'], 'no-store');
      assert.ok(['cloudfront-viewer-country', 'cloudfront-viewer-country-region'].every((name) => varied(pair).includes(name)));
      assert.ok(!varied(pair).includes('cf-ipcountry'), 'only the configured headers');

      const builtIn = await endpoint().inject('/api/consent/region');
      assert.equal(builtIn.headers['cache-control'], 'no-store');
      assert.ok(BUILT_IN.every((name) => varied(builtIn).includes(name)), builtIn.headers.vary);
    });

    it('refuses a configuration that is not one or two header names', () => {
      for (const regionHeader of ['CF IPCountry', 'X-Geo:Region', ['a', 'b', 'c'], 'a,b,c', ['X-Geo\r\nSet-Cookie: x']]) {
        assert.throws(() => buildApp({ store, logger: false, regionHeader }), /regionHeader/, JSON.stringify(regionHeader));
      }
    });
  });

  describe('subject: cross-device restore', () => {
    async function assertRejectedSubject(subject) {
      const response = await post(endpoint(), validRecord({ subject }));
      assert.equal(response.statusCode, 400, `${JSON.stringify(subject)}: ${response.body}`);
      assert.deepEqual([response.json().error, response.json().field], ['invalid record', 'subject']);
    }

    it('rejects a subject shorter than 22 characters, naming the field', async () => {
      await assertRejectedSubject('a'.repeat(21));
      await assertRejectedSubject('');
      await assertRejectedSubject('12345'); // a raw customer number
    });

    it('accepts a subject of 22 to 256 characters, and null or none', async () => {
      const app = endpoint();
      for (const subject of ['a'.repeat(22), 'b'.repeat(256), subjectFor(), 'AbC0+/=._~-AbC0+/=._~-', null, undefined]) {
        const response = await post(app, validRecord({ subject }));
        assert.equal(response.statusCode, 201, `${JSON.stringify(subject)}: ${response.body}`);
      }
    });

    it('rejects a subject over 256 characters or with characters outside [A-Za-z0-9._~+/=-]', async () => {
      await assertRejectedSubject('c'.repeat(257));
      const base = 'x'.repeat(22);
      for (const bad of [' ', '%', '?', '#', '&', ':', '@', '\n', '\u0000', 'ä', '😀', '"', '<', '\\']) {
        await assertRejectedSubject(`${base}${bad}`);
      }
      await assertRejectedSubject(42);
    });

    it('GET /api/consent/subject/:subject returns the latest record carrying the subject, across ids', async () => {
      const app = endpoint();
      const subject = subjectFor('customer-1');
      const laptop = validRecord({ subject });
      const phone = validRecord({ subject, method: 'reject-all', decisions: { necessary: true, analytics: false, marketing: false } });
      const stranger = validRecord({ subject: subjectFor('customer-2') });
      await post(app, laptop);
      await post(app, phone);
      await post(app, stranger);
      const first = await app.inject(`/api/consent/subject/${subject}`);
      assert.equal(first.statusCode, 200);
      assert.deepEqual(first.json(), restorable(phone), 'the id posted last, only what a restore needs');
      assert.equal(first.headers['cache-control'], 'no-store');

      const laptopAgain = { ...laptop, revision: 2, method: 'accept-all', decisions: { necessary: true, analytics: true, marketing: true } };
      await post(app, laptopAgain);
      assert.deepEqual((await app.inject(`/api/consent/subject/${subject}`)).json(), restorable(laptopAgain));
      assert.deepEqual((await app.inject(`/api/consent/subject/${stranger.subject}`)).json(), restorable(stranger));
    });

    it('prefers the highest revision of the latest id when an older revision arrives late', async () => {
      const app = endpoint();
      const subject = subjectFor();
      const record = validRecord({ subject });
      await post(app, { ...record, revision: 4, method: 'reject-all' });
      await post(app, { ...record, revision: 3, method: 'accept-all' }); // a retry from the outbox
      const response = await app.inject(`/api/consent/subject/${subject}`);
      assert.equal(response.json().method, 'reject-all');
    });

    it('ignores records of the same id that no longer carry the subject', async () => {
      const app = endpoint();
      const subject = subjectFor();
      const record = validRecord({ subject });
      await post(app, record);
      await post(app, { ...record, revision: 2, subject: null }); // signed out on that device
      assert.deepEqual((await app.inject(`/api/consent/subject/${subject}`)).json(), restorable(record));
    });

    it('answers 204 for an unknown subject and 400 for a malformed one', async () => {
      const app = endpoint();
      const unknown = await app.inject(`/api/consent/subject/${subjectFor()}`);
      assert.equal(unknown.statusCode, 204);
      for (const malformed of ['a'.repeat(21), 'x'.repeat(22) + '%20', 'x'.repeat(22) + '%C3%A4', 'y'.repeat(257), 'z'.repeat(5000), '']) {
        const response = await app.inject(`/api/consent/subject/${malformed}`);
        assert.equal(response.statusCode, 400, `${malformed.slice(0, 30)}: ${response.body}`);
        assert.deepEqual([response.json().error, response.json().field], ['invalid params', 'subject']);
      }
    });

    it('finds a subject with + / = when it is percent-encoded', async () => {
      const app = endpoint();
      const subject = `${randomUUID()}+/=`.replace(/-/g, '/');
      const record = validRecord({ subject });
      assert.equal((await post(app, record)).statusCode, 201);
      const response = await app.inject(`/api/consent/subject/${encodeURIComponent(subject)}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), restorable(record));
    });

    it('leaves /current, /region, /:id and /:id/history as they were', async () => {
      const app = endpoint();
      const record = validRecord({ subject: subjectFor() });
      const cookie = (await post(app, record)).headers['set-cookie'].split(';')[0];
      assert.deepEqual((await app.inject({ url: '/api/consent/current', headers: { cookie } })).json(), record);
      assert.deepEqual((await app.inject({ url: '/api/consent/region', headers: { 'cf-ipcountry': 'DE' } })).json(), { region: 'DE' });
      assert.deepEqual((await app.inject({ url: `/api/consent/${record.id}`, headers: { cookie } })).json(), record);
      assert.equal((await app.inject({ url: `/api/consent/${record.id}/history`, headers: { cookie } })).json().records.length, 1);
      const bare = await app.inject('/api/consent/subject');
      assert.deepEqual([bare.statusCode, bare.json().field], [400, 'id'], '"subject" alone is an id, and not a UUID');
    });

    it('never writes the subject to the log', async () => {
      const lines = [];
      const stream = { write: (line) => lines.push(line) };
      const app = endpoint({ logger: { level: 'info', stream } });
      const subject = subjectFor();
      await post(app, validRecord({ subject }));
      await app.inject(`/api/consent/subject/${subject}?x=1`);
      await app.inject(`/api/consent/subject/${subjectFor()}`);
      const log = lines.join('');
      assert.match(log, /\/api\/consent\/subject\/\[subject\]\?x=1/, 'the request was logged');
      assert.ok(!log.includes(subject), 'the subject is not');
    });
  });

  describe('migration of a database made before the subject column', () => {
    /** Rows as the previous version stored them, chained as it chained them. */
    function legacyRows() {
      const subject = subjectFor('legacy-customer');
      const first = validRecord({ subject });
      const records = [
        first,
        validRecord({ subject: null }),
        { ...first, revision: 2, method: 'reject-all', decisions: { necessary: true, analytics: false, marketing: false } },
        (({ subject: _, ...rest }) => rest)(validRecord()), // no subject field at all
      ];
      const lastHash = new Map();
      const rows = records.map((record, index) => {
        const receipt = { receivedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, index)).toISOString(), userAgent: 'Legacy/1.0', ipPrefix: '203.0.113.0/24', secGpc: index === 1 };
        const prevHash = lastHash.get(record.id) ?? GENESIS_HASH;
        const hash = legacyChainHash(prevHash, { ...receipt, record });
        lastHash.set(record.id, hash);
        return { ...receipt, record, prevHash, hash };
      });
      return { subject, rows, records };
    }

    it('adds the subject column and its index in place, keeping every row', async () => {
      const legacy = await createDatabase();
      let migrated;
      try {
        const { subject, rows, records } = legacyRows();
        await legacy.createLegacyTable(rows);
        assert.ok(!(await legacy.indexes()).some((index) => index.columns.includes('subject')), 'the old schema has no subject index');

        migrated = await legacy.open();
        const app = endpoint({ store: migrated });
        const exported = await exportedLines(app);
        assert.deepEqual(exported.map((line) => line.record), records, 'every row, in order, as stored');
        assert.deepEqual(exported.map((line) => line.hash), rows.map((row) => row.hash));
        for (const id of new Set(records.map((record) => record.id))) {
          assert.equal((await app.inject({ url: `/api/verify/${id}`, headers: ADMIN })).json().intact, true, `chain of ${id}`);
        }

        const indexes = await legacy.indexes();
        const subjectIndex = indexes.find((index) => index.name === 'consent_records_subject');
        assert.ok(subjectIndex, `indexes: ${JSON.stringify(indexes)}`);
        assert.equal(subjectIndex.columns[0], 'subject');
        assert.ok(indexes.some((index) => index.name === 'consent_records_received_at'), 'the old index stays');

        const found = await app.inject(`/api/consent/subject/${subject}`);
        assert.equal(found.statusCode, 200, 'rows stored before the migration are found by subject');
        assert.deepEqual(found.json(), restorable(records[2]));

        const later = validRecord({ subject });
        assert.equal((await post(app, later)).statusCode, 201);
        assert.deepEqual((await app.inject(`/api/consent/subject/${subject}`)).json(), restorable(later));
        await migrated.close();

        migrated = await legacy.open(); // a second start finds everything in place
        assert.deepEqual((await migrated.latestBySubject(subject))?.record, later);
        assert.equal((await legacy.indexes()).filter((index) => index.name === 'consent_records_subject').length, 1);
      } finally {
        await migrated?.close();
        await legacy.drop();
      }
    });

    it('creates a new database with the subject column and index', async () => {
      const indexes = await database.indexes();
      assert.ok(indexes.some((index) => index.name === 'consent_records_subject' && index.columns[0] === 'subject'), JSON.stringify(indexes));
    });
  });

  describe('hash chain', () => {
    async function postRevisions(app, count) {
      const record = validRecord();
      for (let revision = 1; revision <= count; revision += 1) {
        assert.equal((await post(app, { ...record, revision, decisions: { necessary: true, analytics: revision % 2 === 0 } })).statusCode, 201);
      }
      return record.id;
    }

    it("links each record to the previous record of its id, the first to 64 zeros", async () => {
      const app = endpoint();
      const id = await postRevisions(app, 3);
      await post(app, validRecord()); // another id in between changes nothing
      const lines = (await exportedLines(app)).filter((line) => line.record.id === id);
      assert.deepEqual(lines.map((line) => line.record.revision), [1, 2, 3]);
      assert.equal(lines[0].prevHash, GENESIS_HASH);
      assert.equal(lines[1].prevHash, lines[0].hash);
      assert.equal(lines[2].prevHash, lines[1].hash);
      for (const line of lines) assert.match(line.hash, /^[0-9a-f]{64}$/);
      const verdict = await app.inject({ url: `/api/verify/${id}`, headers: ADMIN });
      assert.deepEqual(verdict.json(), { id, records: 3, intact: true, signatures: { verified: 3, erased: 0, unsigned: 0 } });
    });

    it('is reported broken at the record whose decisions were edited in the database', async () => {
      const app = endpoint();
      const id = await postRevisions(app, 3);
      await database.tamperDecisions(id, 2, { necessary: true, analytics: true, marketing: true });
      assert.equal((await read(app, `/api/consent/${id}/history`, id)).json().records[1].decisions.marketing, true, 'the edit took');
      const verdict = await app.inject({ url: `/api/verify/${id}`, headers: ADMIN });
      assert.equal(verdict.statusCode, 200);
      assert.deepEqual([verdict.json().intact, verdict.json().brokenAt, verdict.json().problem], [false, 2, 'its hash does not match its content']);
    });

    it('stays intact when several endpoint instances append to one id at once', async () => {
      const otherStore = await database.open(); // a second instance's own connection
      try {
        const appA = endpoint();
        const appB = buildApp({ store: otherStore, logger: false, rateLimit: false });
        apps.push(appB);
        const record = validRecord();
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, index) => post(index % 2 ? appA : appB, { ...record, revision: index + 1 })),
        );
        assert.ok(responses.every((response) => response.statusCode === 201));
        const verdict = await appA.inject({ url: `/api/verify/${record.id}`, headers: ADMIN });
        assert.deepEqual([verdict.json().records, verdict.json().intact, verdict.json().signatures.verified], [20, true, 20]);
        // The suite's database also holds the record an earlier test tampered with: only that one may be reported.
        const log = (await appA.inject({ url: '/api/verify', headers: ADMIN })).json();
        assert.ok(!log.brokenIds.includes(record.id), JSON.stringify(log));
        assert.doesNotMatch(log.problem ?? '', /log chain/);
      } finally {
        await otherStore.close();
      }
    });

    it('GET /api/verify/:id answers 404 for an unknown id', async () => {
      const response = await endpoint().inject({ url: `/api/verify/${randomUUID()}`, headers: ADMIN });
      assert.equal(response.statusCode, 404);
    });
  });

  describe('admin routes: export and verify', () => {
    it('exports every stored record as NDJSON in receive order', async () => {
      const app = endpoint();
      const records = [validRecord(), validRecord(), validRecord()];
      for (const record of records) await post(app, record);
      const response = await app.inject({ url: '/api/records', headers: ADMIN });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'], /^application\/x-ndjson/);
      assert.ok(response.body.endsWith('\n'));
      const lines = ndjson(response.body);
      const ours = lines.filter((line) => records.some((record) => record.id === line.record.id));
      assert.deepEqual(ours.map((line) => line.record), records);
      const seqs = lines.map((line) => line.seq);
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
      assert.deepEqual(Object.keys(ours[0]).sort(), [
        'erasedAt', 'hash', 'ipPrefix', 'logHash', 'personal', 'prevHash', 'receipt', 'receivedAt', 'record', 'salt', 'secGpc', 'seq', 'userAgent', 'version',
      ]);
    });

    it('exports only records received since the given instant', async () => {
      const app = endpoint();
      const earlier = validRecord();
      const later = validRecord();
      await post(app, earlier);
      await sleep(5);
      const since = new Date().toISOString();
      await post(app, later);
      const ids = (await exportedLines(app, `?since=${encodeURIComponent(since)}`)).map((line) => line.record.id);
      assert.ok(ids.includes(later.id));
      assert.ok(!ids.includes(earlier.id));
      assert.deepEqual(await exportedLines(app, '?since=2999-01-01'), []);
      const malformed = await app.inject({ url: '/api/records?since=yesterday', headers: ADMIN });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().field, 'since');
    });

    it('exports more records than fit in one page', async () => {
      const app = endpoint();
      const since = new Date().toISOString();
      const record = validRecord();
      await Promise.all(Array.from({ length: 520 }, (_, index) => store.append({
        incoming: { record: { ...record, revision: index + 1 }, receivedAt: new Date().toISOString(), userAgent: null, ipPrefix: null, secGpc: false },
        proof: { cookieId: record.id, proofHash: null },
      })));
      const lines = (await exportedLines(app, `?since=${encodeURIComponent(since)}`)).filter((line) => line.record.id === record.id);
      assert.equal(lines.length, 520);
      assert.equal(new Set(lines.map((line) => line.seq)).size, 520);
    });

    it('refuses a missing or wrong token with 401 on both routes', async () => {
      const app = endpoint();
      const id = validRecord().id;
      for (const url of ['/api/records', `/api/verify/${id}`, '/api/verify']) {
        for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }]) {
          const response = await app.inject({ url, headers });
          assert.equal(response.statusCode, 401, `${url} with ${JSON.stringify(headers)}`);
          assert.equal(response.json().error, 'unauthorized');
          assert.equal(response.headers['www-authenticate'], 'Bearer');
        }
      }
    });

    it('is switched off without an admin token', async () => {
      const app = endpoint({ adminToken: undefined });
      for (const url of ['/api/records', `/api/verify/${randomUUID()}`, '/api/verify']) {
        const response = await app.inject({ url, headers: { authorization: 'Bearer undefined' } });
        assert.equal(response.statusCode, 403);
        assert.equal(response.json().error, 'admin routes disabled');
      }
    });
  });

  describe('CORS', () => {
    const allowed = 'https://shop.example';

    it('lets an allowed origin call with credentials', async () => {
      const app = endpoint({ allowedOrigins: [allowed, 'https://checkout.shop.example'] });
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/consent',
        headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], allowed);
      assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
      assert.match(preflight.headers['access-control-allow-methods'], /POST/);
      assert.match(preflight.headers['access-control-allow-headers'], /content-type/i);
      assert.match(preflight.headers['access-control-allow-headers'], /assent-proof/i);

      const current = await app.inject({ url: '/api/consent/current', headers: { origin: allowed } });
      assert.equal(current.headers['access-control-allow-origin'], allowed);
      assert.equal(current.headers['access-control-allow-credentials'], 'true');
      assert.match(current.headers.vary, /origin/i);

      const created = await post(app, validRecord(), { headers: { origin: allowed } });
      assert.equal(created.headers['access-control-allow-origin'], allowed);
    });

    it('gives any other origin no CORS headers', async () => {
      const app = endpoint({ allowedOrigins: [allowed] });
      for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'null']) {
        const preflight = await app.inject({
          method: 'OPTIONS',
          url: '/api/consent',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
        const current = await app.inject({ url: '/api/consent/current', headers: { origin } });
        for (const response of [preflight, current]) {
          assert.equal(response.headers['access-control-allow-origin'], undefined, origin);
          assert.equal(response.headers['access-control-allow-credentials'], undefined, origin);
        }
      }
      const none = await endpoint().inject({ url: '/api/consent/current', headers: { origin: allowed } });
      assert.equal(none.headers['access-control-allow-origin'], undefined, 'no origins configured: none allowed');
    });

    it('logs each refused origin once, naming the setting to change', async () => {
      const lines = [];
      const app = endpoint({ allowedOrigins: [allowed], logger: { level: 'info', stream: { write: (line) => lines.push(JSON.parse(line)) } } });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await app.inject({ method: 'OPTIONS', url: '/api/consent', headers: { origin: 'https://www.shop.example', 'access-control-request-method': 'POST' } });
      }
      await app.inject({ url: '/api/consent/current', headers: { origin: allowed } });
      const refusals = lines.filter((line) => line.level === 40 && line.origin);
      assert.deepEqual(refusals.map((line) => line.origin), ['https://www.shop.example']);
      assert.match(refusals[0].msg, /ASSENT_ALLOWED_ORIGINS/);
    });
  });

  describe('rate limit', () => {
    it('answers 429 past the limit per client IP, with a JSON error', async () => {
      const app = endpoint({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
      const from = (remoteAddress) => post(app, validRecord(), { remoteAddress });
      for (let request = 0; request < 3; request += 1) assert.equal((await from('198.51.100.1')).statusCode, 201);
      const limited = await from('198.51.100.1');
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error, 'rate limited');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await from('198.51.100.2')).statusCode, 201, 'another client is not limited');
    });

    it('allows 120 requests a minute per IP by default', async () => {
      const app = buildApp({ store, logger: false });
      apps.push(app);
      const response = await app.inject('/api/consent/current');
      assert.equal(response.headers['x-ratelimit-limit'], '120');
    });
  });
}
