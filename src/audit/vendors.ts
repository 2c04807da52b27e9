import type { UsualCategory } from './types.js';

/**
 * The audit's own small table of the most common hosts on shop pages: domain (a host, or any
 * host below it) → vendor → the category shops usually put it in. Written for this project; it
 * is a hint for naming what ran, not a verdict. Payment providers, shop platforms, CAPTCHAs and
 * public script CDNs count as necessary.
 */
const HOSTS: ReadonlyArray<readonly [domain: string, vendor: string, category: UsualCategory]> = [
  ['google-analytics.com', 'Google Analytics', 'analytics'],
  ['analytics.google.com', 'Google Analytics', 'analytics'],
  ['googletagmanager.com', 'Google Tag Manager', 'analytics'],
  ['doubleclick.net', 'Google Ads (DoubleClick)', 'marketing'],
  ['googleadservices.com', 'Google Ads', 'marketing'],
  ['googlesyndication.com', 'Google AdSense', 'marketing'],
  ['adservice.google.com', 'Google Ads', 'marketing'],
  ['fonts.googleapis.com', 'Google Fonts', 'functional'],
  ['fonts.gstatic.com', 'Google Fonts', 'functional'],
  ['maps.googleapis.com', 'Google Maps', 'functional'],
  ['youtube.com', 'YouTube', 'marketing'],
  ['youtube-nocookie.com', 'YouTube', 'marketing'],
  ['ytimg.com', 'YouTube', 'marketing'],
  ['vimeo.com', 'Vimeo', 'analytics'],
  ['vimeocdn.com', 'Vimeo', 'analytics'],
  ['facebook.net', 'Meta Pixel', 'marketing'],
  ['facebook.com', 'Meta', 'marketing'],
  ['instagram.com', 'Instagram', 'marketing'],
  ['tiktok.com', 'TikTok Pixel', 'marketing'],
  ['bat.bing.com', 'Microsoft Advertising (UET)', 'marketing'],
  ['clarity.ms', 'Microsoft Clarity', 'analytics'],
  ['licdn.com', 'LinkedIn Insight Tag', 'marketing'],
  ['linkedin.com', 'LinkedIn', 'marketing'],
  ['pinterest.com', 'Pinterest Tag', 'marketing'],
  ['pinimg.com', 'Pinterest Tag', 'marketing'],
  ['sc-static.net', 'Snap Pixel', 'marketing'],
  ['snapchat.com', 'Snap Pixel', 'marketing'],
  ['ads-twitter.com', 'X (Twitter) Pixel', 'marketing'],
  ['t.co', 'X (Twitter) Pixel', 'marketing'],
  ['redditstatic.com', 'Reddit Pixel', 'marketing'],
  ['reddit.com', 'Reddit', 'marketing'],
  ['criteo.com', 'Criteo', 'marketing'],
  ['criteo.net', 'Criteo', 'marketing'],
  ['taboola.com', 'Taboola', 'marketing'],
  ['outbrain.com', 'Outbrain', 'marketing'],
  ['amazon-adsystem.com', 'Amazon Ads', 'marketing'],
  ['adnxs.com', 'Xandr', 'marketing'],
  ['adsrvr.org', 'The Trade Desk', 'marketing'],
  ['klaviyo.com', 'Klaviyo', 'marketing'],
  ['hs-scripts.com', 'HubSpot', 'marketing'],
  ['hs-analytics.net', 'HubSpot', 'marketing'],
  ['hubspot.com', 'HubSpot', 'marketing'],
  ['list-manage.com', 'Mailchimp', 'marketing'],
  ['chimpstatic.com', 'Mailchimp', 'marketing'],
  ['hotjar.com', 'Hotjar', 'analytics'],
  ['hotjar.io', 'Hotjar', 'analytics'],
  ['mixpanel.com', 'Mixpanel', 'analytics'],
  ['segment.com', 'Segment', 'analytics'],
  ['segment.io', 'Segment', 'analytics'],
  ['amplitude.com', 'Amplitude', 'analytics'],
  ['heapanalytics.com', 'Heap', 'analytics'],
  ['fullstory.com', 'FullStory', 'analytics'],
  ['mouseflow.com', 'Mouseflow', 'analytics'],
  ['matomo.cloud', 'Matomo Cloud', 'analytics'],
  ['plausible.io', 'Plausible', 'analytics'],
  ['cloudflareinsights.com', 'Cloudflare Web Analytics', 'analytics'],
  ['mc.yandex.ru', 'Yandex Metrica', 'analytics'],
  ['nr-data.net', 'New Relic', 'analytics'],
  ['shopifysvc.com', 'Shopify analytics', 'analytics'],
  ['sentry.io', 'Sentry', 'functional'],
  ['intercom.io', 'Intercom', 'functional'],
  ['intercomcdn.com', 'Intercom', 'functional'],
  ['zdassets.com', 'Zendesk', 'functional'],
  ['tawk.to', 'Tawk.to', 'functional'],
  ['crisp.chat', 'Crisp', 'functional'],
  ['trustpilot.com', 'Trustpilot', 'functional'],
  ['stripe.com', 'Stripe', 'necessary'],
  ['stripe.network', 'Stripe', 'necessary'],
  ['paypal.com', 'PayPal', 'necessary'],
  ['paypalobjects.com', 'PayPal', 'necessary'],
  ['klarna.com', 'Klarna', 'necessary'],
  ['klarnaservices.com', 'Klarna', 'necessary'],
  ['adyen.com', 'Adyen', 'necessary'],
  ['cdn.shopify.com', 'Shopify', 'necessary'],
  ['hcaptcha.com', 'hCaptcha', 'necessary'],
  ['challenges.cloudflare.com', 'Cloudflare Turnstile', 'necessary'],
  ['jsdelivr.net', 'jsDelivr (CDN)', 'necessary'],
  ['cdnjs.cloudflare.com', 'cdnjs (CDN)', 'necessary'],
  ['unpkg.com', 'unpkg (CDN)', 'necessary'],
];

