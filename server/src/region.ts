// The shopper's jurisdiction for `mode="auto"` (CONTRACT.md §6), read from the country headers a
// CDN adds. A client can forge these only for itself, to change its own banner's mode.
import type { IncomingHttpHeaders } from 'node:http';

/** [country header, subdivision header] pairs of common CDNs and hosts, first match wins. */
const GEO_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['cf-ipcountry', 'cf-region-code'], // Cloudflare (region code with "add visitor location headers")
  ['cloudfront-viewer-country', 'cloudfront-viewer-country-region'], // Amazon CloudFront
  ['x-vercel-ip-country', 'x-vercel-ip-country-region'], // Vercel
  ['x-appengine-country', 'x-appengine-region'], // Google App Engine
];

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;
/** Placeholders CDNs send when they do not know: unknown, Tor, "reserved". */
const UNKNOWN_COUNTRIES = new Set(['XX', 'T1', 'ZZ']);

/** `US-CA`, `DE`, or null when no CDN said. */
export function regionFromHeaders(headers: IncomingHttpHeaders): string | null {
  for (const [countryHeader, subdivisionHeader] of GEO_HEADERS) {
    const country = single(headers[countryHeader])?.trim().toUpperCase();
    if (!country || !COUNTRY.test(country) || UNKNOWN_COUNTRIES.has(country)) continue;
    const subdivision = single(headers[subdivisionHeader])?.trim().toUpperCase();
    return subdivision && SUBDIVISION.test(subdivision) ? `${country}-${subdivision}` : country;
  }
  return null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
