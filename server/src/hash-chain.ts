// What makes the log tamper-evident (docs/proof-of-consent.md).
//
// Each stored record carries the SHA-256 of the previous record of the same id (the id's chain),
// and the SHA-256 of the previous record in the whole log (the log chain, which signed checkpoints
// pin down). Every column that decides what the endpoint answers is inside the hash, and
// verification compares the columns with it:
//
//   hash = hex(SHA-256(UTF-8(canonicalJson({ v: 2, prevHash, id, revision, receivedAt, secGpc,
//                                           record: record without url and subject, personal }))))
//
// `personal` holds salted digests of the fields a shopper may have erased (url, subject, user
// agent, IP prefix): erasure removes the values and the salt and keeps the digests, so the chain
// still verifies and the erased values cannot be guessed back from it.
//
// canonicalJson is JSON with no whitespace and object keys sorted by UTF-16 code units: for the
// strings, integers, booleans and nulls a record holds, that is RFC 8785 (JCS). Records stored by
// Assent 0.1 and 0.2 were hashed without id, revision and digests (version 1) and verify as such.
import { hash as digestOf, randomBytes } from 'node:crypto';
import type { KeyedRecord, PersonalDigests, StoredRecord } from './store.js';
import type { ConsentRecord } from './schema.js';
import { SIGNATURE_ALGORITHM, type ServerKeys } from './keys.js';

export const GENESIS_HASH = '0'.repeat(64);
export const CHAIN_VERSION = 2;
export const RECEIPT_VERSION = 1;

export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, sortedKeys);
  } catch (error) {
    if (error !== ARRAY_INDEX_KEY) throw error;
    return canonicalByHand(value);
  }
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;
const ARRAY_INDEX_KEY = new Error('an array-index-like key');

/**
 * JSON.stringify's replacer, handing it each plain object with its keys in canonical order: the
 * fast path. Insertion order is property order for every key except array-index-like ones ("10"),
 * which engines list first, numerically: such an object is written by hand instead.
 */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value).sort();
  const sorted: Record<string, unknown> = {};
  for (const key of keys) {
    if (ARRAY_INDEX.test(key)) throw ARRAY_INDEX_KEY;
    sorted[key] = (value as Record<string, unknown>)[key];
  }
  return sorted;
}

