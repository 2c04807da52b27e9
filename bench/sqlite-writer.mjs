// `npm run bench:writer`: the SQLite store's write path alone, without HTTP or threads — the part
// that bounds `npm run bench:server` on SQLite. It builds records as the server benchmark sends
// them (many shoppers taking turns, revisions 1–5 each, an `Assent-Proof` per shopper), then times
// `sqliteWriter().writeBatch` over them in group commits of each size, with full durability and,
// to show what the fsyncs cost, without it. Each variant writes a fresh database file.
//
// Env: BENCH_RECORDS per variant (default 40,000), BENCH_BATCHES (default "40,200").
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, sqliteWriter } from '../server/dist/stores/sqlite.js';
import { TEST_KEYS } from '../server/test/helpers.mjs';
import { RoundRobinWorkload } from '../server/test/load.mjs';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 40_000);
const BATCHES = (process.env.BENCH_BATCHES ?? '40,200').split(',').map(Number);
const DURABILITY = ['FULL', 'OFF'];

const requests = appendRequests(RECORDS);
timeWrites(appendRequests(2_000), 40, 'FULL'); // warm-up: the first variant would pay for compiling the write path
console.log(`sqliteWriter().writeBatch, ${RECORDS.toLocaleString('en')} records per variant, Node ${process.version}`);
console.log('batch  synchronous  µs per record  records/s on one thread');
for (const batch of BATCHES) {
  for (const synchronous of DURABILITY) {
    const perRecord = timeWrites(requests, batch, synchronous);
    console.log(`${String(batch).padStart(5)}  ${synchronous.padEnd(11)}  ${perRecord.toFixed(1).padStart(13)}  ${Math.round(1e6 / perRecord).toLocaleString('en').padStart(23)}`);
  }
}

function appendRequests(count) {
  const workload = new RoundRobinWorkload({ activeIds: 5000, revisionsPerId: 5 });
  return Array.from({ length: count }, () => {
    const { shopper, record } = workload.next();
    return {
      incoming: { record, receivedAt: new Date().toISOString(), userAgent: 'assent-load', ipPrefix: '127.0.0.0/24', secGpc: false },
      proof: { cookieId: null, proofHash: createHash('sha256').update(shopper.secret).digest('hex') },
    };
  });
}

function timeWrites(all, batch, synchronous) {
  const folder = mkdtempSync(join(tmpdir(), 'assent-writer-bench-'));
  const db = openSqliteDatabase(join(folder, 'assent.db'));
  try {
    db.pragma(`synchronous = ${synchronous}`);
    const writer = sqliteWriter(db, TEST_KEYS, 60_000);
    const started = process.hrtime.bigint();
    let created = 0;
    for (let at = 0; at < all.length; at += batch) {
      created += writer.writeBatch(all.slice(at, at + batch)).filter((result) => result.kind === 'created').length;
    }
    const microseconds = Number(process.hrtime.bigint() - started) / 1000;
    if (created !== all.length) throw new Error(`stored ${created} of ${all.length} records`);
    return microseconds / all.length;
  } finally {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
