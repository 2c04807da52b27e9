/** Where the page is, for deleting what a category left behind (a parameter so tests can vary it). */
export interface SiteLocation {
  readonly hostname: string;
  readonly pathname: string;
}

/** Whether `name` matches one of a category's `cookies` patterns (a trailing `*` is a prefix). */
export function matchesPattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
}

/**
 * Deletes the cookies matching `patterns`, wherever they may have been set from this page: host-only
 * and for the host and every parent domain, on `/`, the current path and its directory. A cookie is
 * deleted only with the exact domain and path it was set with, and `document.cookie` does not tell
 * them, so every combination is expired; the ones that do not exist cost nothing.
 */
export function deleteCookies(patterns: readonly string[], doc: Document = document, location: SiteLocation = doc.location): string[] {
  const names = cookieNames(doc).filter((name) => matchesPattern(name, patterns));
  const domains = ['', ...parentDomains(location.hostname).map((domain) => `; domain=${domain}`)];
  const paths = [...new Set(['/', location.pathname, directoryOf(location.pathname)])];
  for (const name of new Set(names)) {
    for (const domain of domains) {
      for (const path of paths) doc.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=${path}${domain}`;
    }
  }
  return [...new Set(names)];
}

/** Removes the Web Storage keys matching `patterns` from both storages; returns how many. */
export function deleteStorageKeys(patterns: readonly string[], storages: readonly (() => Storage)[] = [() => localStorage, () => sessionStorage]): number {
  let removed = 0;
  for (const open of storages) {
    for (const key of storageKeys(open).filter((candidate) => matchesPattern(candidate, patterns))) {
      open().removeItem(key);
      removed++;
    }
  }
  return removed;
}

/** The names of the cookies the page can see. */
export function cookieNames(doc: Document = document): string[] {
  return doc.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter(Boolean);
}

/** The keys of a Web Storage; none where it is blocked (opening it throws). */
export function storageKeys(open: () => Storage): string[] {
  try {
    const storage = open();
    return Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter((key): key is string => key !== null);
  } catch {
    return [];
  }
}

/** `shop.example.co.uk` → itself, `example.co.uk`, `co.uk` (the browser ignores public suffixes). */
function parentDomains(hostname: string): string[] {
  if (!hostname.includes('.') || /^[\d.]+$/.test(hostname) || hostname.includes(':')) return [];
  const labels = hostname.split('.');
  return labels.slice(0, -1).map((_, index) => labels.slice(index).join('.'));
}

function directoryOf(pathname: string): string {
  const directory = pathname.slice(0, pathname.lastIndexOf('/'));
  return directory || '/';
}
