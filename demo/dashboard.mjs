// The consent-insights dashboard of the reference endpoint with sample data: a fresh SQLite
// database filled through the store's own write path, served on its own (no storefront). Used by
// the dashboard's tests, with records of their own, and by `npm run screenshots`.
// Usage: node demo/dashboard.mjs [--port N]  (default 8090), then open /admin with the printed token.
// Imports the endpoint by path, so that it is always this checkout's.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp, openStore } from '../server/dist/index.js';

export const DEMO_ADMIN_TOKEN = 'demo-dashboard-admin-token-0123456789abcdef';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Starts the endpoint on a new database holding `records`, in the order given (a later revision of
 * an id is stored with its cookie's proof, as its browser would send it).
 * @param {{ records: Iterable<{ receivedAt: string, record: object }>, adminToken?: string, port?: number }} options
 */
export async function startDashboard({ records, adminToken = DEMO_ADMIN_TOKEN, port = 0 }) {
  const folder = mkdtempSync(join(tmpdir(), 'assent-dashboard-'));
  const store = await openStore({ sqlitePath: join(folder, 'assent.db') });
  try {
    // All at once: the store group-commits them, in the order given.
    const stored = await Promise.all(
      [...records].map(({ receivedAt, record }) =>
        store.append({
          incoming: { record, receivedAt, userAgent: 'Mozilla/5.0 (sample)', ipPrefix: '203.0.113.0/24', secGpc: false },
          proof: { cookieId: record.id, proofHash: null },
        }),
      ),
    );
    const refused = stored.find((result) => result.kind !== 'created');
    if (refused) throw new Error(`a sample record was not stored: ${refused.kind}`);
  } catch (error) {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  // Every request comes from 127.0.0.1: the per-address rate limit is for real traffic.
  const app = buildApp({ store, adminToken, logger: false, rateLimit: false });
  const address = await app.listen({ port, host: '127.0.0.1' });
  return {
    url: `${address}/`,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Sixty days of a plausible shop, ending today (UTC), the same on every run but for the dates:
 * shoppers from five regions in two regimes, two banner variants, a policy update three weeks ago,
 * and some shoppers who decide again later (a withdrawal, a change of mind). Today's records are
 * spread over the whole day, so the figures do not depend on the hour.
 */
export function* sampleRecords({ days = 60, perDay = 40, today = new Date().toISOString().slice(0, 10) } = {}) {
  const midnight = Date.parse(`${today}T00:00:00Z`);
  const random = seededRandom(7);
  const pick = (weighted) => {
    let roll = random() * weighted.reduce((total, [, weight]) => total + weight, 0);
    for (const [value, weight] of weighted) if ((roll -= weight) < 0) return value;
    return weighted.at(-1)[0];
  };
  const pending = [];
  for (let daysAgo = days - 1; daysAgo >= 0; daysAgo -= 1) {
    const count = Math.round(perDay * (0.7 + random() * 0.6));
    for (let index = 0; index < count; index += 1) {
      const at = midnight - daysAgo * DAY_MS + random() * DAY_MS * 0.9;
      const region = pick([['DE', 30], ['FR', 15], ['US-CA', 20], ['GB', 10], ['US-TX', 8], [null, 5]]);
      const mode = region?.startsWith('US') ? 'opt-out' : 'opt-in';
      const variant = pick([['bar', 1], ['box', 1]]);
      const method = pick([['accept-all', variant === 'bar' ? 45 : 38], ['reject-all', 30], ['custom', 15], ['gpc', mode === 'opt-out' ? 6 : 0], ['api', 1], ['withdraw', 3]]);
      const decisions = {
        necessary: true,
        analytics: method === 'accept-all' || (method === 'custom' && random() < 0.6),
        marketing: method === 'accept-all' || (method === 'custom' && random() < 0.25),
      };
      const policyVersion = daysAgo > 24 || (daysAgo > 18 && random() < 0.5) ? '2026-09' : '2026-11';
      const language = pick([['de', 30], ['en', 40], ['fr', 15], ['es', 5]]);
      const shopper = { id: randomUUID(), mode, variant, region, language };
      pending.push(sample(shopper, 1, at, { policyVersion, decisions, method, gpc: method === 'gpc' }));
      if (daysAgo > 0 && random() < 0.12) {
        const again = pick([['withdraw', 1], ['custom', 2]]);
        const later = { necessary: true, analytics: again === 'custom', marketing: false };
        pending.push(sample(shopper, 2, at + random() * DAY_MS, { policyVersion: '2026-11', decisions: later, method: again, gpc: false }));
      }
    }
  }
  yield* pending.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

function sample({ id, mode, variant, region, language }, revision, at, decision) {
  const receivedAt = new Date(at).toISOString();
  return {
    receivedAt,
    record: {
      id,
      revision,
      timestamp: receivedAt,
      expiresAt: new Date(at + 180 * DAY_MS).toISOString(),
      ...decision,
      language,
      url: 'https://shop.example/',
      region,
      subject: null,
      client: 'assent/0.2.0',
      mode,
      variant,
    },
  };
}

/** A small linear congruential generator: the same sample on every run. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const portAt = process.argv.indexOf('--port');
  const dashboard = await startDashboard({ records: sampleRecords(), port: portAt === -1 ? 8090 : Number(process.argv[portAt + 1]) });
  console.log(`Consent insights with sample data: ${dashboard.url}admin (admin token: ${DEMO_ADMIN_TOKEN})`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void dashboard.close().finally(() => process.exit(0)));
}
