// Meta Pixel: consent, `fbq('consent', 'revoke' | 'grant')` before `fbq('init')`:
// https://developers.facebook.com/docs/meta-pixel/implementation/gdpr
// Limited Data Use, `fbq('dataProcessingOptions', ['LDU'], 0, 0)` (0, 0: Meta geolocates the
// shopper) or `fbq('dataProcessingOptions', [])`:
// https://developers.facebook.com/docs/meta-pixel/implementation/data-processing-options

type Fbq = ((...args: unknown[]) => void) & { queue?: unknown[] };

/** `window.fbq`, defined by Meta's base code. */
export interface MetaWindow {
  fbq?: Fbq;
}

/**
 * Calls `fbq` now, or, before Meta's base code has defined it, first thing once it has. The base
 * code returns early when `window.fbq` exists (`if(f.fbq)return`), so a queue of Assent's own
 * would keep fbevents.js from ever loading: the calls wait for the base code to define `fbq` and
 * give it its queue, and go first into that queue, through `fbq` itself, before the page's
 * `fbq('init')`. Calls made while others wait replace them: each says the consent in force.
 */
function callFbq(target: MetaWindow, calls: readonly unknown[][]): void {
  if (target.fbq) return calls.forEach((call) => target.fbq!(...call));
  const flush = (fbq: Fbq) => calls.forEach((call) => fbq(...call));
  Object.defineProperty(target, 'fbq', {
    configurable: true,
    set(fbq: Fbq) {
      delete target.fbq;
      target.fbq = fbq;
      if (typeof fbq != 'function') return;
      if (fbq.queue) return flush(fbq); // not Meta's base code: its queue is there already
      Object.defineProperty(fbq, 'queue', {
        configurable: true,
        set(queue: unknown[]) {
          delete fbq.queue;
          fbq.queue = queue;
          flush(fbq);
        },
      });
    },
  });
}

/** `fbq('consent', 'revoke')`, before the page's `fbq('init')`. */
export function sendMetaDefault(target: MetaWindow): void {
  callFbq(target, [['consent', 'revoke']]);
}

/**
 * `fbq('consent', 'grant' | 'revoke')`, after Limited Data Use is set or cleared when it applies
 * (`undefined`: it does not, and nothing is said about it).
 */
export function sendMetaUpdate(target: MetaWindow, granted: boolean, limitedDataUse: boolean | undefined): void {
  const options = limitedDataUse === undefined ? [] : [limitedDataUse ? ['dataProcessingOptions', ['LDU'], 0, 0] : ['dataProcessingOptions', []]];
  callFbq(target, [...options, ['consent', granted ? 'grant' : 'revoke']]);
}