function canonicalByHand(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalByHand(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalByHand(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256Hex(text: string): string {
  return digestOf('sha256', text, 'hex');
}

/** The fields erasure removes, with what the endpoint itself saw (user agent, IP prefix). */
export interface PersonalValues {
  url: string | null;
  subject: string | null;
  userAgent: string | null;
  ipPrefix: string | null;
}

export function personalValues(stored: Pick<KeyedRecord, 'record' | 'userAgent' | 'ipPrefix'>): PersonalValues {
  return {
    url: stored.record.url ?? null,
    subject: stored.record.subject ?? null,
    userAgent: stored.userAgent,
    ipPrefix: stored.ipPrefix,
  };
}

/** Random 16-byte salts, hex: the n-th of `count`. */
export function newSalts(count: number): (index: number) => string {
  const bytes = randomBytes(16 * Math.max(count, 1));
  return (index) => bytes.subarray(16 * index, 16 * index + 16).toString('hex');
}

/** Salted digest per field; null stays null (nothing to prove). */
export function personalDigests(salt: string, values: PersonalValues): PersonalDigests {
  const digest = (name: keyof PersonalValues) => {
    const value = values[name];
    return value === null ? null : sha256Hex(`${salt}\0${name}\0${value}`);
  };
  return { url: digest('url'), subject: digest('subject'), userAgent: digest('userAgent'), ipPrefix: digest('ipPrefix') };
}

/** The record without the fields erasure removes. */
export function impersonalRecord(record: ConsentRecord): ConsentRecord {
  const { url: _url, subject: _subject, ...rest } = record;
  return rest;
}

export interface ChainInput {
  prevHash: string;
  id: string;
  revision: number;
  receivedAt: string;
  secGpc: boolean;
  record: ConsentRecord;
  personal: PersonalDigests;
}

/**
 * canonicalJson of a record, whole and without the fields erasure removes (`impersonalRecord`):
 * the receipt covers the first, the chain the second, and one sort of the keys serves both.
 */
export interface CanonicalRecord {
  whole: string;
  impersonal: string;
}

export function canonicalRecord(record: ConsentRecord): CanonicalRecord {
  let whole = '';
  let impersonal = '';
  for (const key of Object.keys(record).sort()) {
    const value = (record as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const member = `${JSON.stringify(key)}:${typeof value === 'object' && value !== null ? canonicalJson(value) : JSON.stringify(value)}`;
    whole += whole ? `,${member}` : member;
    if (key !== 'url' && key !== 'subject') impersonal += impersonal ? `,${member}` : member;
  }
  return { whole: `{${whole}}`, impersonal: `{${impersonal}}` };
}

/**
 * sha256 of canonicalJson({ v, prevHash, id, revision, receivedAt, secGpc, record: impersonalRecord(record), personal }),
 * written out in canonical key order so the record is serialized once per write (`canonical`).
 */
export function chainHash(input: ChainInput, canonical: CanonicalRecord = canonicalRecord(input.record)): string {
  const { prevHash, id, revision, receivedAt, secGpc, personal } = input;
  return sha256Hex(
    `{"id":${JSON.stringify(id)},"personal":${canonicalJson(personal)},"prevHash":${JSON.stringify(prevHash)},"receivedAt":${JSON.stringify(receivedAt)},` +
      `"record":${canonical.impersonal},"revision":${JSON.stringify(revision)},"secGpc":${JSON.stringify(secGpc)},"v":${CHAIN_VERSION}}`,
  );
}

/** How Assent 0.1 and 0.2 hashed a record. */
export function legacyChainHash(prevHash: string, stored: Pick<StoredRecord, 'record' | 'receivedAt' | 'userAgent' | 'ipPrefix' | 'secGpc'>): string {
  const { record, receivedAt, userAgent, ipPrefix, secGpc } = stored;
  return sha256Hex(canonicalJson({ prevHash, receivedAt, userAgent, ipPrefix, secGpc, record }));
}

/** The log chain: each record's link to the one stored before it, of any id. */
export function logHash(prevLogHash: string, hash: string): string {
  return sha256Hex(`${prevLogHash}${hash}`);
}

/**
 * A consent receipt: the endpoint's signed statement that it stored this record at this time.
 * Records stored together are signed together: each record is a leaf of a Merkle tree whose root
 * the endpoint signs once, and `path` leads from the record's leaf to that root.
 */
export interface Receipt {
  v: typeof RECEIPT_VERSION;
  alg: typeof SIGNATURE_ALGORITHM;
  kid: string;
  id: string;
  revision: number;
  receivedAt: string;
  hash: string;
  /** Sibling hashes from the leaf up: `l:<hex>` when the sibling is on the left, `r:<hex>` on the right. */
  path: string[];
  /** Ed25519 signature of `rootMessage(kid, root)`, base64url. */
  signature: string;
}

/** The leaf a record contributes: the record exactly as the browser sent it, its hash, its receive time. */
export function receiptLeaf(fields: { receivedAt: string; hash: string; record: ConsentRecord }, canonical: CanonicalRecord = canonicalRecord(fields.record)): string {
  const { receivedAt, hash } = fields;
  // canonicalJson({ v, receivedAt, hash, record }), in canonical key order
  return sha256Hex(`assent-receipt-leaf\0{"hash":${JSON.stringify(hash)},"receivedAt":${JSON.stringify(receivedAt)},"record":${canonical.whole},"v":${RECEIPT_VERSION}}`);
}

function merkleNode(left: string, right: string): string {
  return sha256Hex(`assent-receipt-node\0${left}${right}`);
}

/** What the endpoint signs for a batch of receipts. */
export function rootMessage(kid: string, root: string): string {
  return canonicalJson({ v: RECEIPT_VERSION, alg: SIGNATURE_ALGORITHM, kid, type: 'assent-receipts', root });
}

/** The root of the tree over `leaves`, and each leaf's path to it (an odd node moves up as it is). */
export function merkleTree(leaves: readonly string[]): { root: string; paths: string[][] } {
  const paths = leaves.map((): string[] => []);
  let level = leaves.map((hash, index) => ({ hash, members: [index] }));
  while (level.length > 1) {
    const next: typeof level = [];
    for (let index = 0; index < level.length; index += 2) {
      const left = level[index]!;
      const right = level[index + 1];
      if (!right) {
        next.push(left);
        continue;
      }
      for (const member of left.members) paths[member]!.push(`r:${right.hash}`);
      for (const member of right.members) paths[member]!.push(`l:${left.hash}`);
      next.push({ hash: merkleNode(left.hash, right.hash), members: [...left.members, ...right.members] });
    }
    level = next;
  }
  return { root: level[0]?.hash ?? '', paths };
}

/** Folds a leaf up its path; null for a malformed path. */
export function rootFromPath(leaf: string, path: readonly string[]): string | null {
  let hash = leaf;
  for (const step of path) {
    const match = /^([lr]):([0-9a-f]{64})$/.exec(step);
    if (!match) return null;
    hash = match[1] === 'l' ? merkleNode(match[2]!, hash) : merkleNode(hash, match[2]!);
  }
  return hash;
}

/** Signs a batch of records at once: one Ed25519 signature, one path per record. */
export function signReceipts(keys: ServerKeys, leaves: readonly string[]): { kid: string; signature: string; paths: string[][] } {
  const { root, paths } = merkleTree(leaves);
  return { kid: keys.kid, signature: keys.sign(rootMessage(keys.kid, root)), paths };
}

const verifiedRoots = new Set<string>();

/** Whether a stored record's receipt verifies; signatures already checked for a root are remembered. */
export function receiptVerifies(keys: ServerKeys, fields: { kid: string; signature: string; path: readonly string[]; receivedAt: string; hash: string; record: ConsentRecord }): boolean {
  const root = rootFromPath(receiptLeaf(fields), fields.path);
  if (root === null) return false;
  const key = `${fields.kid}:${root}:${fields.signature}`;
  if (verifiedRoots.has(key)) return true;
  if (!keys.verify(rootMessage(fields.kid, root), fields.signature, fields.kid)) return false;
  if (verifiedRoots.size > 10_000) verifiedRoots.clear();
  verifiedRoots.add(key);
  return true;
}

export function receiptOf(stored: Pick<StoredRecord, 'id' | 'revision' | 'receivedAt' | 'hash' | 'kid' | 'signature' | 'receiptPath'>): Receipt | null {
  if (!stored.signature || !stored.kid || !stored.receiptPath) return null;
  return {
    v: RECEIPT_VERSION,
    alg: SIGNATURE_ALGORITHM,
    kid: stored.kid,
    id: stored.id,
    revision: stored.revision,
    receivedAt: stored.receivedAt,
    hash: stored.hash,
    path: stored.receiptPath,
    signature: stored.signature,
  };
}

/** A signed checkpoint pins the log chain at `seq`: removing or rewriting any row up to it is detectable. */
export interface Checkpoint {
  seq: number;
  logHash: string;
  /** Rows the log held at that moment (for `prune`: rows removed). */
  records: number;
  createdAt: string;
  reason: 'periodic' | 'close' | 'prune' | 'admin';
  kid: string;
  signature: string;
}

export function checkpointMessage(checkpoint: Omit<Checkpoint, 'signature'>): string {
  const { seq, logHash: log, records, createdAt, reason, kid } = checkpoint;
  return canonicalJson({ v: 1, type: 'assent-checkpoint', seq, logHash: log, records, createdAt, reason, kid });
}

export function signCheckpoint(keys: ServerKeys, fields: Omit<Checkpoint, 'signature' | 'kid'>): Checkpoint {
  const unsigned = { ...fields, kid: keys.kid };
  return { ...unsigned, signature: keys.sign(checkpointMessage(unsigned)) };
}

export interface RowProblem {
  revision: number;
  seq: number;
  problem: string;
}

/** Checks one stored row on its own: its columns against its hash, its digests, its signature. */
export function checkRow(stored: StoredRecord, prevHash: string, keys: ServerKeys): string | null {
  if (stored.prevHash !== prevHash) return 'its link to the previous record of this id does not match';
  if (stored.record.id !== stored.id) return 'its id column differs from the record';
  if (stored.record.revision !== stored.revision) return 'its revision column differs from the record';
  if (stored.version === 1) {
    return legacyChainHash(stored.prevHash, stored) === stored.hash ? null : 'its hash does not match its content';
  }
  if (!stored.personal) return 'it has no personal-field digests';
  if (!stored.signature || !stored.kid || !stored.receiptPath) return 'it has no receipt signature';
  if (stored.erasedAt === null) {
    if (stored.salt === null) return 'its salt is missing although it was not erased';
    if (canonicalJson(personalDigests(stored.salt, personalValues(stored))) !== canonicalJson(stored.personal)) {
      return 'its url, subject, user agent or IP prefix differs from what was hashed';
    }
  } else if (stored.salt !== null || stored.userAgent !== null || stored.ipPrefix !== null || stored.record.url !== undefined || stored.record.subject !== undefined) {
    return 'it is marked erased but still holds personal fields';
  }
  const expected = chainHash({ ...stored, prevHash: stored.prevHash, personal: stored.personal });
  if (expected !== stored.hash) return 'its hash does not match its content';
  if (stored.erasedAt === null) {
    const { kid, signature, receiptPath: path, receivedAt, hash, record } = stored;
    if (!receiptVerifies(keys, { kid, signature, path, receivedAt, hash, record })) return 'its receipt signature does not verify';
  }
  return null;
}

export interface ChainVerdict {
  records: number;
  intact: boolean;
  /** Revision of the first record that does not verify. */
  brokenAt?: number;
  problem?: string;
  /** Receipt signatures checked; erased rows keep theirs, but it can only be checked against the shopper's copy. */
  signatures: { verified: number; erased: number; unsigned: number };
}

/**
 * Recomputes the chain of one id's records, given in log order. A first record that does not
 * start at the genesis hash is accepted only when older records were pruned by retention.
 */
export function verifyChain(records: readonly StoredRecord[], keys: ServerKeys, options: { pruned?: boolean } = {}): ChainVerdict {
  const signatures = { verified: 0, erased: 0, unsigned: 0 };
  let expectedPrev = GENESIS_HASH;
  for (const [index, stored] of records.entries()) {
    const prev = index === 0 && options.pruned && stored.prevHash !== GENESIS_HASH ? stored.prevHash : expectedPrev;
    const problem = checkRow(stored, prev, keys);
    if (problem) return { records: records.length, intact: false, brokenAt: stored.record.revision ?? stored.revision, problem, signatures };
    if (!stored.signature) signatures.unsigned++;
    else if (stored.erasedAt !== null) signatures.erased++;
    else signatures.verified++;
    expectedPrev = stored.hash;
  }
  return { records: records.length, intact: true, signatures };
}
