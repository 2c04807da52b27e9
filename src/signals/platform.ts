import type { ConsentManager, ConsentSnapshot } from '../core/consent.js';
import type { Platform, Warn } from '../core/types.js';
import { bridgeToShopify, type ShopifyWindow } from './shopify.js';
import { bridgeToWordPress, type WordPressWindow } from './wordpress.js';

export { shopifyConsentOf, type ShopifyTrackingConsent } from './shopify.js';
export { wpConsentOf, wpConsentTypeOf, type WpConsentCategory, type WpConsentValue } from './wordpress.js';

export interface PlatformBridgeOptions {
  readonly warn: Warn;
  readonly target?: ShopifyWindow & WordPressWindow;
}

const BRIDGES: Record<Platform, (manager: ConsentManager, options: PlatformBridgeOptions) => () => void> = {
  shopify: bridgeToShopify,
  wordpress: bridgeToWordPress,
};

/**
 * Keeps the platform named by `<assent-consent platform>` (docs/attributes.md) told of the shopper's
 * categories: picked once the manager is ready, and switched when the configuration names
 * another (the new one is told the decision in force). Returns the function that stops it.
 */
export function bridgeToPlatform(manager: ConsentManager, options: PlatformBridgeOptions): () => void {
  let current: { readonly platform: Platform; readonly stop: () => void } | undefined;
  const follow = (snapshot: ConsentSnapshot) => {
    const { platform } = snapshot.config;
    if (!snapshot.ready || current?.platform === platform) return;
    current?.stop();
    current = platform ? { platform, stop: BRIDGES[platform](manager, options) } : undefined;
  };
  const unsubscribe = manager.subscribe((_event, snapshot) => follow(snapshot));
  follow(manager.snapshot);
  return () => {
    unsubscribe();
    current?.stop();
  };
}
