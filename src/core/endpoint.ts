import type { ConsentSnapshot } from './consent.js';
import type { Regime } from './jurisdiction.js';
import type { Config, ConsentState } from './types.js';
import { VERSION } from './version.js';

/** What the endpoint receives for each decision (docs/record.md). */
export interface EndpointRecord extends ConsentState {
  /** The UI language the shopper saw. */
  readonly language: string;
  /** The page's origin and path: no query, no fragment. */
  readonly url: string;
  readonly region: string | null;
  readonly subject: string | null;
  readonly client: string;
  /** The regime the decision was made in (absent in records queued by Assent 0.2). */
  readonly mode?: Regime;
  /** The presentation variant the shopper saw, when the page has variants. */
  readonly variant?: string;
}

/**
 * The endpoint's signed statement that it stored a record (docs/record.md#receipts): records stored
 * together are the leaves of a Merkle tree whose root the key `kid` signs with Ed25519; `path`
 * leads from this record's leaf to that root.
 */
export interface Receipt {
  readonly v: 1;
  readonly alg: 'Ed25519';
  /** Which of the endpoint's keys signed (`GET {endpoint}/keys`). */
  readonly kid: string;
  readonly id: string;
  readonly revision: number;
  /** When the endpoint stored the record, by its clock. */
  readonly receivedAt: string;
  /** The stored row's hash (64 hex digits). */
  readonly hash: string;
  /** Sibling hashes from the leaf up: `l:<hex>` when the sibling is on the left, `r:<hex>` on the right. */
  readonly path: readonly string[];
  /** Of the tree's root, base64url (64 bytes). */
  readonly signature: string;
}

/** A record as it was sent, and the endpoint's receipt for it. */
export interface DeliveredRecord {
  readonly record: EndpointRecord;
  readonly receipt: Receipt;
}

/** The page a decision was made on, as far as the record tells it. */
export interface PageContext {
  readonly location: Pick<Location, 'origin' | 'pathname'>;
  /** The page's language, when the configuration names none. */
  readonly language: string;
}

export function currentPage(): PageContext {
  return { location, language: languageTag(document.documentElement.lang) ?? navigator.language };
}

/**
 * A language tag the endpoint takes (`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`, at most 35
 * characters): `en_US`, as pages often write it, becomes `en-US`; anything else is no tag.
 */
export function languageTag(text: string | undefined): string | undefined {
  const tag = text?.replaceAll('_', '-');
  return tag && tag.length <= 35 && /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(tag) ? tag : undefined;
}

/** The record as sent: fixed at decision time, so a retry sends exactly what was decided. */
export function endpointRecord(state: ConsentState, snapshot: Pick<ConsentSnapshot, 'config' | 'mode' | 'variant'>, page: PageContext): EndpointRecord {
  const { config, mode, variant } = snapshot;
  return {
    id: state.id,
    revision: state.revision,
    timestamp: state.timestamp,
    expiresAt: state.expiresAt,
    policyVersion: state.policyVersion,
    decisions: state.decisions,
    method: state.method,
    gpc: state.gpc,
    language: languageTag(config.lang ?? page.language) ?? 'en',
    url: `${page.location.origin}${page.location.pathname}`,
    region: config.region ?? null,
    subject: config.subject ?? null,
    client: `assent/${VERSION}`,
    mode,
    ...(variant ? { variant } : {}),
  };
}

/** `endpoint` joined with a sub-path: `/api/consent` + `current` → `/api/consent/current`. */
export function endpointPath(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${path}`;
}

/**
 * GETs JSON from the endpoint, giving up after `timeoutMs`: undefined for "nothing" (204, or 404
 * from an older endpoint), an error for any other failure. A body not used is read all the same,
 * else the request stays open until the timeout.
 */
async function getJson(url: string, init: RequestInit, timeoutMs: number, fetcher: typeof fetch): Promise<unknown> {
  const response = await fetcher(url, { ...init, headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  const { status } = response;
  if (response.ok && status !== 204) return response.json();
  await response.arrayBuffer().catch(() => undefined);
  if (status === 204 || status === 404) return undefined;
  throw new Error(`the endpoint answered ${status}`);
}

/**
 * Asks the endpoint for a decision it keeps (docs/endpoint.md): `current` for this browser's
 * first-party `assent_id` cookie, or `subject/{subject}` for a signed-in shopper on a new device
 * (the decision alone, without id and revision). Answers undefined when there is none, and gives up after `timeoutMs` so the banner never waits
 * long on a slow endpoint.
 */
export function fetchStoredDecision(endpoint: string, path: string, timeoutMs: number, fetcher: typeof fetch = fetch): Promise<unknown> {
  return getJson(endpointPath(endpoint, path), { credentials: 'include' }, timeoutMs, fetcher);
}

/** Where the shop's endpoint places the shopper (`{ "region": "US-CA" }`), for `mode="auto"`; undefined when it does not know. */
export async function fetchRegion(endpoint: string, timeoutMs: number, fetcher: typeof fetch = fetch): Promise<string | undefined> {
  const { region } = ((await getJson(endpointPath(endpoint, 'region'), {}, timeoutMs, fetcher)) ?? {}) as { region?: unknown };
  return typeof region === 'string' && /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/i.test(region) ? region.toUpperCase() : undefined;
}

/** A decision kept at the endpoint: this browser's own, or the signed-in shopper's from another device. */
export interface KeptDecision {
  readonly record: unknown;
  /** From another browser profile (by `subject`): its id and revisions are not this browser's. */
  readonly otherBrowser: boolean;
}

/** This browser's decision at the endpoint, else the signed-in shopper's from another device. */
export async function fetchDecisionToRestore(config: Config, timeoutMs: number, fetcher: typeof fetch = fetch): Promise<KeptDecision | undefined> {
  if (!config.endpoint) return undefined;
  const current = await fetchStoredDecision(config.endpoint, 'current', timeoutMs, fetcher);
  if (current !== undefined) return { record: current, otherBrowser: false };
  if (!config.subject) return undefined;
  const shoppers = await fetchStoredDecision(config.endpoint, `subject/${encodeURIComponent(config.subject)}`, timeoutMs, fetcher);
  return shoppers === undefined ? undefined : { record: shoppers, otherBrowser: true };
}
