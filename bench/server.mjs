// `npm run bench:server`: how many consent records per second the reference endpoint stores, and
// at what latency, on SQLite and (when DATABASE_URL is set) PostgreSQL.
//
// Runs `node server/dist/main.js` as its own process (rate limit off, warnings-only logs) so it
// does not share a core with the load generator, and POSTs valid records with autocannon to
// 127.0.0.1 only. Every request is a real insert: 1,000 ids, each with increasing revisions, so
// the per-id hash chain grows as it would in a shop. Afterwards the export must hold every record
// answered 201, and a sampled id's chain must verify.
// Env: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { postgresTestDatabase, sqliteTestDatabase, validRecord } from '../server/test/helpers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const IDS = 1000;
const MAIN = fileURLToPath(new URL('../server/dist/main.js', import.meta.url));
const ADMIN_TOKEN = randomBytes(32).toString('hex');

const results = [];
results.push(await benchmark(await sqliteTestDatabase(), (database) => ({ ASSENT_DB: database.path })));
if (process.env.DATABASE_URL) {
  results.push(await benchmark(await postgresTestDatabase(process.env.DATABASE_URL), (database) => ({ DATABASE_URL: database.url })));
} else {
  console.log('PostgreSQL skipped: DATABASE_URL not set');
}

console.log(`\nPOST /api/consent, ${CONNECTIONS} connections, ${SECONDS} s per store, ${process.version}`);
console.log('store        records/s   p50 ms   p99 ms   stored   non-2xx   errors');
for (const result of results) {
  console.log(
    [
      result.store.padEnd(10),
      result.perSecond.toFixed(0).padStart(11),
      String(result.p50).padStart(8),
      String(result.p99).padStart(8),
      String(result.stored).padStart(8),
      String(result.non2xx).padStart(9),
      String(result.errors).padStart(8),
    ].join(' '),
  );
}
const failed = results.filter((result) => result.non2xx > 0 || result.errors > 0 || result.stored < result.created || !result.chainIntact);
if (failed.length) {
  console.error(`\nFailed: ${failed.map((result) => result.store).join(', ')} (errors, lost records or a broken chain)`);
  process.exit(1);
}

async function benchmark(database, environmentFor) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { DATABASE_URL, ...inherited } = process.env;
  const server = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      ...environmentFor(database),
      PORT: String(port),
      HOST: '127.0.0.1',
      ASSENT_RATE_LIMIT: 'off',
      ASSENT_LOG_LEVEL: 'warn',
      ASSENT_ADMIN_TOKEN: ADMIN_TOKEN,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitUntilServing(origin);
    const ids = Array.from({ length: IDS }, () => randomUUID());
    let sent = 0;
    const nextRecord = () => {
      const record = validRecord({
        id: ids[sent % IDS],
        revision: Math.floor(sent / IDS) + 1,
        decisions: { necessary: true, analytics: sent % 2 === 0, marketing: sent % 3 === 0 },
        client: 'assent/bench',
      });
      sent += 1;
      return JSON.stringify(record);
    };
    const result = await autocannon({
      url: origin,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/api/consent',
          headers: { 'content-type': 'application/json', 'user-agent': 'assent-bench' },
          setupRequest: (request) => ({ ...request, body: nextRecord() }),
        },
      ],
    });
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const exported = await (await fetch(`${origin}/api/records`, { headers: admin })).text();
    const verdict = await (await fetch(`${origin}/api/verify/${ids[0]}`, { headers: admin })).json();
    return {
      store: database.name,
      perSecond: result['2xx'] / (result.duration || SECONDS),
      p50: result.latency.p50,
      p99: result.latency.p99,
      created: result['2xx'],
      stored: exported.split('\n').filter(Boolean).length,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      chainIntact: verdict.intact === true,
    };
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
    await database.drop();
  }
}

async function waitUntilServing(origin) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`${origin}/api/consent/region`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the endpoint did not start on ${origin}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
