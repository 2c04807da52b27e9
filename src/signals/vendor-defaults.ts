import { sendClarityDefault, type ClarityWindow } from './clarity.js';
import { sendMetaDefault, type MetaWindow } from './meta.js';
import { sendTikTokDefault, type TikTokWindow } from './tiktok.js';
import { sendUetDefault, type UetWindow } from './uet.js';

/** The window, or a stand-in for it in tests: where the vendors' queues live. */
export type VendorWindow = UetWindow & ClarityWindow & MetaWindow & TikTokWindow;

/**
 * The consent defaults of the named vendors: nothing granted, TikTok on hold
 * (docs/signals.md#vendor-signals). Other names are left to the part that warns about them.
 */
export function sendVendorDefaults(names: readonly string[], target: VendorWindow): void {
  if (names.includes('uet')) sendUetDefault(target);
  if (names.includes('clarity')) sendClarityDefault(target);
  if (names.includes('meta')) sendMetaDefault(target);
  if (names.includes('tiktok')) sendTikTokDefault(target);
}
