import { CATEGORY_NAME, CONSENT_METHODS, NECESSARY, type ConsentMethod, type ConsentState } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DECISIONS = 64;
const MAX_LIFETIME_MS = 395 * 24 * 60 * 60 * 1000;
/** The highest revision an endpoint stores (2³¹−1). */
export const MAX_REVISION = 2147483647;
/** How far ahead of this browser's clock a decision's time may be (clocks drift, and are set by hand). */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

export type RecordCheck = { ok: true; record: ConsentState } | { ok: false; problem: string };

/**
 * Checks a value read back from storage (or another tab) field by field. Anything that is not
 * exactly a consent record is refused with the first problem found: a decision is never guessed.
 * With `now`, a decision dated more than a few minutes after it is refused too: its time cannot
 * be the time it was made.
 */
export function checkRecord(value: unknown, now?: number): RecordCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('not an object');
  const record = value as Record<string, unknown>;
  const { id, revision, timestamp, expiresAt, policyVersion, decisions, method, gpc } = record;
  if (typeof id !== 'string' || !UUID.test(id)) return refuse('id');
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1 || revision > MAX_REVISION) return refuse('revision');
  const decidedAt = typeof timestamp === 'string' ? isoTime(timestamp) : NaN;
  if (Number.isNaN(decidedAt) || decidedAt > (now ?? Infinity) + FUTURE_TOLERANCE_MS) return refuse('timestamp');
  const expiresAtTime = typeof expiresAt === 'string' ? isoTime(expiresAt) : NaN;
  if (!(expiresAtTime > decidedAt && expiresAtTime - decidedAt <= MAX_LIFETIME_MS)) return refuse('expiresAt');
  if (typeof policyVersion !== 'string' || policyVersion === '' || policyVersion.length > 256) return refuse('policyVersion');
  if (!isDecisions(decisions)) return refuse('decisions');
  if (typeof method !== 'string' || !(CONSENT_METHODS as readonly string[]).includes(method)) return refuse('method');
  if (typeof gpc !== 'boolean') return refuse('gpc');
  return {
    ok: true,
    record: Object.freeze({
      id,
      revision,
      timestamp: timestamp as string,
      expiresAt: expiresAt as string,
      policyVersion,
      decisions: Object.freeze({ ...decisions }),
      method: method as ConsentMethod,
      gpc,
    }),
  };
}

function refuse(problem: string): RecordCheck {
  return { ok: false, problem };
}

function isoTime(text: string): number {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text) ? Date.parse(text) : NaN;
}

function isDecisions(value: unknown): value is Record<string, boolean> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_DECISIONS &&
    entries.every(([name, granted]) => CATEGORY_NAME.test(name) && typeof granted === 'boolean') &&
    (value as Record<string, unknown>)[NECESSARY] === true
  );
}
