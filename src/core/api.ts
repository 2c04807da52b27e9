import type { ConsentManager } from './consent.js';
import type { DeliveredRecord } from './endpoint.js';
import type { Outbox } from './outbox.js';
import { NECESSARY, type ConsentState } from './types.js';

/** `window.assent` and `import { consent } from 'assent'` (docs/api.md). */
export interface AssentApi {
  /** Resolves once the stored decision is loaded. */
  readonly ready: Promise<ConsentState | null>;
  /** The decision in force; null before the shopper decided. */
  readonly state: ConsentState | null;
  /** Whether code of that category may run now. */
  granted(category: string): boolean;
  /** Resolves at once when granted, or when granted later. */
  whenGranted(category: string): Promise<void>;
  acceptAll(): Promise<ConsentState>;
  rejectAll(): Promise<ConsentState>;
  /** Changes the named categories, e.g. `update({ analytics: true })`; the others stay. */
  update(decisions: Readonly<Record<string, boolean>>): Promise<ConsentState>;
  /** Shows the preference center. */
  openPreferences(): void;
  /** Withdraws every optional category and shows the banner again. */
  withdraw(): Promise<ConsentState>;
  /** The latest record the endpoint stored, with its signed receipt; null when there is none. */
  receipt(): Promise<DeliveredRecord | null>;
}

declare global {
  interface Window {
    /** The page's consent API (docs/api.md), the same object as `import { consent } from 'assent'`. */
    assent: AssentApi;
  }
}

/**
 * The public face of the manager: decisions made here are recorded with method `api`. Receipts
 * come from the outbox, which is read only on a page with an endpoint.
 */
export function createConsentApi(manager: ConsentManager, outbox?: () => Promise<Pick<Outbox, 'receipt'> | undefined>): AssentApi {
  return Object.freeze({
    ready: manager.ready,
    get state() {
      return manager.state;
    },
    granted: (category: string) => manager.granted(category),
    whenGranted: (category: string) => whenGranted(manager, category),
    acceptAll: () => manager.acceptAll('api'),
    rejectAll: () => manager.rejectAll('api'),
    update: (decisions: Readonly<Record<string, boolean>>) => manager.update(decisions, 'api'),
    openPreferences: () => manager.openPreferences(),
    withdraw: () => manager.withdraw(),
    receipt: async () => {
      await manager.ready;
      return (manager.snapshot.config.endpoint && (await (await outbox?.())?.receipt())) || null;
    },
  });
}

function whenGranted(manager: ConsentManager, category: string): Promise<void> {
  if (category === NECESSARY || manager.granted(category)) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = manager.subscribe(() => {
      if (!manager.granted(category)) return;
      stop();
      resolve();
    });
  });
}
