import { decodeCopy, encodeCopy } from './decision-copy.js';
import type { Config, ConsentState } from './types.js';

/** The copy's name: the localStorage key of this origin's, and the cookie shared with `cookie-domain`. */
export const COPY_NAME = 'assent_consent';

/**
 * The copies of the decision beside IndexedDB, read and written synchronously
 * (docs/gating.md#the-returning-shopper). IndexedDB stays the source of truth.
 */
export interface DecisionCopies {
  /**
   * The decision to start from before IndexedDB answers: the copy this origin stored itself
   * (localStorage, as isolated as IndexedDB), and with `cookie-domain` only while the shared cookie
   * still says the same — a newer one, or one another sub-domain wrote, waits for IndexedDB.
   */
  trusted(config: Config, now: number): ConsentState | undefined;
  /** With `cookie-domain`: the decision shared by the sub-domains, whichever wrote it. */
  shared(config: Config, now: number): ConsentState | undefined;
  /** Copies `record` (and with `cookie-domain` shares it), or forgets this origin's copy (null). */
  keep(record: ConsentState | null, config: Config): void;
}

export function createDecisionCopies(doc: Document = document, storage: () => Storage = () => localStorage): DecisionCopies {
  const own = () => attempt(() => storage().getItem(COPY_NAME) ?? undefined);
  const cookie = () =>
    attempt(() =>
      doc.cookie
        .split('; ')
        .find((pair) => pair.startsWith(`${COPY_NAME}=`))
        ?.slice(COPY_NAME.length + 1),
    );
  return {
    trusted(config, now) {
      const copy = own();
      return config.cookieDomain && cookie() !== copy ? undefined : decodeCopy(copy, now);
    },
    shared: (config, now) => (config.cookieDomain ? decodeCopy(cookie(), now) : undefined),
    keep(record, config) {
      const copy = record ? encodeCopy(record) : undefined;
      // Removed first: a copy that cannot be written (a full quota) must not leave an older one behind.
      if (own() !== copy) attempt(() => (storage().removeItem(COPY_NAME), copy && storage().setItem(COPY_NAME, copy)));
      if (!copy || !config.cookieDomain || cookie() === copy) return;
      // An expired decision gets a Max-Age of 0 or less: the browser drops the cookie.
      const maxAge = Math.floor((Date.parse(record!.expiresAt) - Date.now()) / 1000);
      const secure = doc.location.protocol === 'https:' ? '; secure' : '';
      attempt(() => (doc.cookie = `${COPY_NAME}=${copy}; domain=${config.cookieDomain}; path=/; max-age=${maxAge}; samesite=lax${secure}`));
    },
  };
}

/** Storage and cookies throw where they are blocked (sandboxed frames, some privacy settings): then there is no copy. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
