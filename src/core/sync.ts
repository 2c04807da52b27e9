import type { ConsentManager } from './consent.js';
import { currentPage, endpointRecord, type EndpointRecord, type PageContext, type Receipt } from './endpoint.js';
import { outboxKey, type Outbox, type OutboxEntry } from './outbox.js';
import type { ConsentState, Warn } from './types.js';
import { randomUuid } from './uuid.js';
import { warnOncePerKind } from './warn.js';

export interface SyncOptions {
  readonly outbox: Outbox;
  readonly warn: Warn;
  readonly page?: () => PageContext;
  readonly fetch?: typeof fetch;
  /** Web Locks, so that one tab at a time sends the shared queue; absent on plain-http pages. */
  readonly locks?: LockManager;
  readonly random?: () => number;
  /** A new id, when the endpoint refuses this browser's proof for the current one. */
  readonly randomId?: () => string;
  /** Backoff: the n-th retry waits a random time up to min(maxMs, baseMs × 2ⁿ). */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
  readonly requestTimeoutMs?: number;
  /** Where `online` and `pagehide` are heard. */
  readonly target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** Records of decisions made on this page before syncing started (it loads after the page's first decisions may be made). */
  readonly earlier?: readonly EndpointRecord[];
  /** The decision the page became ready with, when syncing started after that (undefined: it did not). */
  readonly startedWith?: ConsentState | null;
}

/** What the endpoint answers besides the status (docs/endpoint.md). */
interface Answer {
  readonly error?: unknown;
  readonly receipt?: Receipt;
  readonly latestRevision?: unknown;
}

const LOCK_NAME = 'assent-outbox';
/** What the endpoint answers for a record that is malformed: it is refused for good. */
const MALFORMED = [400, 413, 415, 422];
/** Re-issues in a row before the queue waits for its backoff (an endpoint that refuses every id). */
const MAX_REISSUES = 4;

/**
 * Proves every decision to the shop's endpoint (docs/endpoint.md). Each decision, once stored locally,
 * is queued in the outbox and POSTed with the id's proof secret; it leaves the queue only on a
 * 2xx, whose receipt is kept. Failures retry with capped, jittered backoff, on the next load, when
 * the browser comes back online, and with `keepalive` when the page is hidden for good. 400, 413,
 * 415 and 422 mean the record is malformed: it is kept and not sent again. 403 (no proof for the
 * id) and 409 (another record at that revision) move the id's waiting records, and the manager's
 * latest decision, to a new id or to the next free revisions. Anything else is retried: a wrong
 * URL, a proxy's answer, an outage. Without an `endpoint`, nothing is queued or sent.
 */
export function syncToEndpoint(manager: ConsentManager, options: SyncOptions): () => void {
  const { outbox, warn } = options;
  const fetcher = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const random = options.random ?? Math.random;
  const retry = options.retry ?? { baseMs: 1000, maxMs: 5 * 60 * 1000 };
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const target = options.target ?? window;
  const locks = 'locks' in options ? options.locks : globalThis.navigator?.locks;
  const page = options.page ?? currentPage;
  const randomId = options.randomId ?? randomUuid;
  const warnOnce = warnOncePerKind<'status' | 'network' | 'refused'>(warn);
  /** What this page knows is waiting, for the `keepalive` sends at `pagehide` (IndexedDB is too slow then). */
  const waiting = new Map<string, EndpointRecord>();
  /** Each id's proof secret: while it is read or made, the promise of it (`pagehide` cannot wait for one). */
  const secrets = new Map<string, string | Promise<string>>();
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> | undefined;
  let flushAgain = false;

  const endpoint = () => (manager.snapshot.ready ? manager.snapshot.config.endpoint : undefined);

  function proofFor(id: string): string | Promise<string> {
    let secret = secrets.get(id);
    if (!secret) {
      const candidate = newSecret();
      secrets.set(id, (secret = outbox.proof(id, candidate).catch(() => candidate)));
      void secret.then((value) => secrets.set(id, value));
    }
    return secret;
  }

  function post(url: string, record: EndpointRecord, secret: string | undefined, keepalive = false): Promise<Response> {
    return fetcher(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(secret && { 'Assent-Proof': secret }) },
      body: JSON.stringify(record),
      credentials: 'include',
      keepalive,
      signal: keepalive ? undefined : AbortSignal.timeout(requestTimeoutMs),
    });
  }

  /**
   * Sends the queue in order; stops at the first failure, so records arrive oldest first. After a
   * re-issue it starts again with the records as they now are.
   * Answers whether it got through (false: a retry is scheduled).
   */
  async function sendQueue(): Promise<boolean> {
    const url = endpoint();
    if (!url) return true;
    for (let reissues = 0; reissues < MAX_REISSUES; reissues++) {
      const sent = await sendEntries(url, await outbox.all());
      if (sent !== undefined) {
        if (!sent) scheduleRetry();
        return sent;
      }
    }
    scheduleRetry();
    return false;
  }

  /** true: every entry went through; false: one failed; undefined: the entries were re-issued. */
  async function sendEntries(url: string, entries: readonly OutboxEntry[]): Promise<boolean | undefined> {
    const where = new URL(url, document.baseURI).href;
    for (const entry of entries) {
      if (refusedForGood(entry)) continue;
      const { record } = entry;
      waiting.set(outboxKey(record), record);
      let response: Response;
      let answer: Answer;
      try {
        response = await post(url, record, await proofFor(record.id));
        // Read in any case: an unread body keeps the request open until the timeout.
        answer = (await response.json().catch(() => undefined)) ?? {};
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'TimeoutError')) {
          warnOnce('network', `could not reach the endpoint ${where} (network, or the shop's origin missing from the endpoint's allowed origins); records are kept and retried.`);
        }
        return false;
      }
      const { status, ok } = response;
      const { error } = answer;
      // Only the endpoint's own answers count: a proxy's 403 or 409 is retried like a 404.
      const proofRequired = status === 403 && error === 'proof required';
      if (proofRequired || (status === 409 && (error === 'conflict' || error === 'revision out of range'))) {
        await reissue(record, entries, proofRequired ? randomId() : record.id, proofRequired ? 0 : Number(answer.latestRevision) | 0);
        return undefined;
      }
      if (!ok && !MALFORMED.includes(status)) {
        if (status < 500 && status !== 408 && status !== 429) {
          warnOnce('status', `the endpoint ${where} answered ${status}: check the endpoint attribute / proxy; records are kept and retried.`);
        }
        return false;
      }
      waiting.delete(outboxKey(record));
      failures = 0;
      await (ok ? outbox.delivered(record, answer.receipt) : refuse(record, status));
    }
    return true;
  }

  /**
   * The id's waiting records, with the manager's latest decision on top if it is not among them, become consecutive revisions under `id`: from 1 under a new one, after `after`
   * under the same one. Every other field stays as decided.
   */
  async function reissue(failing: EndpointRecord, entries: readonly OutboxEntry[], id: string, after: number): Promise<void> {
    const ofId = entries.filter(({ record }) => record.id === failing.id);
    // All of the id's waiting records, not only those from `failing` on: one queued late (a decision
    // caught up from an earlier page) keeps its place below the later ones.
    const old = ofId.filter((entry) => !refusedForGood(entry)).map(({ record }) => record);
    const latest = manager.latest;
    if (latest?.id === failing.id && latest.revision >= failing.revision && !old.some((record) => record.revision === latest.revision)) {
      old.push(endpointRecord(latest, manager.snapshot, page()));
    }
    // Under the same id: after the endpoint's latest revision, and after any kept here as evidence.
    let revision = id === failing.id ? Math.max(after, ...ofId.filter(refusedForGood).map(({ record }) => record.revision)) : 0;
    const moved = old.map((record) => ({ record: { ...record, id, revision: ++revision } }));
    for (const record of old) waiting.delete(outboxKey(record));
    failures = 0;
    await outbox.replace(old, moved);
    await Promise.all(old.map((record, index) => manager.reissue(record, moved[index]!.record)));
  }

  async function refuse(record: EndpointRecord, status: number): Promise<void> {
    await outbox.put({ record, refused: { status, at: new Date().toISOString() } });
    warnOnce('refused', `the endpoint refused a consent record (HTTP ${status}); it is kept in the outbox and not sent again.`);
  }

  function scheduleRetry(): void {
    if (retryTimer !== undefined) return;
    const delay = random() * Math.min(retry.maxMs, retry.baseMs * 2 ** failures);
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void flush();
    }, delay);
  }

  /** One sender per page, and with Web Locks one at a time per site. */
  function flush(): Promise<void> {
    if (flushing) {
      flushAgain = true;
      return flushing;
    }
    // Waiting for the lock (rather than skipping) means the queue is read after the other tab's
    // sends: each record goes out once, and nothing new is left behind.
    const once = async (): Promise<boolean> => (locks ? await locks.request(LOCK_NAME, () => sendQueue()) : sendQueue());
    flushing = (async () => {
      let gotThrough = true;
      do {
        flushAgain = false;
        try {
          gotThrough = await once();
        } catch (error) {
          warn(`could not send consent records (${error instanceof Error ? error.message : String(error)}); they stay queued.`);
          scheduleRetry();
          gotThrough = false;
        }
      } while (flushAgain && gotThrough); // after a failure the scheduled retry goes on
    })().finally(() => (flushing = undefined));
    return flushing;
  }

  /**
   * The outbox write is issued right after the decision's own write (not after it completes), so
   * that a page closed at once loses neither, even while the page is still catching up; the POST
   * waits for both, and for the catch-up, so that a decision caught up from an earlier page is
   * sent before a new one (which may come at once: GPC, the API).
   */
  async function queue(record: EndpointRecord): Promise<void> {
    waiting.set(outboxKey(record), record);
    void proofFor(record.id); // known by `pagehide`, if the page closes right away
    await Promise.all([manager.saved, outbox.put({ record })]);
    await caughtUp;
    await flush();
  }

  /**
   * A decision stored locally whose queueing was cut off (the page closed at once) is queued now:
   * the one this page started with, which a decision made here before syncing started has replaced
   * as the state, and the state itself.
   */
  async function catchUp(): Promise<void> {
    const { snapshot } = manager;
    if (!snapshot.config.endpoint) return;
    const queued = new Set((await outbox.all()).map((entry) => outboxKey(entry.record)));
    const delivered = await outbox.lastDelivered(); // keys of one id compare by revision
    for (const state of new Set([options.startedWith, snapshot.state])) {
      if (!state) continue;
      const key = outboxKey(state);
      const deliveredBefore = !delivered?.startsWith(`${state.id}:`) || delivered < key;
      if (!queued.has(key) && deliveredBefore) await outbox.put({ record: endpointRecord(state, snapshot, page()) });
    }
  }

  let caughtUp: Promise<void> = Promise.resolve();
  const start = () => void (caughtUp = catchUp().catch(() => undefined)).then(flush);
  const stop = manager.subscribe((event, snapshot) => {
    if (event.type === 'ready') start();
    else if (event.type === 'decision' && event.source === 'local' && snapshot.config.endpoint) {
      void queue(endpointRecord(event.state, snapshot, page()));
    }
  });
  const onOnline = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    failures = 0;
    void flush();
  };
  const onPageHide = () => {
    const url = endpoint();
    if (!url) return;
    for (const record of waiting.values()) {
      const secret = secrets.get(record.id);
      post(url, record, typeof secret === 'string' ? secret : undefined, true).catch(() => undefined);
    }
  };
  target.addEventListener('online', onOnline);
  target.addEventListener('pagehide', onPageHide);
  if (manager.snapshot.ready) start();
  for (const record of options.earlier ?? []) void queue(record);
  return () => {
    stop();
    clearTimeout(retryTimer);
    target.removeEventListener('online', onOnline);
    target.removeEventListener('pagehide', onPageHide);
  };
}

/** A proof secret: 32 random bytes, base64url without padding (43 characters). */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (char) => ({ '+': '-', '/': '_', '=': '' })[char]!);
}

/** Kept as evidence of a malformed record, never sent again. */
function refusedForGood(entry: OutboxEntry): boolean {
  return MALFORMED.includes(entry.refused?.status ?? 0);
}
