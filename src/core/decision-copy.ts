import { checkRecord } from './record.js';
import type { Config, ConsentState } from './types.js';

// The compact copy of a decision kept beside IndexedDB (docs/gating.md#the-returning-shopper):
// readable synchronously, and small and plain enough for a cookie value.
//
//   a1|<id>|<revision>|<decided>|<expires>|<policy version, URI-encoded>|
//   <categories joined by ~, a refused one with a leading !>|<method>|<gpc 0 or 1>|<checksum>

const FORMAT = 'a1';
const SEPARATOR = '|';

/** The copy of `record`, with a checksum over everything before it. */
export function encodeCopy(record: ConsentState): string {
  const decisions = Object.entries(record.decisions).map(([name, granted]) => (granted ? name : `!${name}`));
  const body = [FORMAT, record.id, record.revision, record.timestamp, record.expiresAt, encodeURIComponent(record.policyVersion), decisions.join('~'), record.method, +record.gpc].join(SEPARATOR);
  return body + SEPARATOR + checksum(body);
}

/**
 * The decision a copy holds, checked like every record read back (core/record.ts); undefined for
 * anything else: a checksum that does not match (edited, truncated, written by another tool), an
 * unknown format, a field that is not a record's.
 */
export function decodeCopy(copy: string | undefined, now: number): ConsentState | undefined {
  const end = copy?.lastIndexOf(SEPARATOR) ?? -1;
  const body = copy?.slice(0, end) ?? '';
  if (end < 0 || copy!.slice(end + 1) !== checksum(body)) return undefined;
  const [format, id, revision, timestamp, expiresAt, policyVersion, decisions, method, gpc] = body.split(SEPARATOR);
  if (format !== FORMAT || decisions === undefined) return undefined;
  try {
    const check = checkRecord(
      {
        id,
        revision: Number(revision),
        timestamp,
        expiresAt,
        policyVersion: decodeURIComponent(policyVersion!),
        decisions: Object.fromEntries(decisions.split('~').map((name) => (name[0] === '!' ? [name.slice(1), false] : [name, true]))),
        method,
        gpc: gpc === '1',
      },
      now,
    );
    return check.ok ? check.record : undefined;
  } catch {
    return undefined; // a broken %-escape
  }
}

/** Whether the decision names exactly the configured categories: a copy for another set is not decided from. */
export function sameCategories(record: ConsentState, config: Config): boolean {
  const names = Object.keys(record.decisions);
  return names.length === config.categories.length && config.categories.every(({ name }) => name in record.decisions);
}

/**
 * Whether `candidate` replaces `current`: under the same id, a higher revision; under another id
 * (two sub-domains that decided before they shared), the later decision.
 */
export function supersedes(candidate: ConsentState, current: ConsentState | null): boolean {
  if (!current) return true;
  if (candidate.id === current.id) return candidate.revision > current.revision;
  return Date.parse(candidate.timestamp) > Date.parse(current.timestamp);
}

/**
 * FNV-1a, 32 bits: it catches edits and truncation, not forgery (whoever can write the copy can
 * recompute it). What the page trusts before IndexedDB answers is said in copy-store.ts.
 */
function checksum(text: string): string {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return (hash >>> 0).toString(36);
}
