import type { ConsentManager } from './consent.js';
import { currentPage, endpointRecord, type EndpointRecord, type PageContext } from './endpoint.js';
import { outboxKey, type Outbox, type OutboxEntry } from './outbox.js';
import type { Warn } from './types.js';
import { warnOncePerKind } from './warn.js';

export interface SyncOptions {
  readonly outbox: Outbox;
  readonly warn: Warn;
  readonly page?: () => PageContext;
  readonly fetch?: typeof fetch;
  /** Web Locks, so that one tab at a time sends the shared queue; absent on plain-http pages. */
  readonly locks?: LockManager;
  readonly random?: () => number;
  /** Backoff: the n-th retry waits a random time up to min(maxMs, baseMs × 2ⁿ). */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
  readonly requestTimeoutMs?: number;
  /** Where `online` and `pagehide` are heard. */
  readonly target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

const LOCK_NAME = 'assent-outbox';
/** What the endpoint answers for a record that is malformed: it is refused for good. */
const MALFORMED = [400, 413, 415, 422];

/**
 * Proves every decision to the shop's endpoint (docs/endpoint.md). Each decision, once stored locally,
 * is queued in the outbox and POSTed; it leaves the queue only on a 2xx. Failures retry with
 * capped, jittered backoff, on the next load, when the browser comes back online, and with
 * `keepalive` when the page is hidden for good. 400, 413, 415 and 422 mean the record is
 * malformed: it is kept and not sent again. Anything else is retried: a wrong URL, a proxy's
 * answer, an outage. Without an `endpoint`, nothing is queued or sent.
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
  const warnOnce = warnOncePerKind<'status' | 'network' | 'refused'>(warn);
  /** What this page knows is waiting, for the `keepalive` sends at `pagehide` (IndexedDB is too slow then). */
  const waiting = new Map<string, EndpointRecord>();
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> | undefined;
  let flushAgain = false;

  const endpoint = () => (manager.snapshot.ready ? manager.snapshot.config.endpoint : undefined);

  function post(url: string, record: EndpointRecord, keepalive = false): Promise<Response> {
    return fetcher(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(record),
      credentials: 'include',
      keepalive,
      signal: keepalive ? undefined : AbortSignal.timeout(requestTimeoutMs),
    });
  }

  /**
   * Sends the queue in order; stops at the first failure, so records arrive oldest first.
   * Answers whether it got through (false: a retry is scheduled).
   */
  async function sendQueue(): Promise<boolean> {
    const url = endpoint();
    if (!url) return true;
    const where = new URL(url, document.baseURI).href;
    for (const entry of await outbox.all()) {
      if (refusedForGood(entry)) continue;
      const { record } = entry;
      waiting.set(outboxKey(record), record);
      let response: Response;
      try {
        response = await post(url, record);
        // Read, though not needed: an unread body keeps the request open until the timeout.
        await response.arrayBuffer().catch(() => undefined);
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'TimeoutError')) {
          warnOnce('network', `could not reach the endpoint ${where} (network, or the shop's origin missing from the endpoint's allowed origins); records are kept and retried.`);
        }
        scheduleRetry();
        return false;
      }
      const { status, ok } = response;
      if (!ok && !MALFORMED.includes(status)) {
        if (status < 500 && status !== 408 && status !== 429) {
          warnOnce('status', `the endpoint ${where} answered ${status}: check the endpoint attribute / proxy; records are kept and retried.`);
        }
        scheduleRetry();
        return false;
      }
      waiting.delete(outboxKey(record));
      failures = 0;
      await (ok ? outbox.delivered(record) : refuse(record, status));
    }
    return true;
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
   * that a page closed at once loses neither; the POST waits for both.
   */
  async function queue(record: EndpointRecord): Promise<void> {
    waiting.set(outboxKey(record), record);
    await Promise.all([manager.saved, outbox.put({ record })]);
    await flush();
  }

  /** A decision stored locally whose queueing was cut off (the page closed at once) is queued now. */
  async function catchUp(): Promise<void> {
    const { state, config } = manager.snapshot;
    if (state && config.endpoint) {
      const key = outboxKey(state);
      const queued = (await outbox.all()).some((entry) => outboxKey(entry.record) === key);
      const delivered = await outbox.lastDelivered(); // keys of one id compare by revision
      const deliveredBefore = !delivered?.startsWith(`${state.id}:`) || delivered < key;
      if (!queued && deliveredBefore) {
        await outbox.put({ record: endpointRecord(state, config, page()) });
      }
    }
    await flush();
  }

  const stop = manager.subscribe((event, snapshot) => {
    if (event.type === 'ready') void catchUp();
    else if (event.type === 'decision' && event.source === 'local' && snapshot.config.endpoint) {
      void queue(endpointRecord(event.state, snapshot.config, page()));
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
    for (const record of waiting.values()) post(url, record, true).catch(() => undefined);
  };
  target.addEventListener('online', onOnline);
  target.addEventListener('pagehide', onPageHide);
  if (manager.snapshot.ready) void catchUp();
  return () => {
    stop();
    clearTimeout(retryTimer);
    target.removeEventListener('online', onOnline);
    target.removeEventListener('pagehide', onPageHide);
  };
}

/** Kept as evidence of a malformed record, never sent again. */
function refusedForGood(entry: OutboxEntry): boolean {
  return MALFORMED.includes(entry.refused?.status ?? 0);
}
