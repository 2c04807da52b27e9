// Shared by the tests and the benchmark that run `node server/dist/main.js` as real processes and
// write to it under load: shoppers (an id, its proof secret, its next revision), endpoint
// processes, and the checks made afterwards through the admin routes (every acknowledged record is
// in the export, every chain verifies).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { validRecord } from './helpers.mjs';

export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** A random admin token, longer than the 32 characters main.js asks for. */
export const newAdminToken = () => randomBytes(32).toString('hex');

/** A proof secret as the browser makes it: 32 random bytes, base64url, 43 characters. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** One browser: its id, the secret it proves the id with, and the revisions it has made. */
export class Shopper {
  id = randomUUID();
  secret = newSecret();
  revision = 0;

  /** The next revision's record (the first call makes revision 1). */
  nextRecord() {
    this.revision += 1;
    const n = this.revision;
    return validRecord({
      id: this.id,
      revision: n,
      method: n % 2 === 0 ? 'accept-all' : 'custom',
      decisions: { necessary: true, analytics: n % 2 === 0, marketing: n % 3 === 0 },
      client: 'assent/load',
    });
  }

  /** Headers of a POST of one of this shopper's records: the proof goes on every one (protocol.md). */
  headers() {
    return { 'content-type': 'application/json', 'assent-proof': this.secret, 'user-agent': 'assent-load' };
  }
}

/**
 * An endless stream of records from many shoppers: `activeIds` shoppers at a time, taken in turn,
 * each making `revisionsPerId` revisions (1, 2, …) before a new shopper takes its place. Two
 * revisions of one id are `activeIds` requests apart, so they are rarely in flight together.
 */
export class RoundRobinWorkload {
  /** @type {Shopper[]} */
  #slots;
  #sent = 0;
  /** Every shopper that has sent something, by id. */
  shoppers = new Map();

  constructor({ activeIds = 1000, revisionsPerId = 5 } = {}) {
    this.activeIds = activeIds;
    this.revisionsPerId = revisionsPerId;
    this.#slots = new Array(activeIds);
  }

  /** @returns {{ shopper: Shopper, record: object }} */
  next() {
    const slot = this.#sent % this.activeIds;
    this.#sent += 1;
    let shopper = this.#slots[slot];
    if (!shopper || shopper.revision >= this.revisionsPerId) {
      shopper = new Shopper();
      this.#slots[slot] = shopper;
      this.shoppers.set(shopper.id, shopper);
    }
    return { shopper, record: shopper.nextRecord() };
  }
}

/** The (id, revision) pairs the endpoint answered 2xx for, and what else it answered. */
export class Ledger {
  /** `${id} ${revision}` → `{ id, revision }` */
  acknowledged = new Map();
  /** Records of 2xx answers with `created: false` (an exact duplicate, e.g. a retry). */
  duplicates = 0;
  /** status → count, for everything but 2xx */
  refused = new Map();
  /** A few non-2xx answers, for the failure message. */
  refusedSamples = [];
  /** Requests without an answer (connection refused or reset, a timeout). */
  unanswered = 0;

  /** Reads an answer: a 2xx body names the (id, revision) the endpoint stored. */
  answer(status, bodyText) {
    if (status >= 200 && status < 300) {
      const body = JSON.parse(bodyText);
      this.acknowledged.set(`${body.id} ${body.revision}`, { id: body.id, revision: body.revision });
      if (body.created === false) this.duplicates += 1;
      return body;
    }
    this.refused.set(status, (this.refused.get(status) ?? 0) + 1);
    if (this.refusedSamples.length < 5) this.refusedSamples.push(`${status} ${String(bodyText).slice(0, 300)}`);
    return null;
  }

  get refusedCount() {
    let total = 0;
    for (const count of this.refused.values()) total += count;
    return total;
  }

  ids() {
    return [...new Set([...this.acknowledged.values()].map(({ id }) => id))];
  }
}

/** POST one record with its shopper's proof. */
export function postRecord(origin, shopper, record) {
  return fetch(`${origin}/api/consent`, { method: 'POST', headers: shopper.headers(), body: JSON.stringify(record) });
}

/** The environment that points main.js at a test database from helpers.mjs. */
export function storeEnvironment(database) {
  return database.url ? { DATABASE_URL: database.url } : { ASSENT_DB: database.path };
}

/**
 * Starts `node server/dist/main.js` (or `node <script> ...args`) on a free port of 127.0.0.1 (rate
 * limit off, warnings-only logs) and resolves once `GET /api/consent/region` answers. `env` adds
 * to or overrides that; DATABASE_URL and ASSENT_DB are only what `env` says. `stop()` sends
 * SIGTERM, `kill()` SIGKILL; both wait for the exit.
 */