/** Cookie and storage names (a trailing `*` matches a prefix) → vendor → usual category. */
const NAMES: ReadonlyArray<readonly [pattern: string, vendor: string, category: UsualCategory]> = [
  ['_ga', 'Google Analytics', 'analytics'],
  ['_ga_*', 'Google Analytics', 'analytics'],
  ['_gid', 'Google Analytics', 'analytics'],
  ['_gat*', 'Google Analytics', 'analytics'],
  ['__utm*', 'Google Analytics', 'analytics'],
  ['_gcl_*', 'Google Ads', 'marketing'],
  ['IDE', 'Google Ads (DoubleClick)', 'marketing'],
  ['test_cookie', 'Google Ads (DoubleClick)', 'marketing'],
  ['_fbp', 'Meta Pixel', 'marketing'],
  ['_fbc', 'Meta Pixel', 'marketing'],
  ['_ttp', 'TikTok Pixel', 'marketing'],
  ['_tt_enable_cookie', 'TikTok Pixel', 'marketing'],
  ['_uetsid', 'Microsoft Advertising (UET)', 'marketing'],
  ['_uetvid', 'Microsoft Advertising (UET)', 'marketing'],
  ['_clck', 'Microsoft Clarity', 'analytics'],
  ['_clsk', 'Microsoft Clarity', 'analytics'],
  ['_hj*', 'Hotjar', 'analytics'],
  ['_pin_unauth', 'Pinterest Tag', 'marketing'],
  ['_scid', 'Snap Pixel', 'marketing'],
  ['li_fat_id', 'LinkedIn Insight Tag', 'marketing'],
  ['_rdt_uuid', 'Reddit Pixel', 'marketing'],
  ['__kla_id', 'Klaviyo', 'marketing'],
  ['hubspotutk', 'HubSpot', 'marketing'],
  ['__hs*', 'HubSpot', 'marketing'],
  ['ajs_*', 'Segment', 'analytics'],
  ['mp_*', 'Mixpanel', 'analytics'],
  ['AMP_*', 'Amplitude', 'analytics'],
  ['_pk_*', 'Matomo', 'analytics'],
  ['_ym_*', 'Yandex Metrica', 'analytics'],
  ['_shopify_y', 'Shopify analytics', 'analytics'],
  ['_shopify_s', 'Shopify analytics', 'analytics'],
  ['_shopify_sa_*', 'Shopify analytics', 'analytics'],
  ['__stripe_*', 'Stripe', 'necessary'],
  ['__cf_bm', 'Cloudflare', 'necessary'],
  ['_cfuvid', 'Cloudflare', 'necessary'],
  ['assent_id', 'Assent (proof of consent)', 'necessary'],
  ['assent_consent', 'Assent (copy of the decision, shared with sub-domains)', 'necessary'],
];

export interface VendorEntry {
  readonly vendor: string;
  readonly category: UsualCategory;
}

/** The table's entry for a host: the host itself or a domain above it (no two entries overlap). */
export function vendorOfHost(hostname: string): VendorEntry | undefined {
  const host = hostname.toLowerCase();
  const entry = HOSTS.find(([domain]) => host === domain || host.endsWith(`.${domain}`));
  return entry && { vendor: entry[1], category: entry[2] };
}

/** The table's entry for a URL's host. */
export function vendorOfUrl(url: string): VendorEntry | undefined {
  try {
    return vendorOfHost(new URL(url).hostname);
  } catch {
    return undefined;
  }
}

/** The table's entry for a cookie or storage key name, and the pattern that matched it. */
export function vendorOfName(name: string): (VendorEntry & { readonly pattern: string }) | undefined {
  const entry = NAMES.find(([pattern]) => matchesNamePattern(name, pattern));
  return entry && { pattern: entry[0], vendor: entry[1], category: entry[2] };
}

/** Assent's own pattern syntax (the `cookies` attribute): exact, or a prefix with a trailing `*`. */
export function matchesNamePattern(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}
