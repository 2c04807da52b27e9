/**
 * Second-level labels that registries sell names under (`shop.co.uk`, `shop.com.au`). A short
 * list instead of the Public Suffix List: enough to tell a shop's own sub-domains from other sites.
 */
const SHARED_SECOND_LEVEL: ReadonlySet<string> = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'ne', 'or', 'go', 'gv']);

const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/**
 * The site of a host name: its registrable domain (`www.shop.example` → `shop.example`), or the
 * host itself for an IP address or a single label such as `localhost`.
 */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (IP_ADDRESS.test(host) || !host.includes('.')) return host;
  const labels = host.split('.');
  const keep = labels.length >= 3 && labels.at(-1)!.length === 2 && SHARED_SECOND_LEVEL.has(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The site of a URL, or null for one without a host (data:, blob:, about:). */
export function siteOfUrl(url: string): string | null {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' || protocol === 'ws:' || protocol === 'wss:' ? siteOf(hostname) : null;
  } catch {
    return null;
  }
}

/** A cookie's `domain` (`.shop.example`, `shop.example`) as a site. */
export function siteOfCookieDomain(domain: string): string {
  return siteOf(domain.replace(/^\./, ''));
}

/** The origin of a URL, or the URL itself when it has none. */
export function originOf(url: string): string {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? url : origin;
  } catch {
    return url;
  }
}
