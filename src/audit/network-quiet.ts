import type { BrowserContext, Request } from 'playwright-core';

/** A request still open after this long (a long poll, a stream) no longer keeps the page busy. */
const LONG_LIVED_MS = 5_000;

/** Tells when a browser context's network has been quiet for a while. */
export class NetworkQuiet {
  private readonly open = new Map<Request, number>();
  private lastActivity = Date.now();

  constructor(context: BrowserContext) {
    context.on('request', (request) => {
      this.open.set(request, Date.now());
      this.lastActivity = Date.now();
    });
    const done = (request: Request) => {
      this.open.delete(request);
      this.lastActivity = Date.now();
    };
    context.on('requestfinished', done);
    context.on('requestfailed', done);
  }

  /**
   * Resolves once no request has started or ended for `quietMs` from now on (requests open
   * longer than a few seconds aside), or after `maxMs` at the latest.
   */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const start = Date.now();
    const deadline = start + maxMs;
    for (;;) {
      const now = Date.now();
      const busy = [...this.open.values()].some((since) => now - since < LONG_LIVED_MS);
      if ((!busy && now - Math.max(this.lastActivity, start) >= quietMs) || now >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
