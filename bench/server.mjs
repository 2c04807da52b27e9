// `npm run bench:server`: how many consent records per second the reference endpoint stores, and
// at what latency, on SQLite and (when DATABASE_URL is set) PostgreSQL, next to the ceiling of this
// machine: a bare Fastify route that validates the same JSON schema and answers 201 without
// storing anything.
//
// Each target runs as its own process (`node server/dist/main.js`, or this file with --ceiling),
// rate limit off and warnings-only logs, and autocannon POSTs to it on 127.0.0.1 from this process:
// BENCH_ROUNDS rounds of BENCH_SECONDS each, the targets taking turns (1 s warm-up in round 1). Every request is a real record: many shoppers at a time, each
// with its own id and proof secret (`Assent-Proof` on every request, protocol.md), making
// revisions 1, 2, … 5 before a new shopper takes its slot. Afterwards, through the admin routes:
// the export must hold every (id, revision) answered 2xx, sampled ids' chains must verify
// (`GET /api/verify/:id`), and so must the whole log (`GET /api/verify`) where the server has it.
// Exits with 1 on any non-2xx answer, request error, lost record or broken chain.
//
// Besides records/s and latency it reports what each record costs in CPU, from /proc: the endpoint's
// main thread and its other threads, the load generator (this process), and a local PostgreSQL
// server's processes. On a machine whose cores all three share, their sum bounds the rate.
//
// Env: BENCH_SECONDS per round (default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 50),
// DATABASE_URL (adds PostgreSQL), BENCH_BASELINE (the main.js of another build, e.g. a worktree of
// the previous commit: adds a SQLite target running it, to compare two builds in one run).
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { postgresTestDatabase, sqliteTestDatabase } from '../server/test/helpers.mjs';
import {
  Ledger,
  RoundRobinWorkload,
  brokenChains,
  compareWithExport,
  exportRecords,
  newAdminToken,
  sample,
  startEndpoint,
  storeEnvironment,
  verifyLog,
} from '../server/test/load.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = 1;
const ACTIVE_IDS = 5000;
const REVISIONS_PER_ID = 5;
const VERIFIED_IDS = 200;
const GOALS = { SQLite: { perSecond: 10_000, p99: 20 }, PostgreSQL: { perSecond: 5_000 }, ceilingShare: 0.5 };

if (process.argv[2] === '--ceiling') {
  await serveCeiling();
} else {
  await main();
}

async function main() {
  const token = newAdminToken();
  const targets = [{ name: 'bare route', ceiling: true, env: {} }];
  const databases = [await sqliteTestDatabase()];
  if (process.env.DATABASE_URL) databases.push(await postgresTestDatabase(process.env.DATABASE_URL));
  else console.log('PostgreSQL skipped: DATABASE_URL not set');
  for (const database of databases) targets.push({ name: database.name, ceiling: false, env: storeEnvironment(database) });
  if (process.env.BENCH_BASELINE) {
    const database = await sqliteTestDatabase();
    databases.push(database);
    targets.push({ name: 'SQLite (baseline)', ceiling: false, env: storeEnvironment(database), script: resolve(process.env.BENCH_BASELINE) });
  }
  console.log(`load average before: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  try {
    for (const target of targets) {
      target.endpoint = await startEndpoint({
        env: { ...target.env, ASSENT_ADMIN_TOKEN: token },
        ...(target.ceiling ? { script: fileURLToPath(import.meta.url), args: ['--ceiling'] } : target.script ? { script: target.script } : {}),
      });
      target.workload = new RoundRobinWorkload({ activeIds: ACTIVE_IDS, revisionsPerId: REVISIONS_PER_ID });
      target.ledger = new Ledger();
      target.latencies = [];
      target.answered2xx = 0;
      target.seconds = 0;
      target.errors = 0;
    }
    // Rounds take the targets in turn, so a neighbour's burst of CPU on a shared machine does not
    // fall on one target only.
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const target of targets) {
        console.log(`round ${round}/${ROUNDS}: ${target.name}, ${round === 1 ? `${WARMUP_SECONDS} s warm-up, ` : ''}${SECONDS} s of load…`);
        await load(target, round === 1);
      }
    }
    for (const target of targets.filter((target) => !target.ceiling)) Object.assign(target, await check(target, token));
  } finally {
    await Promise.all(targets.map((target) => target.endpoint?.stop()));
    await Promise.all(databases.map((database) => database.drop()));
  }
  console.log(`load average after: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  report(targets);
}

/** One round of autocannon against a target; adds to its counts. */
async function load(target, warmUp) {
  const { workload, ledger, latencies } = target;
  const run = autocannon({
    url: target.endpoint.origin,
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(warmUp ? { warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS } } : {}),
    requests: [
      {
        method: 'POST',
        path: '/api/consent',
        setupRequest(request) {
          const { shopper, record } = workload.next();
          return { ...request, headers: shopper.headers(), body: JSON.stringify(record) };
        },
        onResponse: (status, body) => ledger.answer(status, body),
      },
    ],
  });
  run.on('response', (_client, _status, _bytes, milliseconds) => latencies.push(milliseconds));
  const before = cpuSnapshot(target.endpoint.child.pid);
  const result = await run;
  const used = cpuSnapshot(target.endpoint.child.pid);
  target.cpu ??= { main: 0, other: 0, generator: 0, postgres: 0 };
  for (const part of Object.keys(target.cpu)) target.cpu[part] += used[part] - before[part];
  target.requests = (target.requests ?? 0) + result.requests.total + (result.warmup?.requests?.total ?? 0);
  target.answered2xx += result['2xx'];
  target.seconds += result.duration;
  target.errors += result.errors + result.timeouts + (result.warmup?.errors ?? 0) + (result.warmup?.timeouts ?? 0);
}

