import type { AssentApi } from './api.js';
import { NECESSARY } from './types.js';

const ARRIVE = Symbol.for('assent.arrive');

/** `window.assent` while only the head part has run: it hands over to the real one when it arrives. */
export type EarlyApi = AssentApi & { readonly [ARRIVE]: (api: AssentApi) => void };

/**
 * The API the head part (`assent-head.js`) puts on `window` before the main script has loaded:
 * it answers what is already known (nothing optional is granted, no state yet) and runs every
 * other call on the real API once it has arrived, in order. A page may keep this object: it
 * forwards to the real API for the rest of the page's life.
 */
export function createEarlyApi(): EarlyApi {
  let real: AssentApi | undefined;
  let arrive!: (api: AssentApi) => void;
  const arrived = new Promise<AssentApi>((resolve) => (arrive = resolve));
  const later = <T>(call: (api: AssentApi) => T | PromiseLike<T>) => arrived.then(call);
  return {
    [ARRIVE]: (api) => {
      real = api;
      arrive(api);
    },
    ready: later((api) => api.ready),
    get state() {
      return real?.state ?? null;
    },
    granted: (category) => (real ? real.granted(category) : category === NECESSARY),
    whenGranted: (category) => later((api) => api.whenGranted(category)),
    acceptAll: () => later((api) => api.acceptAll()),
    rejectAll: () => later((api) => api.rejectAll()),
    update: (decisions) => later((api) => api.update(decisions)),
    openPreferences: () => void later((api) => api.openPreferences()),
    withdraw: () => later((api) => api.withdraw()),
    receipt: () => later((api) => api.receipt()),
  };
}

/** Hands the real API to the head part's early one, if the page has it. */
export function handOverEarlyApi(candidate: unknown, api: AssentApi): void {
  if (candidate && typeof candidate === 'object' && ARRIVE in candidate) (candidate as EarlyApi)[ARRIVE](api);
}
