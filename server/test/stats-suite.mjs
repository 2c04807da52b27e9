// GET /api/stats against each store: a seeded log with counts worked out by hand, every figure
// exact, nothing personal in the answer. The server's clock is the only thing faked (mock timers
// for Date): receive times come from it, and the records must fall on known days.
import assert from 'node:assert/strict';
import { afterEach, it, mock } from 'node:test';
import { buildApp } from '../dist/app.js';
import { proofFor, subjectFor, validRecord } from './helpers.mjs';

const TOKEN = 'test-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${TOKEN}` };
const D0 = '2026-11-10'; // three days of records: D0, D1, D2
const D1 = '2026-11-11';
const D2 = '2026-11-12';
const at = (day, hour = 12) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

/** @param {() => Promise<import('./helpers.mjs').TestDatabase>} createDatabase */
export function defineStatsSuite(createDatabase) {
  const cleanups = [];
  afterEach(async () => {
    mock.timers.reset();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function endpoint(options = {}) {
    const database = await createDatabase();
    const store = await database.open();
    const app = buildApp({ store, logger: false, rateLimit: false, adminToken: TOKEN, retentionDays: null, ...options });
    cleanups.push(() => database.drop(), () => store.close(), () => app.close());
    return { app, store, database };
  }

  /** POSTs `record` as its browser would, with the server's clock at `time`. */
  async function decide(app, time, record) {
    mock.timers.setTime(time);
    const response = await app.inject({ method: 'POST', url: '/api/consent', payload: record, headers: { 'assent-proof': proofFor(record.id) } });
    assert.equal(response.statusCode, 201, response.body);
  }

  const stats = async (app, query = '') => {
    mock.timers.setTime(at(D2, 20));
    const response = await app.inject({ url: `/api/stats${query}`, headers: ADMIN });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };

  const shopper = (fields) => {
    const base = validRecord({ subject: subjectFor(), ...fields });
    let revision = 0;
    return (changes) => ({ ...base, ...changes, revision: (revision += 1), timestamp: new Date(Date.now()).toISOString() });
  };

  /**
   * The seeded log, and what it means:
   *   A  D0 accept-all (opt-in, DE, de, variant a) → D1 reject-all
   *   B  D1 custom analytics only, GPC on (opt-out, US-CA, en, variant b)
   *   C  D0 accept-all on policy 2026-10 → D2 withdraw on 2026-11 (opt-in, FR, fr, variant a)
   *   E  D2 accept-all on policy 2026-10, without mode or variant, names no marketing
   *   F  D1 revision 2 accept-all, then D2 a late revision 1 reject-all (a retry arriving after)
   * The newest record (F's late retry) is on 2026-11, so 2026-10 is an old policy.
   */
  async function seed(app) {
    mock.timers.enable({ apis: ['Date'], now: at(D0, 8) });
    const a = shopper({ mode: 'opt-in', region: 'DE', language: 'de', variant: 'a' });
    const b = shopper({ mode: 'opt-out', region: 'US-CA', language: 'en', variant: 'b' });
    const c = shopper({ mode: 'opt-in', region: 'FR', language: 'fr', variant: 'a', policyVersion: '2026-10' });
    const e = shopper({ region: null, language: 'en', policyVersion: '2026-10' });
    const f = shopper({ mode: 'opt-in', region: 'DE', language: 'de', variant: 'b' });
    const all = { necessary: true, analytics: true, marketing: true };
    const none = { necessary: true, analytics: false, marketing: false };
    await decide(app, at(D0, 9), a({ method: 'accept-all', decisions: all }));
    await decide(app, at(D0, 10), c({ method: 'accept-all', decisions: all }));
    await decide(app, at(D1, 9), a({ method: 'reject-all', decisions: none }));
    await decide(app, at(D1, 10), b({ method: 'custom', gpc: true, decisions: { necessary: true, analytics: true, marketing: false } }));
    const fFirst = f({ method: 'reject-all', decisions: none });
    await decide(app, at(D1, 11), f({ method: 'accept-all', decisions: all })); // revision 2 arrives first
    await decide(app, at(D2, 9), c({ method: 'withdraw', policyVersion: '2026-11', decisions: none }));
    await decide(app, at(D2, 10), e({ method: 'accept-all', decisions: { necessary: true, analytics: true } }));
    await decide(app, at(D2, 11), fFirst);
  }

  const category = (shoppers, allowed) => ({ shoppers, allowed, share: shoppers === 0 ? null : Math.round((allowed / shoppers) * 10_000) / 10_000 });
  const methods = (counts) => ({ 'accept-all': 0, 'reject-all': 0, custom: 0, gpc: 0, api: 0, withdraw: 0, ...counts });

  it('counts decisions per day and method, and each shopper by the latest decision in the period', async () => {
    const { app } = await endpoint();
    await seed(app);
    const answer = await stats(app, `?from=${D0}&to=${D2}`);
    assert.deepEqual(answer.period, { from: D0, to: D2, days: 3 });
    assert.equal(answer.currentPolicyVersion, '2026-11');
    const { figures } = answer;
    assert.equal(figures.decisions, 8);
    assert.deepEqual(figures.byMethod, methods({ 'accept-all': 4, 'reject-all': 2, custom: 1, withdraw: 1 }));
    assert.deepEqual(figures.daily, [
      { day: D0, decisions: 2, byMethod: methods({ 'accept-all': 2 }) },
      { day: D1, decisions: 3, byMethod: methods({ 'reject-all': 1, custom: 1, 'accept-all': 1 }) },
      { day: D2, decisions: 3, byMethod: methods({ withdraw: 1, 'accept-all': 1, 'reject-all': 1 }) },
    ]);
    // Latest decisions: A reject-all, B custom (analytics), C withdraw, E accept-all (no marketing named), F accept-all (revision 2).
    assert.equal(figures.shoppers, 5);
    assert.deepEqual(figures.categories, { analytics: category(5, 3), marketing: category(4, 1), necessary: category(5, 5) });
    assert.deepEqual(figures.gpc, { shoppers: 1, share: 0.2 });
    assert.deepEqual(figures.withdrawn, { shoppers: 1, share: 0.2 });
    assert.deepEqual(figures.oldPolicy, { shoppers: 1, share: 0.2 }, 'E decided on 2026-10; C withdrew on 2026-11');
    assert.deepEqual(figures.breakdowns.regime, [
      { value: 'opt-in', shoppers: 3, categories: { analytics: category(3, 1), marketing: category(3, 1), necessary: category(3, 3) }, gpc: 0 },
      { value: 'opt-out', shoppers: 1, categories: { analytics: category(1, 1), marketing: category(1, 0), necessary: category(1, 1) }, gpc: 1 },
      { value: null, shoppers: 1, categories: { analytics: category(1, 1), necessary: category(1, 1) }, gpc: 0 },
    ]);
    assert.deepEqual(
      figures.breakdowns.variant.map(({ value, shoppers, categories }) => [value, shoppers, categories.analytics]),
      [
        ['a', 2, category(2, 0)],
        ['b', 2, category(2, 2)],
        [null, 1, category(1, 1)],
      ],
    );
    assert.deepEqual(
      figures.breakdowns.region.map(({ value, shoppers }) => [value, shoppers]),
      [
        ['DE', 2],
        ['FR', 1],
        ['US-CA', 1],
        [null, 1],
      ],
    );
    assert.deepEqual(
      figures.breakdowns.language.map(({ value, shoppers }) => [value, shoppers]),
      [
        ['de', 2],
        ['en', 2],
        ['fr', 1],
      ],
    );
    assert.deepEqual(
      figures.breakdowns.policyVersion.map(({ value, shoppers }) => [value, shoppers]),
      [
        ['2026-11', 4],
        ['2026-10', 1],
      ],
    );
    assert.deepEqual(
      figures.breakdowns.method.map(({ value, shoppers }) => [value, shoppers]),
      [
        ['accept-all', 2],
        ['custom', 1],
        ['reject-all', 1],
        ['withdraw', 1],
      ],
    );
  });

  it('takes the latest decision within the period, not the latest ever', async () => {
    const { app } = await endpoint();
    await seed(app);
    const { figures } = await stats(app, `?from=${D0}&to=${D0}&by=method`);
    // On D0: A and C accepted all; both changed their minds later, which a D0-only period does not see.
    assert.equal(figures.shoppers, 2);
    assert.deepEqual(figures.categories.marketing, category(2, 2));
    assert.deepEqual(figures.breakdowns, { method: [{ value: 'accept-all', shoppers: 2, categories: { analytics: category(2, 2), marketing: category(2, 2), necessary: category(2, 2) }, gpc: 0 }] });
    assert.deepEqual(figures.oldPolicy, { shoppers: 1, share: 0.5 }, 'C was on 2026-10 then');
  });

  it('compares with the previous period of the same length', async () => {
    const { app } = await endpoint();
    await seed(app);
    const answer = await stats(app, `?from=${D2}&to=${D2}&compare=previous&by=`);
    assert.deepEqual(answer.previous.period, { from: D1, to: D1, days: 1 });
    assert.equal(answer.figures.decisions, 3);
    // C and E; F only sent a late retry of its older revision 1 that day, which is no new decision.
    assert.equal(answer.figures.shoppers, 2);
    assert.deepEqual(answer.figures.breakdowns, {});
    assert.equal(answer.previous.figures.decisions, 3);
    assert.equal(answer.previous.figures.shoppers, 3); // A, B, F
    assert.deepEqual(answer.previous.figures.categories.analytics, category(3, 2));
    assert.deepEqual(answer.figures.categories.analytics, category(2, 1), 'C withdrew, E allowed');
  });

  it('defaults to the 30 days ending today, and indexes records that arrived since the last answer', async () => {
    const { app } = await endpoint();
    await seed(app);
    const before = await stats(app);
    assert.deepEqual(before.period, { from: '2026-10-14', to: D2, days: 30 });
    assert.equal(before.figures.daily.length, 30);
    assert.equal(before.figures.decisions, 8);
    await decide(app, at(D2, 19), validRecord({ method: 'reject-all', decisions: { necessary: true, analytics: false } }));
    const after = await stats(app);
    assert.equal(after.figures.decisions, 9);
    assert.equal(after.figures.shoppers, 6);
  });

  it('answers only aggregates: no id, subject, page, user agent or address', async () => {
    const { app, store } = await endpoint();
    await seed(app);
    const body = JSON.stringify(await stats(app, `?from=${D0}&to=${D2}&compare=previous`));
    const page = await store.exportPage({ since: null, afterSeq: 0, limit: 100 });
    assert.equal(page.length, 8);
    for (const stored of page) {
      for (const secret of [stored.id, stored.record.subject, stored.record.url, stored.ipPrefix, stored.hash]) {
        if (secret) assert.ok(!body.includes(secret), `the answer holds ${secret}`);
      }
    }
    assert.ok(!body.includes('lightMyRequest'), 'no user agent');
  });

  it('forgets what retention deleted', async () => {
    const { app, store } = await endpoint();
    await seed(app);
    assert.equal((await stats(app, `?from=${D0}&to=${D2}`)).figures.decisions, 8);
    mock.timers.setTime(at(D2, 20));
    const { records } = await store.prune(new Date(at(D1, 0)).toISOString());
    assert.equal(records, 2);
    const { figures } = await stats(app, `?from=${D0}&to=${D2}`);
    assert.equal(figures.decisions, 6);
    assert.deepEqual(figures.daily[0], { day: D0, decisions: 0, byMethod: methods({}) });
    assert.equal(figures.shoppers, 5, 'A and C still have later decisions');
  });

  it('refuses bad periods and unknown breakdowns with a message, and strangers with 401', async () => {
    const { app } = await endpoint();
    for (const [query, field] of [
      ['?from=2026-11-12&to=2026-11-10', 'from'],
      ['?from=2026-02-31', 'from'],
      ['?to=2026-13-01', 'to'],
      ['?from=2025-01-01&to=2026-11-12', 'from'],
      ['?by=region,colour', 'by'],
      ['?from=yesterday', 'from'],
      ['?compare=next', 'compare'],
      ['?limit=5', null],
    ]) {
      const response = await app.inject({ url: `/api/stats${query}`, headers: ADMIN });
      assert.equal(response.statusCode, 400, query);
      if (field) assert.equal(response.json().field, field, `${query}: ${response.body}`);
    }
    assert.equal((await app.inject({ url: '/api/stats' })).statusCode, 401);
    assert.equal((await app.inject({ url: '/api/stats', headers: { authorization: 'Bearer wrong-token-0123456789abcdef0123' } })).statusCode, 401);
  });

  it('counts an empty log as zeros, with nothing to share', async () => {
    const { app } = await endpoint();
    mock.timers.enable({ apis: ['Date'], now: at(D2, 20) });
    const { figures, currentPolicyVersion } = await stats(app, `?from=${D2}&to=${D2}`);
    assert.equal(currentPolicyVersion, null);
    assert.equal(figures.shoppers, 0);
    assert.deepEqual(figures.gpc, { shoppers: 0, share: null });
    assert.deepEqual(figures.categories, {});
    assert.deepEqual(figures.breakdowns.region, []);
  });
}