/**
 * CPU time used so far, in ms, from /proc: by the endpoint's main thread and by its other threads
 * (the SQLite writer, garbage collection and compiler helpers), by this process (the load
 * generator), and by PostgreSQL server processes on this machine. What each record costs, whatever
 * else the shared machine runs.
 */
function cpuSnapshot(pid) {
  let main = 0;
  let other = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const used = statCpuMs(`/proc/${pid}/task/${task}/stat`);
    if (task === String(pid)) main += used;
    else other += used;
  }
  const generated = process.cpuUsage();
  return { main, other, generator: (generated.user + generated.system) / 1000, postgres: postgresServerCpuMs() };
}

function postgresServerCpuMs() {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += statCpuMs(`/proc/${entry}/stat`);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

/** utime + stime of a /proc stat file, in ms. */
function statCpuMs(path) {
  const text = readFileSync(path, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Through the admin routes: every acknowledged record stored, sampled chains and the whole log intact. */
async function check(target, token) {
  const { origin } = target.endpoint;
  const pairOnly = ({ record: { id, revision } }) => ({ record: { id, revision } });
  const comparison = compareWithExport(target.ledger, await exportRecords(origin, token, pairOnly));
  const verifiedIds = sample(target.ledger.ids(), VERIFIED_IDS);
  const broken = await brokenChains(origin, token, verifiedIds);
  const log = await verifyLog(origin, token);
  return {
    stored: comparison.stored,
    lost: comparison.missing,
    doubled: comparison.doubled,
    verifiedIds: verifiedIds.length,
    broken,
    // 404: this server has no whole-log route (it comes with the global log chain).
    log: log.status === 404 ? 'no GET /api/verify on this server' : log.status === 200 && log.body.intact === true ? 'intact' : `BROKEN: ${log.status} ${JSON.stringify(log.body).slice(0, 300)}`,
  };
}

function report(targets) {
  const results = targets.map((target) => {
    target.latencies.sort((a, b) => a - b);
    return {
      ...target,
      perSecond: target.answered2xx / target.seconds,
      p50: percentile(target.latencies, 0.5),
      p99: percentile(target.latencies, 0.99),
      acknowledged: target.ledger.acknowledged.size,
      non2xx: target.ledger.refusedCount,
      refusedSamples: target.ledger.refusedSamples,
    };
  });
  const ceiling = results.find((result) => result.ceiling);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `\nPOST /api/consent, ${CONNECTIONS} connections, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} of ${SECONDS} s per target after ${WARMUP_SECONDS} s warm-up, ` +
      `Node ${process.version}, ${availableParallelism()} CPUs (${cpu}) shared by load generator, endpoint and database`,
  );
  const nameWidth = Math.max(12, ...results.map((result) => result.name.length));
  console.log(`${'target'.padEnd(nameWidth)}  records/s   p50 ms   p99 ms   of bare route   answered 2xx   stored   non-2xx   errors`);
  for (const result of results) {
    console.log(
      [
        result.name.padEnd(nameWidth),
        result.perSecond.toFixed(0).padStart(10),
        result.p50.toFixed(2).padStart(8),
        result.p99.toFixed(2).padStart(8),
        (result.ceiling ? '(ceiling)' : `${((100 * result.perSecond) / ceiling.perSecond).toFixed(0)} %`).padStart(15),
        String(result.acknowledged).padStart(14),
        (result.ceiling ? '–' : String(result.stored)).padStart(8),
        String(result.non2xx).padStart(9),
        String(result.errors).padStart(8),
      ].join(' '),
    );
  }

  const cores = availableParallelism();
  console.log(`\nCPU per request in µs: the endpoint's threads, the load generator, a local PostgreSQL server; the ceiling is ${cores} CPUs' time divided by their sum`);
  console.log(`${'target'.padEnd(nameWidth)}  main thread   other threads   generator   PostgreSQL   sum   ceiling records/s`);
  for (const result of results) {
    const perRequest = (ms) => (1000 * ms) / result.requests;
    const { main, other, generator, postgres } = result.cpu;
    const onPostgres = result.name === 'PostgreSQL';
    const sum = perRequest(main + other + generator + (onPostgres ? postgres : 0));
    console.log(
      [
        result.name.padEnd(nameWidth),
        perRequest(main).toFixed(0).padStart(12),
        perRequest(other).toFixed(0).padStart(15),
        perRequest(generator).toFixed(0).padStart(11),
        (onPostgres ? perRequest(postgres).toFixed(0) : '–').padStart(12),
        sum.toFixed(0).padStart(5),
        Math.round((cores * 1e6) / sum).toLocaleString('en').padStart(19),
      ].join(' '),
    );
  }

  const failures = [];
  for (const result of results) {
    if (result.non2xx > 0) failures.push(`${result.name}: ${result.non2xx} non-2xx answers, e.g. ${result.refusedSamples.join(' | ')}`);
    if (result.errors > 0) failures.push(`${result.name}: ${result.errors} request errors or timeouts`);
    if (result.ceiling) continue;
    console.log(
      `${result.name}: ${result.lost.length} of ${result.acknowledged} acknowledged records missing from the export; ` +
        `${result.verifiedIds - result.broken.length} of ${result.verifiedIds} sampled chains intact; whole log: ${result.log}`,
    );
    if (result.lost.length > 0) failures.push(`${result.name}: ${result.lost.length} acknowledged records not in the export, e.g. ${result.lost.slice(0, 3).join(', ')}`);
    if (result.doubled.length > 0) failures.push(`${result.name}: ${result.doubled.length} (id, revision) pairs stored more than once`);
    if (result.broken.length > 0) failures.push(`${result.name}: ${result.broken.length} broken chains, e.g. ${result.broken.slice(0, 3).join(' | ')}`);
    if (result.log.startsWith('BROKEN')) failures.push(`${result.name}: whole log ${result.log}`);
  }

  console.log('\nGoals');
  for (const result of results.filter((result) => !result.ceiling)) {
    const goal = GOALS[result.name] ?? GOALS.SQLite;
    const parts = [`≥ ${goal.perSecond.toLocaleString('en')} records/s: ${result.perSecond >= goal.perSecond ? 'met' : 'not met'}`];
    if (goal.p99) parts.push(`p99 < ${goal.p99} ms: ${result.p99 < goal.p99 ? 'met' : 'not met'}`);
    const share = result.perSecond / ceiling.perSecond;
    parts.push(`≥ ${GOALS.ceilingShare * 100} % of the bare route: ${share >= GOALS.ceilingShare ? 'met' : 'not met'}`);
    console.log(`  ${result.name}: ${parts.join('; ')}`);
  }

  if (failures.length > 0) {
    console.error(`\nFailed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

/** The value below which `share` of the sorted values lie (nearest rank). */
function percentile(sorted, share) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

/**
 * The ceiling: Fastify with the endpoint's body limit, content types and Ajv options
 * (server/src/app.ts), validating POST bodies against the record schema the endpoint uses, and
 * answering 201 as the endpoint does, without a store. Same log level as the endpoint's runs.
 */
async function serveCeiling() {
  const { default: Fastify } = await import('fastify');
  const { MAX_BODY_BYTES, consentRecordSchema } = await import('../server/dist/schema.js');
  const app = Fastify({
    logger: { level: process.env.ASSENT_LOG_LEVEL ?? 'warn' },
    bodyLimit: MAX_BODY_BYTES,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });
  app.removeContentTypeParser('text/plain');
  app.addSchema(consentRecordSchema);
  app.post('/api/consent', { schema: { body: { $ref: 'assent/consent-record#' } } }, async (request, reply) => {
    const { id, revision } = request.body;
    return reply.code(201).send({ stored: true, created: true, id, revision, receivedAt: new Date().toISOString() });
  });
  app.get('/api/consent/region', async () => ({ region: null })); // startEndpoint waits for this
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close());
  await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
}
