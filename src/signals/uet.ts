// Microsoft Advertising, UET consent mode (`ad_storage` only):
// https://help.ads.microsoft.com/#apex/ads/en/60119/1

/**
 * `window.uetq`: the array UET's tag snippet creates when missing (`w[u]=w[u]||[]`) and hands to
 * the tag, which replaces it with an object that has the same `push`.
 */
export interface UetWindow {
  uetq?: { push(...items: unknown[]): unknown };
}

/** `uetq.push('consent', 'default', { ad_storage: 'denied' })`, before the tag. */
export function sendUetDefault(target: UetWindow): void {
  (target.uetq ??= []).push('consent', 'default', { ad_storage: 'denied' });
}

/** `uetq.push('consent', 'update', { ad_storage })`. */
export function sendUetUpdate(target: UetWindow, adStorage: boolean): void {
  (target.uetq ??= []).push('consent', 'update', { ad_storage: adStorage ? 'granted' : 'denied' });
}
