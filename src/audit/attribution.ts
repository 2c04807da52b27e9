import { originOf, siteOfCookieDomain, siteOfUrl } from './site.js';
import type { AssentFacts, CookieReport, CookieSnapshot, Phase, PassObservation, RequestReport, Snapshot, StorageReport, StorageSnapshot, WriteRecord } from './types.js';
import { matchesNamePattern, vendorOfName, vendorOfUrl } from './vendors.js';

const withoutQuery = (url: string) => url.replace(/[?#].*$/, '');

/** A cookie's identity in the jar. */
export const cookieKey = ({ name, domain, path }: Pick<CookieSnapshot, 'name' | 'domain' | 'path'>) => `${name} ${domain} ${path}`;
/** A storage key's identity. */
export const storageKey = ({ origin, area, key }: StorageSnapshot) => `${origin} ${area} ${key}`;

/** Each item of a pass's snapshots once, with the first phase it was there in. */
function firstSeen<T>(pass: PassObservation, items: (snapshot: Snapshot) => readonly T[], key: (item: T) => string): Array<[T, Phase]> {
  const seen = new Map<string, [T, Phase]>();
  for (const snapshot of pass.snapshots) {
    for (const item of items(snapshot)) if (!seen.has(key(item))) seen.set(key(item), [item, snapshot.phase]);
  }
  return [...seen.values()];
}

/**
 * Names what each pass saw: the vendor of a request, cookie or storage key, and the page's
 * category it belongs to — from the page's own markup (`data-consent`), from the script or frame
 * that started it, or from the pass that allowed only one category.
 */
export class Attribution {
  readonly pageSite: string;
  /** URL (without query) → the categories whose only-category pass requested it, when no choice or Reject all did not. */
  private readonly byCategoryPass = new Map<string, Set<string>>();

  constructor(
    readonly pageUrl: string,
    readonly facts: AssentFacts,
    private readonly allow: readonly string[],
    passes: readonly PassObservation[],
  ) {
    this.pageSite = siteOfUrl(pageUrl) ?? '';
    // What also runs without consent tells nothing about a category.
    const withoutConsent = new Set(
      passes.filter(({ id }) => id === 'first-visit' || id === 'reject-all').flatMap(({ requests }) => requests.map(({ url }) => withoutQuery(url))),
    );
    for (const category of facts.categories ?? []) {
      const pass = passes.find(({ id }) => id === `only-${category.name}`);
      for (const request of pass?.requests ?? []) {
        if (request.phase !== 'after-decision' || !this.isOtherSite(request.url) || withoutConsent.has(withoutQuery(request.url))) continue;
        const key = withoutQuery(request.url);
        this.byCategoryPass.set(key, (this.byCategoryPass.get(key) ?? new Set()).add(category.name));
      }
    }
  }

  isOtherSite(url: string): boolean {
    const site = siteOfUrl(url);
    return site !== null && site !== this.pageSite;
  }

  /** Same site, a host given with --allow, or a necessary service in the vendor table. */
  isNecessary(url: string): boolean {
    if (!this.isOtherSite(url)) return true;
    let host: string;
    try {
      host = new URL(url).host.toLowerCase();
    } catch {
      return true;
    }
    const hostname = host.replace(/:\d+$/, '');
    if (this.allow.some((allowed) => host === allowed || hostname === allowed || hostname.endsWith(`.${allowed}`))) return true;
    return vendorOfUrl(url)?.category === 'necessary';
  }

  /** The page's categories a URL belongs to in a pass, and how the audit knows. */
  categoriesOf(url: string, pass: PassObservation, depth = 0): { categories: string[]; by: NonNullable<RequestReport['attributedBy']> } | undefined {
    const gated = new Set<string>();
    for (const snapshot of pass.snapshots) {
      for (const element of snapshot.gated) if (element.url && (element.url === url || withoutQuery(element.url) === withoutQuery(url))) element.categories.forEach((name) => gated.add(name));
    }
    if (gated.size > 0) return { categories: [...gated], by: 'markup' };
    if (depth < 5) {
      const request = pass.requests.find((candidate) => candidate.url === url);
      for (const [via, by] of [
        [request?.initiator, 'initiator'],
        [request?.frame, 'frame'],
      ] as const) {
        if (!via || via === url || via === this.pageUrl) continue;
        const found = this.categoriesOf(via, pass, depth + 1);
        if (found) return { categories: found.categories, by };
      }
    }
    const seen = this.byCategoryPass.get(withoutQuery(url));
    return seen?.size === 1 ? { categories: [...seen], by: 'category pass' } : undefined;
  }

  vendorName(url: string): string {
    return vendorOfUrl(url)?.vendor ?? originOf(url);
  }

  requests(pass: PassObservation): RequestReport[] {
    return pass.requests
      .filter((request) => this.isOtherSite(request.url))
      .map((request) => {
        const entry = vendorOfUrl(request.url);
        const attributed = this.categoriesOf(request.url, pass);
        return {
          ...request,
          vendor: entry?.vendor ?? originOf(request.url),
          ...(entry ? { usualCategory: entry.category } : {}),
          ...(attributed ? { categories: attributed.categories, attributedBy: attributed.by } : {}),
        };
      });
  }

  /** The last write of a name in a pass (the one whose value is in the jar). */
  private writer(pass: PassObservation, kinds: readonly WriteRecord['kind'][], name: string): string | undefined {
    return pass.writes.filter((write) => kinds.includes(write.kind) && write.name === name && write.by).at(-1)?.by;
  }

  /** The categories whose `cookies` attribute names this cookie or storage key. */
  private declaredFor(name: string): string[] {
    return (this.facts.categories ?? []).filter(({ cookies }) => cookies.some((pattern) => matchesNamePattern(name, pattern))).map(({ name: category }) => category);
  }

  private nameCategories(name: string, setBy: string | undefined, pass: PassObservation): string[] | undefined {
    const declared = this.declaredFor(name);
    if (declared.length > 0) return declared;
    return setBy ? this.categoriesOf(setBy, pass)?.categories : undefined;
  }

  /** Who wrote a cookie or storage key last, its vendor, and the page's categories it belongs to. */
  private provenance(pass: PassObservation, kind: WriteRecord['kind'], name: string) {
    const setBy = this.writer(pass, [kind], name);
    const entry = vendorOfName(name) ?? (setBy ? vendorOfUrl(setBy) : undefined);
    const categories = this.nameCategories(name, setBy, pass);
    return { ...(setBy ? { setBy } : {}), ...(entry ? { vendor: entry.vendor, usualCategory: entry.category } : {}), ...(categories ? { categories } : {}) };
  }

  /** Every cookie the pass's snapshots saw, with the first phase it was there in. */
  cookies(pass: PassObservation): CookieReport[] {
    return firstSeen(pass, ({ cookies }) => cookies, cookieKey).map(([cookie, since]) => ({
      ...cookie,
      party: siteOfCookieDomain(cookie.domain) === this.pageSite ? 'first' : 'third',
      since,
      ...this.provenance(pass, 'cookie', cookie.name),
    }));
  }

  /** Every localStorage and sessionStorage key the pass's snapshots saw, with the first phase it was there in. */
  storage(pass: PassObservation): StorageReport[] {
    return firstSeen(pass, ({ storage }) => storage, storageKey).map(([item, since]) => ({ ...item, since, ...this.provenance(pass, item.area, item.key) }));
  }

  /**
   * What consent added to a pass: the cookies (but those the vendor table calls necessary) and
   * first-party storage keys in `snapshot` that are not in `baseline` (the end of Reject all).
   */
  addedByConsent(pass: PassObservation, snapshot: Snapshot | undefined, baseline: Snapshot | undefined): { cookies: CookieReport[]; storage: StorageReport[] } {
    const present = new Set([...(snapshot?.cookies.map(cookieKey) ?? []), ...(snapshot?.storage.map(storageKey) ?? [])]);
    const before = new Set([...(baseline?.cookies.map(cookieKey) ?? []), ...(baseline?.storage.map(storageKey) ?? [])]);
    const added = (key: string) => present.has(key) && !before.has(key);
    return {
      cookies: this.cookies(pass).filter((cookie) => cookie.usualCategory !== 'necessary' && added(cookieKey(cookie))),
      storage: this.storage(pass).filter((item) => !this.isOtherSite(item.origin) && added(storageKey(item))),
    };
  }

  /** Whether a category list (or its absence) marks something optional: any category but necessary. */
  private optionalCategories(categories: readonly string[] | undefined): boolean {
    return (categories ?? []).some((name) => name !== 'necessary');
  }

  /** A request a shopper must agree to first: to another site that is not necessary, or of an optional category. */
  isOptionalRequest(request: RequestReport): boolean {
    if (request.categories) return this.optionalCategories(request.categories);
    return !this.isNecessary(request.url);
  }

  /** A cookie that needs consent: another site's, a known tracker's, declared for a category, or set by another site's script. */
  isOptionalCookie(cookie: CookieReport): boolean {
    if (cookie.categories) return this.optionalCategories(cookie.categories);
    if (cookie.usualCategory) return cookie.usualCategory !== 'necessary';
    if (cookie.party === 'third') return !this.isNecessary(`https://${cookie.domain.replace(/^\./, '')}/`);
    return cookie.setBy !== undefined && !this.isNecessary(cookie.setBy);
  }

  isOptionalStorage(item: StorageReport): boolean {
    if (item.categories) return this.optionalCategories(item.categories);
    const entry = vendorOfName(item.key);
    if (entry) return entry.category !== 'necessary';
    if (siteOfUrl(item.origin) !== this.pageSite) return !this.isNecessary(item.origin);
    return item.setBy !== undefined && !this.isNecessary(item.setBy);
  }

  /** What the pass let through that needs consent, in the given phases: requests, cookies, storage keys. */
  optionalActivity(pass: PassObservation, phases: readonly Phase[]) {
    const inPhase = pass.snapshots.filter((snapshot) => phases.includes(snapshot.phase));
    const cookieKeys = new Set(inPhase.flatMap(({ cookies }) => cookies.map(cookieKey)));
    const storageKeys = new Set(inPhase.flatMap(({ storage }) => storage.map(storageKey)));
    return {
      requests: this.requests(pass).filter((request) => phases.includes(request.phase) && this.isOptionalRequest(request)),
      cookies: this.cookies(pass).filter((cookie) => cookieKeys.has(cookieKey(cookie)) && this.isOptionalCookie(cookie)),
      storage: this.storage(pass).filter((item) => storageKeys.has(storageKey(item)) && this.isOptionalStorage(item)),
    };
  }
}
