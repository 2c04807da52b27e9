// Wrong admin tokens per client address: past the limit, every sign-in from that address is
// refused until the window ends, the right token included, so that guessing learns nothing.
// Kept in memory, per instance, like the general rate limit.

export interface SignInThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at most; the oldest is forgotten first. */
  maxClients: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = { maxFailures: 10, windowMs: 15 * 60_000, maxClients: 10_000 };

export class SignInThrottle {
  readonly #options: SignInThrottleOptions;
  readonly #failures = new Map<string, { count: number; until: number }>();

  constructor(options: SignInThrottleOptions = DEFAULT_SIGN_IN_THROTTLE) {
    this.#options = options;
  }

  /** Seconds until this client may try again; 0 when it may now. */
  retryAfter(client: string, now: number): number {
    const entry = this.#failures.get(client);
    if (!entry || entry.until <= now) return 0;
    return entry.count >= this.#options.maxFailures ? Math.ceil((entry.until - now) / 1000) : 0;
  }

  /** Counts a wrong token; the one that reaches the limit locks the client out for a whole window. */
  failed(client: string, now: number): void {
    const { maxFailures, windowMs, maxClients } = this.#options;
    const entry = this.#failures.get(client);
    const count = entry && entry.until > now ? entry.count + 1 : 1;
    this.#failures.delete(client); // re-inserted last: the map stays ordered oldest first
    this.#failures.set(client, { count, until: count === 1 || count >= maxFailures ? now + windowMs : entry!.until });
    if (this.#failures.size > maxClients) this.#failures.delete(this.#failures.keys().next().value!);
  }

  succeeded(client: string): void {
    this.#failures.delete(client);
  }
}
