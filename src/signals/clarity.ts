// Microsoft Clarity, Consent API v2:
// https://learn.microsoft.com/en-us/clarity/setup-and-installation/clarity-consent-api-v2
// Its v1 `clarity('consent', false)` is documented as deprecated ("should no longer be used");
// `consentv2` with `analytics_Storage: 'denied'` after a grant has Clarity clear its own cookies.

/** `window.clarity`: Clarity's function, or the queue its tag snippet makes and the tag reads (`clarity.q`). */
export interface ClarityWindow {
  clarity?: ((...args: unknown[]) => void) & { q?: unknown[] };
}

/** Clarity's function, or a queue made as its snippet makes it (`c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)}`). */
function clarity(target: ClarityWindow): (...args: unknown[]) => void {
  return (target.clarity ??= function clarityQueue() {
    // eslint-disable-next-line prefer-rest-params -- the tag reads the queued arguments objects, as the snippet queues them
    (target.clarity!.q ??= []).push(arguments);
  });
}

/** `clarity('consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' })`, before the tag. */
export function sendClarityDefault(target: ClarityWindow): void {
  clarity(target)('consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' });
}

/** `clarity('consentv2', { ad_Storage, analytics_Storage })`. */
export function sendClarityUpdate(target: ClarityWindow, consent: { readonly ads: boolean; readonly analytics: boolean }): void {
  const value = (granted: boolean) => (granted ? 'granted' : 'denied');
  clarity(target)('consentv2', { ad_Storage: value(consent.ads), analytics_Storage: value(consent.analytics) });
}
