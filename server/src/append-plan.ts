// What one group-committed transaction writes, decided from what the database holds for the ids
// in it: the same rules for SQLite and PostgreSQL (docs/proof-of-consent.md).
import { timingSafeEqual } from 'node:crypto';
import {
  GENESIS_HASH,
  canonicalJson,
  canonicalRecord,
  chainHash,
  impersonalRecord,
  logHash,
  newSalts,
  personalDigests,
  personalValues,
  receiptLeaf,
  signReceipts,
  type Checkpoint,
} from './hash-chain.js';
import type { ServerKeys } from './keys.js';
import type { ConsentRecord } from './schema.js';
import type { AppendRequest, AppendResult, AppendedRecord, StoredRecord } from './store.js';

/** How far beyond the latest stored revision a new one may go (the browser steps by 1). */
export const MAX_REVISION_STEP = 64;

/** What the database holds for one id. */
export interface IdState {
  exists: boolean;
  /** SHA-256 of the secret its first write established, if any. */
  proofHash: string | null;
  latestRevision: number;
  /** `hash` of its last record in log order. */
  lastHash: string;
}

/** The end of the log: the last row's position and log hash. */
export interface LogHead {
  seq: number;
  logHash: string;
}

export interface BatchView {
  ids: Map<string, IdState>;
  /** Rows already stored under the (id, revision) pairs of the batch, by `rowKey`. */
  rows: Map<string, StoredRecord>;
  head: LogHead;
}

export interface BatchPlan {
  results: AppendResult[];
  inserts: StoredRecord[];
  /** Proofs to store (the first write of an id, or a new one sent with the cookie). */
  proofs: Array<{ id: string; proofHash: string }>;
  head: LogHead;
}

export function rowKey(id: string, revision: number): string {
  return `${id}\0${revision}`;
}

export const NEW_ID: IdState = Object.freeze({ exists: false, proofHash: null, latestRevision: 0, lastHash: GENESIS_HASH });

/** Where the log continues: after its last row, or after the checkpoint of a prune that removed every row. */
export function logHead(lastRow: { seq: number; logHash: string | null } | null, lastCheckpoint: Pick<Checkpoint, 'seq' | 'logHash'> | null): LogHead {
  if (lastRow && (!lastCheckpoint || lastRow.seq >= lastCheckpoint.seq)) return { seq: lastRow.seq, logHash: lastRow.logHash ?? GENESIS_HASH };
  if (lastCheckpoint) return { seq: lastCheckpoint.seq, logHash: lastCheckpoint.logHash };
  return { seq: 0, logHash: GENESIS_HASH };
}

export function planBatch(requests: readonly AppendRequest[], view: BatchView, keys: ServerKeys): BatchPlan {
  const plan: BatchPlan = { results: [], inserts: [], proofs: [], head: view.head };
  const created = new Map<number, StoredRecord>();
  const leaves: string[] = [];
  const salts = newSalts(requests.length); // one call to the random source per batch
  for (const { incoming, proof } of requests) {
    const { record } = incoming;
    const { id, revision } = record;
    const state = view.ids.get(id) ?? NEW_ID;
    const byCookie = proof.cookieId === id;
    const byHeader = proof.proofHash !== null && state.proofHash !== null && sameHex(proof.proofHash, state.proofHash);
    if (state.exists && !byCookie && !byHeader) {
      plan.results.push({ kind: 'forbidden' });
      continue;
    }
    const existing = view.rows.get(rowKey(id, revision));
    if (existing) {
      plan.results.push(sameContent(existing, record) ? { kind: 'duplicate', stored: appended(existing) } : { kind: 'conflict', reason: 'conflict', latestRevision: state.latestRevision });
      continue;
    }
    if (revision > state.latestRevision + MAX_REVISION_STEP) {
      plan.results.push({ kind: 'conflict', reason: 'revision out of range', latestRevision: state.latestRevision });
      continue;
    }

    const salt = salts(plan.inserts.length);
    const personal = personalDigests(salt, personalValues(incoming));
    const canonical = canonicalRecord(record);
    const hash = chainHash({ prevHash: state.lastHash, id, revision, receivedAt: incoming.receivedAt, secGpc: incoming.secGpc, record, personal }, canonical);
    leaves.push(receiptLeaf({ receivedAt: incoming.receivedAt, hash, record }, canonical));
    const seq = plan.head.seq + 1;
    const log = logHash(plan.head.logHash, hash);
    const stored: StoredRecord = {
      ...incoming,
      id,
      revision,
      seq,
      version: 2,
      prevHash: state.lastHash,
      hash,
      logHash: log,
      personal,
      salt,
      kid: null, // signed below, with the rest of the batch
      signature: null,
      receiptPath: null,
      erasedAt: null,
    };
    plan.inserts.push(stored);
    created.set(plan.results.length, stored);
    plan.results.push({ kind: 'created', stored: appended(stored) }); // replaced once the batch is signed, below
    plan.head = { seq, logHash: log };
    view.rows.set(rowKey(id, revision), stored);

    let proofHash = state.proofHash;
    // The first write establishes the proof; with the cookie, the browser may replace a lost one.
    if (proof.proofHash !== null && proof.proofHash !== state.proofHash && (!state.exists || byCookie)) {
      proofHash = proof.proofHash;
      plan.proofs.push({ id, proofHash });
    }
    view.ids.set(id, { exists: true, proofHash, latestRevision: Math.max(state.latestRevision, revision), lastHash: hash });
  }
  signBatch(plan.inserts, leaves, keys);
  for (const [index, stored] of created) plan.results[index] = { kind: 'created', stored: appended(stored) };
  return plan;
}

function appended({ id, revision, receivedAt, hash, kid, signature, receiptPath, record }: StoredRecord): AppendedRecord {
  return { id, revision, receivedAt, hash, kid, signature, receiptPath, expiresAt: record.expiresAt };
}

/** One signature for the whole batch (Ed25519 costs far more than the rest of a write); each record gets its path. */
function signBatch(inserts: StoredRecord[], leaves: string[], keys: ServerKeys): void {
  if (inserts.length === 0) return;
  const { kid, signature, paths } = signReceipts(keys, leaves);
  inserts.forEach((stored, index) => Object.assign(stored, { kid, signature, receiptPath: paths[index] }));
}

/** A retry of what is stored; after erasure only what erasure kept can be compared. */
function sameContent(stored: StoredRecord, record: ConsentRecord): boolean {
  if (stored.erasedAt !== null) return canonicalJson(impersonalRecord(stored.record)) === canonicalJson(impersonalRecord(record));
  return canonicalJson(stored.record) === canonicalJson(record);
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
