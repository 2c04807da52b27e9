// The dashboard's sessions over HTTP, without a browser, on each store (sqlite.test.mjs,
// postgres.test.mjs): sign-in, the cookie, expiry, sign-out across instances, and the refusal of
// requests another page makes with the cookie.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { buildApp } from '../dist/app.js';
import { DASHBOARD_CSP } from '../dist/dashboard-page.js';
import { cookieAttributes, validRecord } from './helpers.mjs';

const TOKEN = 'session-test-admin-token-0123456789abcdef';
/** What the dashboard's page sends with every request. */
const FROM_DASHBOARD = { 'assent-admin': '1', 'sec-fetch-site': 'same-origin' };
const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

/** @param {() => Promise<import('./helpers.mjs').TestDatabase>} createDatabase */
export function defineAdminSessionSuite(createDatabase) {
  /** @type {import('./helpers.mjs').TestDatabase} */
  let database;
  /** @type {import('../dist/store.js').ConsentStore} */
  let store;
  const apps = [];
  const stores = [];

  before(async () => {
    database = await createDatabase();
    store = await database.open();
  });
  after(async () => {
    await Promise.all(stores.map((other) => other.close()));
    await store?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  function endpoint(options = {}) {
    const app = buildApp({ store, logger: false, rateLimit: false, adminToken: TOKEN, ...options });
    apps.push(app);
    return app;
  }

  const signIn = (app, token = TOKEN, headers = FROM_DASHBOARD) => app.inject({ method: 'POST', url: '/admin/session', payload: { token }, headers });

  /** Signs in and answers the `Cookie` header the browser would send back. */
  async function signedIn(app) {
    const response = await signIn(app);
    assert.equal(response.statusCode, 201);
    return response.headers['set-cookie'].split(';')[0];
  }

  const verifyLog = (app, cookie, headers = FROM_DASHBOARD) => app.inject({ url: '/api/verify', headers: { cookie, ...headers } });

  describe('dashboard sessions', () => {
    it('serves the page under its Content-Security-Policy, never cached, never framed, without a referrer', async () => {
      const response = await endpoint().inject({ url: '/admin' });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'], /^text\/html; charset=utf-8/);
      assert.equal(response.headers['content-security-policy'], DASHBOARD_CSP);
      for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) {
        assert.ok(DASHBOARD_CSP.split('; ').includes(directive), directive);
      }
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['referrer-policy'], 'no-referrer');
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(response.body, /<script type="module" src="admin\/dashboard\.js"><\/script>/);
      assert.doesNotMatch(response.body, /<script>|<style|style=|https?:\/\//);
      const script = await endpoint().inject({ url: '/admin/dashboard.js' });
      assert.equal(script.statusCode, 200);
      assert.match(script.headers['content-type'], /^text\/javascript/);
      assert.match(script.body, /assent-dashboard/);
    });

    it('says the dashboard is off, and how to turn it on, without an admin token', async () => {
      const app = endpoint({ adminToken: undefined });
      const page = await app.inject({ url: '/admin' });
      assert.equal(page.statusCode, 403);
      assert.match(page.body, /The dashboard is off/);
      assert.match(page.body, /ASSENT_ADMIN_TOKEN_FILE=admin-token npx assent-server/);
      assert.equal(page.headers['content-security-policy'], DASHBOARD_CSP);
      assert.equal((await signIn(app)).statusCode, 403);
      assert.equal((await app.inject({ url: '/admin/dashboard.js' })).statusCode, 403);
    });

    it('exchanges the admin token for an HttpOnly, SameSite=Strict cookie that ends eight hours later', async () => {
      const app = endpoint();
      const before = Date.now();
      const response = await signIn(app);
      const after = Date.now();
      assert.equal(response.statusCode, 201);
      const cookie = cookieAttributes(response.headers['set-cookie']);
      assert.match(cookie.assent_admin, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(cookie.httponly, true);
      assert.equal(cookie.samesite, 'Strict');
      assert.equal(cookie.path, '/');
      assert.equal(cookie['max-age'], String(8 * 60 * 60));
      assert.equal(cookie.secure, undefined, 'no Secure over plain http');
      assert.equal(cookie.domain, undefined);
      const expiresAt = Date.parse(response.json().expiresAt);
      assert.ok(expiresAt >= before + EIGHT_HOURS_MS && expiresAt <= after + EIGHT_HOURS_MS);
      const session = await app.inject({ url: '/admin/session', headers: { cookie: `assent_admin=${cookie.assent_admin}`, ...FROM_DASHBOARD } });
      assert.equal(session.statusCode, 200);
      assert.equal(session.json().expiresAt, response.json().expiresAt);
    });

    it('marks the cookie Secure when the request came over https', async () => {
      const app = endpoint({ trustProxy: 1 });
      const response = await signIn(app, TOKEN, { ...FROM_DASHBOARD, 'x-forwarded-proto': 'https' });
      assert.equal(cookieAttributes(response.headers['set-cookie']).secure, true);
      const signOut = await app.inject({ method: 'DELETE', url: '/admin/session', headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(cookieAttributes(signOut.headers['set-cookie']).secure, true);
    });

    it('keeps only the SHA-256 of the session secret in the database', async () => {
      const secret = (await signedIn(endpoint())).slice('assent_admin='.length);
      const rows = await database.query('SELECT * FROM admin_sessions');
      assert.ok(rows.some((row) => row.secret_hash === createHash('sha256').update(secret).digest('hex')));
      assert.doesNotMatch(JSON.stringify(rows), new RegExp(secret));
    });

    it('refuses a wrong token with 401, sets no cookie, and locks the network out after 10 wrong tokens', async () => {
      const app = endpoint();
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const response = await signIn(app, `${TOKEN}-wrong-${attempt}`);
        assert.equal(response.statusCode, 401, `attempt ${attempt}`);
        assert.equal(response.json().error, 'wrong token');
        assert.equal(response.headers['set-cookie'], undefined);
      }
      const locked = await signIn(app, TOKEN);
      assert.equal(locked.statusCode, 429, 'even the right token, so that guessing learns nothing');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assert.equal(locked.headers['set-cookie'], undefined);
    });

    it('lets the session in to the admin routes, as the Bearer token', async () => {
      const app = endpoint();
      const cookie = await signedIn(app);
      const record = validRecord();
      await app.inject({ method: 'POST', url: '/api/consent', payload: record });
      assert.equal((await verifyLog(app, cookie)).statusCode, 200);
      assert.equal((await app.inject({ url: `/api/verify/${record.id}`, headers: { cookie, ...FROM_DASHBOARD } })).statusCode, 200);
      const stats = await app.inject({ url: '/api/stats', headers: { cookie, ...FROM_DASHBOARD } });
      assert.equal(stats.statusCode, 200);
      assert.ok(stats.json().figures.decisions >= 1);
      const exported = await app.inject({ method: 'POST', url: '/api/export', payload: { id: record.id }, headers: { cookie, ...FROM_DASHBOARD } });
      assert.equal(exported.statusCode, 200);
      assert.equal(exported.json().ids[0].id, record.id);
      assert.equal((await app.inject({ url: '/api/verify', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 200);
    });

    it('refuses the cookie on a request the dashboard page did not make (cross-site request forgery)', async () => {
      const app = endpoint();
      const cookie = await signedIn(app);
      const record = validRecord();
      await app.inject({ method: 'POST', url: '/api/consent', payload: record });
      const forged = [
        { 'sec-fetch-site': 'same-origin' }, // no dashboard header: a plain form or an image
        { 'assent-admin': '1', 'sec-fetch-site': 'same-site' }, // a sibling origin such as blog.shop.example
        { 'assent-admin': '1', 'sec-fetch-site': 'cross-site' },
        {},
      ];
      for (const headers of forged) {
        const erase = await app.inject({ method: 'POST', url: '/api/erase', payload: { id: record.id }, headers: { cookie, ...headers } });
        assert.equal(erase.statusCode, 403, JSON.stringify(headers));
        assert.equal(erase.json().error, 'cross-origin request refused');
        assert.equal((await verifyLog(app, cookie, headers)).statusCode, 403);
        assert.equal((await app.inject({ url: '/api/stats', headers: { cookie, ...headers } })).statusCode, 403);
        const signOut = await app.inject({ method: 'DELETE', url: '/admin/session', headers: { cookie, ...headers } });
        assert.equal(signOut.statusCode, 403);
      }
      const exported = await app.inject({ method: 'POST', url: '/api/export', payload: { id: record.id }, headers: { cookie, ...FROM_DASHBOARD } });
      assert.equal(exported.json().ids[0].records[0].erasedAt, null, 'nothing was erased');
      // A sign-in is refused the same way, and a form cannot post JSON.
      assert.equal((await signIn(app, TOKEN, { 'sec-fetch-site': 'cross-site', 'assent-admin': '1' })).statusCode, 403);
      const form = await app.inject({ method: 'POST', url: '/admin/session', payload: `token=${TOKEN}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...FROM_DASHBOARD } });
      assert.equal(form.statusCode, 415);
      assert.equal((await verifyLog(app, cookie)).statusCode, 200, 'the session itself still works');
    });

    it('refuses a session past its expiry', async () => {
      const app = endpoint();
      const cookie = await signedIn(app);
      const hash = createHash('sha256').update(cookie.slice('assent_admin='.length)).digest('hex');
      await database.run('UPDATE admin_sessions SET expires_at = ? WHERE secret_hash = ?', [new Date(Date.now() - 1000).toISOString(), hash]);
      assert.equal((await verifyLog(app, cookie)).statusCode, 401);
      assert.deepEqual((await app.inject({ url: '/admin/session', headers: { cookie, ...FROM_DASHBOARD } })).json(), { expiresAt: null });
    });

    it('signs out on every instance sharing the database', async () => {
      const other = await database.open();
      stores.push(other);
      const first = endpoint();
      const second = endpoint({ store: other });
      const cookie = await signedIn(first);
      assert.equal((await verifyLog(second, cookie)).statusCode, 200, 'the other instance honours the session');
      const signOut = await second.inject({ method: 'DELETE', url: '/admin/session', headers: { cookie, ...FROM_DASHBOARD } });
      assert.equal(signOut.statusCode, 204);
      const cleared = cookieAttributes(signOut.headers['set-cookie']);
      assert.equal(cleared.assent_admin, '');
      assert.equal(cleared['max-age'], '0');
      for (const app of [first, second]) {
        const refused = await verifyLog(app, cookie);
        assert.equal(refused.statusCode, 401);
        assert.equal((await app.inject({ url: '/api/stats', headers: { cookie, ...FROM_DASHBOARD } })).statusCode, 401);
        assert.deepEqual((await app.inject({ url: '/admin/session', headers: { cookie, ...FROM_DASHBOARD } })).json(), { expiresAt: null });
      }
    });
  });
}
