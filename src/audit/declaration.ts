import type { Attribution } from './attribution.js';
import type { AssentFacts, CookieReport, Declaration, PassObservation, StorageReport } from './types.js';
import { matchesNamePattern, vendorOfName } from './vendors.js';

interface Seen {
  readonly firstParty: ReadonlyArray<CookieReport | StorageReport>;
  readonly thirdParty: readonly CookieReport[];
}

/** What consent added to a pass by its end, compared with the end of Reject all. */
function addedByConsent(pass: PassObservation | undefined, baseline: PassObservation | undefined, attribution: Attribution): Seen {
  if (!pass) return { firstParty: [], thirdParty: [] };
  const { cookies, storage } = attribution.addedByConsent(pass, pass.snapshots.at(-1), baseline?.snapshots.at(-1));
  return { firstParty: [...cookies.filter(({ party }) => party === 'first'), ...storage], thirdParty: cookies.filter(({ party }) => party === 'third') };
}

const nameOf = (item: CookieReport | StorageReport) => ('key' in item ? item.key : item.name);

/** The pattern to declare for a name: the category's own when one matches, else the vendor table's prefix, else the name. */
function patternFor(name: string, declared: readonly string[]): string {
  const own = declared.find((pattern) => matchesNamePattern(name, pattern));
  if (own) return own;
  const known = vendorOfName(name)?.pattern;
  return known?.endsWith('*') ? known : name;
}

const unique = (names: readonly string[]) => [...new Set(names)];

/** `--declare`: the cookie and storage names each category brought, as `cookies` patterns. */
export function declare(facts: AssentFacts, passes: ReadonlyMap<string, PassObservation>, attribution: Attribution): Declaration {
  if (!facts.found) return declareWithoutAssent(passes.get('first-visit'), attribution);
  const baseline = passes.get('reject-all');
  const categories = (facts.categories ?? []).map((category) => {
    const seen = addedByConsent(passes.get(`only-${category.name}`), baseline, attribution);
    return { category, seen };
  });
  const assigned = new Set(categories.flatMap(({ seen }) => [...seen.firstParty, ...seen.thirdParty].map(nameOf)));
  const accepted = addedByConsent(passes.get('accept-all'), baseline, attribution);
  return {
    categories: categories.map(({ category, seen }) => ({ name: category.name, cookies: unique(seen.firstParty.map((item) => patternFor(nameOf(item), category.cookies))) })),
    otherSites: categories
      .filter(({ seen }) => seen.thirdParty.length > 0)
      .map(({ category, seen }) => ({ category: category.name, cookies: unique(seen.thirdParty.map(({ name, domain }) => `${name} (${domain})`)) })),
    unassigned: unique([...accepted.firstParty, ...accepted.thirdParty].map(nameOf).filter((name) => !assigned.has(name))),
  };
}

/** Without Assent: the names seen, by the vendor table's usual category. */
function declareWithoutAssent(pass: PassObservation | undefined, attribution: Attribution): Declaration {
  if (!pass) return { categories: [], otherSites: [], unassigned: [] };
  const byCategory = new Map<string, string[]>();
  const otherSites = new Map<string, string[]>();
  const unassigned: string[] = [];
  const items: Array<CookieReport | StorageReport> = [...attribution.cookies(pass), ...attribution.storage(pass).filter((item) => !attribution.isOtherSite(item.origin))];
  for (const item of items) {
    const name = nameOf(item);
    const category = vendorOfName(name)?.category ?? ('usualCategory' in item ? item.usualCategory : undefined);
    if (category === 'necessary') continue;
    if (!category) {
      unassigned.push(name);
      continue;
    }
    if ('party' in item && item.party === 'third') otherSites.set(category, [...(otherSites.get(category) ?? []), `${name} (${item.domain})`]);
    else byCategory.set(category, [...(byCategory.get(category) ?? []), patternFor(name, [])]);
  }
  return {
    categories: [...byCategory].map(([name, cookies]) => ({ name, cookies: unique(cookies) })),
    otherSites: [...otherSites].map(([category, cookies]) => ({ category, cookies: unique(cookies) })),
    unassigned: unique(unassigned),
  };
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The declaration as markup to paste into `<assent-consent>`, with notes as HTML comments. */
export function declarationMarkup(declaration: Declaration, facts: AssentFacts): string {
  const lines = ['<!-- Cookie and storage names seen per category by assent audit. Keep each category\'s label and description. -->'];
  for (const { name, cookies } of declaration.categories) {
    const category = facts.categories?.find((candidate) => candidate.name === name);
    const sale = category?.sale ? ' sale' : '';
    const gcm = category?.gcm ? ` gcm="${escapeAttribute(category.gcm.join(' '))}"` : '';
    const unseen = (category?.cookies ?? []).filter((pattern) => !cookies.includes(pattern));
    if (unseen.length) lines.push(`<!-- ${name}: declared on the page but not seen: ${unseen.join(' ')} -->`);
    if (cookies.length === 0) {
      lines.push(`<!-- ${name}: no cookies or storage keys seen -->`);
      continue;
    }
    lines.push(`<assent-category name="${escapeAttribute(name)}" cookies="${escapeAttribute(cookies.join(' '))}"${gcm}${sale}></assent-category>`);
  }
  for (const { category, cookies } of declaration.otherSites) lines.push(`<!-- ${category}: set by other sites, which a page cannot delete: ${cookies.join(', ')} -->`);
  if (declaration.unassigned.length) lines.push(`<!-- not placed in a category: ${declaration.unassigned.join(', ')} -->`);
  return lines.join('\n');
}
