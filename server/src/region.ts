// The shopper's jurisdiction for `mode="auto"`, read from the country headers a
// CDN or reverse proxy adds. A client can forge these only for itself, to change its own banner's
// mode; every value is checked against ISO 3166 shapes and nothing else is taken from it.
import type { IncomingHttpHeaders } from 'node:http';

/** [country header, subdivision header] pairs of common CDNs and hosts, first match wins. */
const GEO_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['CF-IPCountry', 'CF-Region-Code'], // Cloudflare (region code with "add visitor location headers")
  ['CloudFront-Viewer-Country', 'CloudFront-Viewer-Country-Region'], // Amazon CloudFront
  ['X-Vercel-IP-Country', 'X-Vercel-IP-Country-Region'], // Vercel
  ['X-AppEngine-Country', 'X-AppEngine-Region'], // Google App Engine
];

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;
/** A single header carrying both: `DE`, `US-CA`. */
const REGION = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Placeholders CDNs and GeoIP databases send instead of a country: unknown (`XX`, `ZZ`), Tor
 * (`T1`), anonymous proxy and satellite (`A1`, `A2`), "other" (`O1`), and the continents
 * `EU` and `AP`. Those with a digit fail the shape check anyway; they are listed to say so.
 */
const UNKNOWN_COUNTRIES = new Set(['XX', 'ZZ', 'T1', 'A1', 'A2', 'O1', 'EU', 'AP']);

export interface RegionReader {
  /** `US-CA`, `DE`, or null when the configured header(s) say nothing usable. */
  read(headers: IncomingHttpHeaders): string | null;
  /** The request headers the answer depends on, for `Vary`. */
  readonly vary: readonly string[];
}

/**
 * Where the region comes from:
 * - nothing (undefined, `''`, `[]`): the built-in CDN headers above, first usable pair wins;
 * - one header name (`CF-IPCountry`, `X-Geo-Region`): its value is `DE` or `US-CA`;
 * - two names (`CloudFront-Viewer-Country,CloudFront-Viewer-Country-Region`): a country header and
 *   a subdivision header (`CA`, or `US-CA`), joined as `US-CA`; a missing or malformed
 *   subdivision leaves the country alone.
 * A string is split on commas. Throws on anything that is not one or two header names.
 */
export function regionReader(config?: string | readonly string[]): RegionReader {
  const names = (typeof config === 'string' ? config.split(',') : config ?? []).map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!HEADER_NAME.test(name)) throw new Error(`regionHeader: ${JSON.stringify(name)} is not an HTTP header name`);
  }
  if (names.length > 2) {
    throw new Error(`regionHeader names a country header and at most one subdivision header, not ${names.length} headers`);
  }
  const [first, second] = names;
  if (first === undefined) {
    return {
      read: (headers) => {
        for (const [country, subdivision] of GEO_HEADERS) {
          const region = fromPair(headers, country, subdivision);
          if (region) return region;
        }
        return null;
      },
      vary: GEO_HEADERS.flat(),
    };
  }
  if (second === undefined) return { read: (headers) => fromSingle(headerValue(headers, first)), vary: [first] };
  return { read: (headers) => fromPair(headers, first, second), vary: [first, second] };
}

function fromSingle(value: string | undefined): string | null {
  const match = value === undefined ? null : REGION.exec(value);
  if (!match || UNKNOWN_COUNTRIES.has(match[1]!)) return null;
  return match[0];
}

function fromPair(headers: IncomingHttpHeaders, countryHeader: string, subdivisionHeader: string): string | null {
  const country = headerValue(headers, countryHeader);
  if (!country || !COUNTRY.test(country) || UNKNOWN_COUNTRIES.has(country)) return null;
  let subdivision = headerValue(headers, subdivisionHeader);
  if (subdivision?.startsWith(`${country}-`)) subdivision = subdivision.slice(country.length + 1);
  return subdivision && SUBDIVISION.test(subdivision) ? `${country}-${subdivision}` : country;
}

/** The header's value trimmed and upper-cased. Node joins repeated headers with ", ", which no check lets through. */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return (Array.isArray(value) ? value.join(', ') : value)?.trim().toUpperCase();
}
