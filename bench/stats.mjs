// `npm run bench:stats`: how long GET /api/stats takes on a SQLite log of 1,000,000 records.
//
// Seeds a fresh database through the store's own write path (chained, signed records; receive
// times spread over the last 90 days, as if they had arrived then), lets the endpoint build its
// stats index, then asks the dashboard's questions over real HTTP: the default 30 days compared
// with the 30 before with every breakdown, today, 7 days, 90 days. Each question BENCH_RUNS times
// (default 10) after one warm-up; reports the median and the slowest. The goal: under 200 ms.
//
// Env: BENCH_RECORDS (default 1,000,000), BENCH_RUNS, BENCH_DB (reuse a database this script
// seeded before, kept after the run: seeding takes minutes).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../server/dist/app.js';
import { openStore } from '../server/dist/store.js';
import { ephemeralKeys } from '../server/dist/keys.js';
import { openSqliteDatabase, sqliteWriter } from '../server/dist/stores/sqlite.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const DAYS = 90;
const BATCH = 500;
const GOAL_MS = 200;
const DAY_MS = 86_400_000;
const TOKEN = 'bench-admin-token-0123456789abcdef0123';

const folder = process.env.BENCH_DB ? null : mkdtempSync(join(tmpdir(), 'assent-bench-stats-'));
const path = process.env.BENCH_DB ?? join(folder, 'assent.db');
const keys = ephemeralKeys();

try {
  if (!existsSync(path)) {
    const started = Date.now();
    seed(path, RECORDS);
    console.log(`seeded ${RECORDS.toLocaleString('en')} records over ${DAYS} days in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const store = await openStore({ sqlitePath: path, keys });
  const app = buildApp({ store, logger: false, rateLimit: false, adminToken: TOKEN, retentionDays: null });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const indexing = Date.now();
    const indexed = await store.indexStats();
    console.log(`stats index: ${indexed.toLocaleString('en')} records indexed in ${((Date.now() - indexing) / 1000).toFixed(1)} s (once; afterwards only what arrives)`);
    const today = new Date().toISOString().slice(0, 10);
    const daysAgo = (days) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
    const questions = [
      ['30 days vs the 30 before, every breakdown (the dashboard)', '?compare=previous'],
      ['today vs yesterday', `?from=${today}&to=${today}&compare=previous`],
      ['7 days vs the 7 before', `?from=${daysAgo(6)}&to=${today}&compare=previous`],
      ['90 days, every breakdown', `?from=${daysAgo(89)}&to=${today}`],
    ];
    console.log(`\nGET /api/stats on SQLite, ${(await store.count()).toLocaleString('en')} records, Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim()})`);
    console.log('question                                                     median ms   slowest ms   shoppers   goal');
    let met = true;
    for (const [name, query] of questions) {
      const times = [];
      let shoppers = 0;
      for (let run = 0; run <= RUNS; run += 1) {
        const started = process.hrtime.bigint();
        const response = await fetch(`${origin}/api/stats${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        const body = await response.json();
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
        shoppers = body.figures.shoppers;
        if (run > 0) times.push(ms);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      met &&= median < GOAL_MS;
      console.log(`${name.padEnd(60)} ${median.toFixed(1).padStart(9)} ${times.at(-1).toFixed(1).padStart(12)} ${String(shoppers).padStart(10)}   ${median < GOAL_MS ? 'met' : 'NOT met'}`);
    }
    console.log(`\nGoal: every median under ${GOAL_MS} ms: ${met ? 'met' : 'not met'}`);
  } finally {
    await app.close();
    await store.close();
  }
} finally {
  if (folder) rmSync(folder, { recursive: true, force: true });
}

/**
 * Writes `count` records through the store's write path (chains, log chain, receipts), as shoppers
 * would have sent them over the last 90 days: 1 to 5 decisions each, most of them accept or reject.
 */
function seed(file, count) {
  const db = openSqliteDatabase(file);
  const writer = sqliteWriter(db, keys, 60_000);
  const random = mulberry32(20261203);
  const pick = (weighted) => {
    let roll = random() * weighted.reduce((total, [, weight]) => total + weight, 0);
    for (const [value, weight] of weighted) if ((roll -= weight) < 0) return value;
    return weighted.at(-1)[0];
  };
  const regions = [['DE', 20], ['FR', 12], ['NL', 6], ['IT', 8], ['ES', 8], ['GB', 10], ['AT', 3], ['CH', 3], ['US-CA', 8], ['US-NY', 5], ['US-TX', 4], ['US-CO', 2], ['PL', 4], ['SE', 3], [null, 4]];
  const languages = { DE: 'de', AT: 'de', CH: 'de', FR: 'fr', NL: 'nl', IT: 'it', ES: 'es', GB: 'en', PL: 'pl', SE: 'sv' };
  const start = Date.now() - DAYS * DAY_MS;
  const step = (DAYS * DAY_MS) / count;
  let written = 0;
  let shoppers = [];
  while (written < count) {
    const batch = [];
    for (let index = 0; index < BATCH && written < count; index += 1, written += 1) {
      const receivedAt = new Date(start + written * step).toISOString();
      // a returning shopper (a later revision) or a new one
      let shopper = shoppers.length > 0 && random() < 0.6 ? shoppers[Math.floor(random() * shoppers.length)] : null;
      if (!shopper || shopper.revision >= 5) {
        const region = pick(regions);
        shopper = {
          id: randomUUID(),
          revision: 0,
          region,
          language: languages[region] ?? 'en',
          mode: region?.startsWith('US-') ? 'opt-out' : 'opt-in',
          variant: pick([['a', 3], ['b', 3], [null, 4]]),
          proofHash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
        };
        shoppers.push(shopper);
        if (shoppers.length > 50_000) shoppers = shoppers.slice(-25_000);
      }
      shopper.revision += 1;
      const method = pick([['accept-all', 55], ['reject-all', 25], ['custom', 12], ['gpc', 2], ['api', 1], ['withdraw', 5]]);
      const all = method === 'accept-all';
      const custom = method === 'custom' || method === 'api';
      const decisions = {
        necessary: true,
        analytics: all || (custom && random() < 0.7),
        marketing: all || (custom && random() < 0.3),
        functional: all || (custom && random() < 0.8),
      };
      const timestamp = receivedAt;
      const record = {
        id: shopper.id,
        revision: shopper.revision,
        timestamp,
        expiresAt: new Date(Date.parse(timestamp) + 180 * DAY_MS).toISOString(),
        policyVersion: written < count * 0.3 ? '2026-06' : written < count * 0.7 ? '2026-09' : '2026-11',
        decisions,
        method,
        gpc: method === 'gpc',
        language: shopper.language,
        url: 'https://shop.example/',
        region: shopper.region,
        subject: null,
        client: 'assent/bench',
        mode: shopper.mode,
        ...(shopper.variant ? { variant: shopper.variant } : {}),
      };
      batch.push({
        incoming: { record, receivedAt, userAgent: 'bench', ipPrefix: '203.0.113.0/24', secGpc: method === 'gpc' },
        proof: { cookieId: shopper.id, proofHash: shopper.proofHash },
      });
    }
    const results = writer.writeBatch(batch);
    const refused = results.find((result) => result.kind !== 'created');
    if (refused) throw new Error(`seeding: ${JSON.stringify(refused)}`);
  }
  db.close();
}

/** A small seeded PRNG, so every run seeds the same log. */
function mulberry32(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