export async function startEndpoint({ env = {}, port, script = MAIN, args = [] } = {}) {
  port ??= await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { DATABASE_URL, ASSENT_DB, ...inherited } = process.env;
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', ASSENT_RATE_LIMIT: 'off', ASSENT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  const endpoint = {
    origin,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitUntilServing(origin, child);
  } catch (error) {
    await endpoint.kill();
    throw new Error(`${error.message}\n${output}`);
  }
  return endpoint;
}

async function waitUntilServing(origin, child) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the endpoint exited (${child.exitCode ?? child.signalCode}) before listening on ${origin}`);
    try {
      if ((await fetch(`${origin}/api/consent/region`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`the endpoint did not answer on ${origin} within 15 s`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

const admin = (token) => ({ authorization: `Bearer ${token}` });

/**
 * Every line of `GET /api/records`, parsed as it streams in; `keep` picks what to hold of each
 * (the benchmark's exports run to hundreds of megabytes).
 */
export async function exportRecords(origin, token, keep = (line) => line) {
  const response = await fetch(`${origin}/api/records`, { headers: admin(token) });
  if (response.status !== 200) throw new Error(`GET /api/records answered ${response.status}: ${await response.text()}`);
  const lines = [];
  let rest = '';
  for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop();
    for (const part of parts) if (part !== '') lines.push(keep(JSON.parse(part)));
  }
  if (rest !== '') lines.push(keep(JSON.parse(rest)));
  return lines;
}

/**
 * Compares the acknowledged pairs with an export: which acknowledged ones are missing, and which
 * pairs the export holds more than once.
 */
export function compareWithExport(ledger, exported) {
  const stored = new Map();
  for (const line of exported) {
    const key = `${line.record.id} ${line.record.revision}`;
    stored.set(key, (stored.get(key) ?? 0) + 1);
  }
  const missing = [...ledger.acknowledged.keys()].filter((key) => !stored.has(key));
  const doubled = [...stored].filter(([, count]) => count > 1).map(([key]) => key);
  return { acknowledged: ledger.acknowledged.size, stored: exported.length, missing, doubled };
}

/**
 * Follows each id's links in an export (receive order): the first record's `prevHash` is 64 zeros,
 * every later one's is the `hash` of the record before it. Independent of how the server verifies.
 * @returns {string[]} one line per broken link
 */
export function brokenLinks(exported) {
  const lastHash = new Map();
  const broken = [];
  for (const line of [...exported].sort((a, b) => a.seq - b.seq)) {
    const { id, revision } = line.record;
    const expected = lastHash.get(id) ?? '0'.repeat(64);
    if (line.prevHash !== expected) broken.push(`${id} revision ${revision} (seq ${line.seq}): prevHash does not link to the record before it`);
    lastHash.set(id, line.hash);
  }
  return broken;
}

/**
 * `GET /api/verify/:id` for each id, `concurrency` at a time.
 * @returns {Promise<string[]>} one line per id whose answer is not 200 `intact: true`
 */
export async function brokenChains(origin, token, ids, concurrency = 16) {
  const broken = [];
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const response = await fetch(`${origin}/api/verify/${id}`, { headers: admin(token) });
        const text = await response.text();
        if (response.status !== 200 || JSON.parse(text).intact !== true) broken.push(`${id}: ${response.status} ${text.slice(0, 300)}`);
      }
    }),
  );
  return broken;
}

/** `GET /api/verify`: the whole log's verdict, `{ status, body }` (body parsed when JSON). */
export async function verifyLog(origin, token) {
  const response = await fetch(`${origin}/api/verify`, { headers: admin(token) });
  const text = await response.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  return { status: response.status, body };
}

/** Picks up to `count` items at random. */
export function sample(items, count) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/**
 * JSON with object keys sorted by UTF-16 code units, no whitespace, undefined members dropped
 * (protocol.md; RFC 8785 for the value types of a record). Written here, not imported from the
 * server, so a test checks the server's signatures against the spec rather than against itself.
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether `receipt` is the endpoint's Ed25519 signature over `record` as protocol.md defines it,
 * with the public key `GET /api/consent/keys` lists under the receipt's kid.
 * @param {{ kid: string, jwk: object }[]} keys
 */
export function receiptVerifies(receipt, record, keys) {
  const key = keys.find((candidate) => candidate.kid === receipt.kid);
  if (!key) return false;
  const { v, alg, kid, receivedAt, hash } = receipt;
  const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
  // The record's leaf, folded up its Merkle path to the root its batch signed (docs/proof-of-consent.md).
  let node = sha256(`assent-receipt-leaf\0${canonicalJson({ v, receivedAt, hash, record })}`);
  for (const step of receipt.path) {
    const [side, sibling] = step.split(':');
    node = sha256(`assent-receipt-node\0${side === 'l' ? sibling + node : node + sibling}`);
  }
  const message = Buffer.from(canonicalJson({ v, alg, kid, type: 'assent-receipts', root: node }), 'utf8');
  return verify(null, message, createPublicKey({ key: key.jwk, format: 'jwk' }), Buffer.from(receipt.signature, 'base64url'));
}
