// Each stored record carries the SHA-256 of the previous record of the same id, so editing,
// reordering or removing a record in the middle of an id's history is detectable.
//
//   hash = hex(SHA-256(UTF-8(canonicalJson({ prevHash, receivedAt, userAgent, ipPrefix, secGpc, record }))))
//
// canonicalJson is JSON with no whitespace and object keys sorted by UTF-16 code units, which for
// the strings, integers, booleans and nulls a record holds is RFC 8785 (JCS). `seq` is not hashed:
// it is an artefact of one database. The first record of an id has prevHash = 64 zeros.
import { createHash } from 'node:crypto';
import type { IncomingRecord, StoredRecord } from './store.js';

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, incoming: IncomingRecord): string {
  const { record, receivedAt, userAgent, ipPrefix, secGpc } = incoming;
  const canonical = canonicalJson({ prevHash, receivedAt, userAgent, ipPrefix, secGpc, record });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface ChainVerdict {
  records: number;
  intact: boolean;
  /** Revision of the first record whose hash or link does not match. */
  brokenAt?: number;
}

/** Recompute the chain of one id's records, given in receive order. */
export function verifyChain(records: readonly StoredRecord[]): ChainVerdict {
  let expectedPrev = GENESIS_HASH;
  for (const stored of records) {
    if (stored.prevHash !== expectedPrev || chainHash(stored.prevHash, stored) !== stored.hash) {
      return { records: records.length, intact: false, brokenAt: stored.record.revision };
    }
    expectedPrev = stored.hash;
  }
  return { records: records.length, intact: true };
}
