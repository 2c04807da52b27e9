// TikTok Pixel, cookie consent (`ttq.holdConsent()`, `ttq.grantConsent()`, `ttq.revokeConsent()`):
// https://business-api.tiktok.com/portal/docs?id=1739585600931842

type ConsentMethod = 'holdConsent' | 'grantConsent' | 'revokeConsent';

/**
 * `window.ttq`: an array of `[method, ...arguments]` calls that TikTok's base code reuses when it
 * is there (`var ttq=w[t]=w[t]||[]`), gives deferred methods, and hands to the pixel.
 */
export interface TikTokWindow {
  ttq?: unknown[] & Partial<Record<ConsentMethod, () => void>>;
}

/** The pixel's method, or before the base code a call queued as its deferred methods queue one. */
function callTtq(target: TikTokWindow, method: ConsentMethod): void {
  const ttq = (target.ttq ??= []);
  if (ttq[method]) ttq[method]();
  else ttq.push([method]);
}

/** `ttq.holdConsent()`, before the pixel: it sends nothing until consent is granted or revoked. */
export function sendTikTokDefault(target: TikTokWindow): void {
  callTtq(target, 'holdConsent');
}

/** `ttq.grantConsent()` or `ttq.revokeConsent()`. */
export function sendTikTokUpdate(target: TikTokWindow, granted: boolean): void {
  callTtq(target, granted ? 'grantConsent' : 'revokeConsent');
}
