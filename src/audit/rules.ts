import { cookieKey, storageKey, type Attribution } from './attribution.js';
import { expectedSignals, grantedByDefault, readConsentMode, signalMismatches } from './consent-mode.js';
import { unequalChoices } from './equal-choices.js';
import { originOf } from './site.js';
import type { AssentFacts, ConsentState, CookieReport, Finding, PassObservation, Phase, RequestReport, RuleId, StorageReport } from './types.js';
import { vendorOfUrl } from './vendors.js';

export interface RuleContext {
  readonly attribution: Attribution;
  readonly facts: AssentFacts;
  readonly passes: ReadonlyMap<string, PassObservation>;
}

type Lead = string;

const fail = (rule: RuleId, pass: string, message: string, origin?: string): Finding => ({ rule, severity: 'fail', pass, message, ...(origin ? { origin } : {}) });
const warn = (rule: RuleId, pass: string, message: string, origin?: string): Finding => ({ rule, severity: 'warn', pass, message, ...(origin ? { origin } : {}) });

const fileOf = (url: string) => {
  try {
    const { pathname, search } = new URL(url);
    return (pathname.split('/').filter(Boolean).at(-1) ?? '/') + (search.length > 1 && search.length < 40 ? search : '');
  } catch {
    return url;
  }
};

/** One finding per origin: the vendor, what was requested and what started it. */
function requestFindings(rule: RuleId, pass: string, lead: Lead, requests: readonly RequestReport[]): Finding[] {
  const byOrigin = new Map<string, RequestReport[]>();
  for (const request of requests) byOrigin.set(originOf(request.url), [...(byOrigin.get(originOf(request.url)) ?? []), request]);
  return [...byOrigin].map(([origin, list]) => {
    const first = list[0]!;
    const files = [...new Set(list.map(({ url }) => fileOf(url)))].slice(0, 6).join(', ');
    const starters = [...new Set(list.map(({ initiator, frame }) => initiator ?? frame).filter((by): by is string => Boolean(by)))].slice(0, 3);
    const usual = first.usualCategory ? ` (usually ${first.usualCategory})` : '';
    const categories = first.categories ? ` [category ${first.categories.join(' + ')}]` : '';
    const vendor = first.vendor === origin ? '' : `${first.vendor}${usual}${categories} — `;
    const started = starters.length ? `; started by ${starters.join(', ')}` : '';
    return fail(rule, pass, `${lead}: ${vendor}${list.length} request(s) to ${origin}${vendor ? '' : categories}: ${files}${started}.`, origin);
  });
}

function cookieFinding(rule: RuleId, pass: string, lead: Lead, cookie: CookieReport): Finding {
  const about = [`${cookie.party}-party on ${cookie.domain}`, cookie.vendor, cookie.setBy && `set by ${cookie.setBy}`].filter(Boolean).join(', ');
  return fail(rule, pass, `${lead}: cookie "${cookie.name}" (${about}).`, cookie.setBy ? originOf(cookie.setBy) : cookie.domain.replace(/^\./, ''));
}

function storageFinding(rule: RuleId, pass: string, lead: Lead, item: StorageReport): Finding {
  const about = [item.vendor, item.setBy && `set by ${item.setBy}`].filter(Boolean).join(', ');
  return fail(rule, pass, `${lead}: ${item.area} key "${item.key}" on ${item.origin}${about ? ` (${about})` : ''}.`, item.setBy ? originOf(item.setBy) : item.origin);
}

/** Everything optional a pass let through in the given phases, as findings of `rule`. */
function activityFindings(rule: RuleId, pass: PassObservation, phases: readonly Phase[], lead: Lead, { attribution }: RuleContext): Finding[] {
  const { requests, cookies, storage } = attribution.optionalActivity(pass, phases);
  return [
    ...requestFindings(rule, pass.id, lead, requests),
    ...cookies.map((cookie) => cookieFinding(rule, pass.id, lead, cookie)),
    ...storage.map((item) => storageFinding(rule, pass.id, lead, item)),
  ];
}

const optionalNames = (facts: AssentFacts) => (facts.categories ?? []).map(({ name }) => name);
const finalState = (pass: PassObservation): ConsentState | null => pass.snapshots.at(-1)?.state ?? null;

/** The final decision must have these categories on (every other optional one off). */
function expectDecision(pass: PassObservation, facts: AssentFacts, on: readonly string[], what: string): Finding[] {
  const state = finalState(pass);
  if (!state) return pass.problems.some(({ rule }) => rule === 'decision-recorded') ? [] : [fail('decision-recorded', pass.id, `${what}: no decision is in force at the end of the pass.`)];
  const wrong = optionalNames(facts).filter((name) => (state.decisions[name] === true) !== on.includes(name));
  return wrong.length ? [fail('decision-recorded', pass.id, `${what}: the decision has ${wrong.map((name) => `${name}=${state.decisions[name] ?? 'missing'}`).join(', ')}.`)] : [];
}

/** Consent Mode at the end of a pass must say what the decision in force says. */
function consentModeFindings(pass: PassObservation, { facts }: RuleContext): Finding[] {
  const layer = [...pass.snapshots].reverse().find((snapshot) => snapshot.dataLayer)?.dataLayer ?? null;
  const report = readConsentMode(layer);
  if (!report && !facts.consentMode) return [];
  if (!report?.default) return pass.id === 'first-visit' ? [fail('consent-mode', pass.id, 'Consent Mode is turned on, but the dataLayer holds no gtag("consent", "default", …).')] : [];
  const state = finalState(pass);
  if (!state && facts.regime === 'opt-out') return [];
  const mismatches = signalMismatches(report, expectedSignals(facts.categories ?? [], state?.decisions ?? {}));
  return mismatches.length ? [fail('consent-mode', pass.id, `Consent Mode does not match the decision: ${mismatches.join('; ')}.`)] : [];
}

/** First visit only: the default must come first and deny everything optional. */
function consentModeDefaultFindings(pass: PassObservation): Finding[] {
  const report = readConsentMode(pass.snapshots.at(-1)?.dataLayer ?? null);
  if (!report?.default) return [];
  const findings: Finding[] = [];
  if (report.beforeDefault.length) {
    const scripts = pass.scriptsBeforeAssent ?? [];
    const culprit = scripts.find((script) => !script.startsWith('inline')) ?? scripts[0];
    const where = scripts.length ? ` These scripts in <head> run before Assent's script: ${scripts.join(', ')}. Put Assent's <script> first in <head>.` : '';
    findings.push(fail('consent-mode', pass.id, `Tags were pushed to the dataLayer before the Consent Mode default: ${report.beforeDefault.join(', ')}.${where}`, culprit && !culprit.startsWith('inline') ? originOf(culprit) : undefined));
  }
  const granted = grantedByDefault(report);
  if (granted.length) findings.push(fail('consent-mode', pass.id, `The Consent Mode default grants ${granted.join(', ')}; it must deny every signal but security_storage.`));
  return findings;
}

const problemFindings = (pass: PassObservation): Finding[] => pass.problems.map(({ rule, message }) => fail(rule, pass.id, message));

function firstVisit(pass: PassObservation, context: RuleContext): Finding[] {
  const { facts } = context;
  const findings = [...problemFindings(pass), ...consentModeDefaultFindings(pass), ...consentModeFindings(pass, context)];
  if (facts.regime !== 'opt-out') findings.push(...activityFindings('before-consent', pass, ['before-decision'], 'Before any choice', context));
  const last = pass.snapshots.at(-1);
  if (last && !last.state && !last.bannerShown && !pass.problems.length) findings.push(fail('assent-ready', pass.id, 'No decision is stored, but Assent\'s banner is not shown.'));
  if (facts.regime === 'opt-in' && pass.banner) findings.push(...unequalChoices(pass.banner).map((message) => fail('equal-choices', pass.id, message)));
  if (facts.reopenLink === false) {
    findings.push(warn('withdrawal-clears', pass.id, 'The page has no element with data-assent-open (nor <assent-opt-out-link>): shoppers need a link to change or withdraw their choice, for example "Cookie settings" in the footer.'));
  }
  return findings;
}

function rejectAll(pass: PassObservation, context: RuleContext): Finding[] {
  return [
    ...problemFindings(pass),
    ...expectDecision(pass, context.facts, [], 'Reject all'),
    ...activityFindings('after-reject', pass, ['after-decision'], 'After Reject all', context),
    ...consentModeFindings(pass, context),
  ];
}

function acceptAll(pass: PassObservation, context: RuleContext): Finding[] {
  return [...problemFindings(pass), ...expectDecision(pass, context.facts, optionalNames(context.facts), 'Accept all'), ...consentModeFindings(pass, context)];
}

function onlyCategory(pass: PassObservation, context: RuleContext, category: string): Finding[] {
  const { attribution } = context;
  const others = (categories: readonly string[] | undefined) => (categories ?? []).filter((name) => name !== category && name !== 'necessary');
  const lead = `With only "${category}" allowed`;
  const requests = attribution.requests(pass).filter((request) => request.phase === 'after-decision' && request.attributedBy !== 'category pass' && others(request.categories).length > 0);
  const last = pass.snapshots.at(-1);
  const present = new Set(last?.cookies.map(cookieKey));
  const cookies = attribution.cookies(pass).filter((cookie) => present.has(cookieKey(cookie)) && others(cookie.categories).length > 0);
  return [
    ...problemFindings(pass),
    ...expectDecision(pass, context.facts, [category], `Only "${category}"`),
    ...requestFindings('only-chosen-category', pass.id, lead, requests),
    ...cookies.map((cookie) => cookieFinding('only-chosen-category', pass.id, lead, cookie)),
    ...consentModeFindings(pass, context),
  ];
}

function globalPrivacyControl(pass: PassObservation, context: RuleContext): Finding[] {
  const { facts, attribution } = context;
  const sale = (facts.categories ?? []).filter((category) => category.sale).map(({ name }) => name);
  const findings = [...problemFindings(pass), ...consentModeFindings(pass, context)];
  if (facts.gpc === 'ignore') {
    const severity = facts.regime === 'opt-out' ? fail : warn;
    return [...findings, severity('gpc-honored', pass.id, '<assent-consent gpc="ignore">: Global Privacy Control is ignored on this page.')];
  }
  const advertising = facts.regime === 'opt-out' || (facts.categories ?? []).some(({ name }) => name === 'marketing');
  if (sale.length === 0 && advertising) {
    findings.push(warn('gpc-honored', pass.id, 'No category is marked sale, so Global Privacy Control denies nothing. Mark the categories whose data is sold or shared (advertising) with the sale attribute.'));
  }
  const state = finalState(pass);
  const saleGranted = sale.filter((name) => state?.decisions[name] === true);
  if (facts.regime === 'opt-out') {
    if (state?.method !== 'gpc' && sale.length > 0) findings.push(fail('gpc-honored', pass.id, 'With Global Privacy Control on, no opt-out ("gpc" decision) was recorded without a click.'));
    if (pass.signalNotes && !pass.signalNotes.notice) findings.push(fail('gpc-honored', pass.id, 'The opt-out notice does not say "Opt-Out Request Honored".'));
    if (pass.signalNotes && !pass.signalNotes.preferences) findings.push(fail('gpc-honored', pass.id, 'The preference center does not say "Opt-Out Request Honored".'));
  }
  if (saleGranted.length) findings.push(fail('gpc-honored', pass.id, `With Global Privacy Control on, ${saleGranted.join(', ')} (sale) ended up granted.`));
  const saleRequests = attribution
    .requests(pass)
    .filter((request) => request.attributedBy === 'markup' || request.attributedBy === 'initiator' || request.attributedBy === 'frame')
    .filter((request) => request.categories?.some((name) => sale.includes(name)));
  findings.push(...requestFindings('gpc-honored', pass.id, 'With Global Privacy Control on, a sale category ran', saleRequests));
  if (facts.regime === 'opt-out') {
    const advertisers = attribution.requests(pass).filter((request) => !saleRequests.includes(request) && vendorOfUrl(request.url)?.category === 'marketing');
    findings.push(...requestFindings('gpc-honored', pass.id, 'With Global Privacy Control on, an advertising vendor ran (mark its category sale)', advertisers).map((finding) => ({ ...finding, severity: 'warn' as const })));
  }
  return findings;
}

function returningAfterReject(pass: PassObservation, context: RuleContext): Finding[] {
  const findings = [...problemFindings(pass)];
  const rejected = pass.snapshots.find((snapshot) => snapshot.phase === 'after-decision')?.state;
  const returned = pass.snapshots.find((snapshot) => snapshot.phase === 'returning');
  if (!rejected || !returned) return findings;
  const kept = returned.state && returned.state.id === rejected.id && returned.state.revision === rejected.revision && returned.state.method === 'reject-all';
  if (!kept || returned.bannerShown) {
    const clearing = pass.writes.filter((write) => (write.kind === 'indexedDB-delete' || write.kind === 'storage-clear') && write.phase === 'returning');
    const cause = clearing.length
      ? ` The page cleared storage on load: ${clearing.map((write) => `${write.kind === 'storage-clear' ? `${write.name}.clear()` : `indexedDB.deleteDatabase("${write.name}")`} by ${write.by ?? 'an unknown script'}`).join('; ')}.`
      : '';
    const what = !returned.state ? 'assent.state is null' : !kept ? `the decision in force is ${returned.state.method} #${returned.state.revision}` : 'the banner shows again';
    const origin = clearing.find((write) => write.by)?.by;
    findings.push(fail('reject-persists', pass.id, `Reject all did not persist across a reload: ${what}${returned.bannerShown ? ' and the banner asks again' : ''}.${cause}`, origin ? originOf(origin) : undefined));
  }
  findings.push(...activityFindings('after-reject', pass, ['returning'], 'On a returning visit after Reject all', context), ...consentModeFindings(pass, context));
  return findings;
}

function withdrawal(pass: PassObservation, context: RuleContext): Finding[] {
  const { attribution, passes } = context;
  const findings = [...problemFindings(pass), ...expectDecision(pass, context.facts, [], 'Withdrawal')];
  const accepted = pass.snapshots.find((snapshot) => snapshot.phase === 'after-decision');
  const after = pass.snapshots.find((snapshot) => snapshot.phase === 'after-withdrawal');
  if (!accepted || !after) return findings;
  // What consent added (there after Accept all, not after Reject all) must be gone.
  const added = attribution.addedByConsent(pass, accepted, passes.get('reject-all')?.snapshots.at(-1));
  const remaining = new Set([...after.cookies.map(cookieKey), ...after.storage.map(storageKey)]);
  const cookies = added.cookies.filter((cookie) => remaining.has(cookieKey(cookie)));
  const lead = "Still there after withdrawal (list it in its category's cookies attribute)";
  findings.push(...cookies.filter(({ party }) => party === 'first').map((cookie) => cookieFinding('withdrawal-clears', pass.id, lead, cookie)));
  findings.push(...added.storage.filter((item) => remaining.has(storageKey(item))).map((item) => storageFinding('withdrawal-clears', pass.id, lead, item)));
  const thirdParty = cookies.filter(({ party }) => party === 'third');
  if (thirdParty.length) {
    findings.push(warn('withdrawal-clears', pass.id, `Cookies other sites set stay after withdrawal until they expire (a page cannot delete them): ${thirdParty.map(({ name, domain }) => `${name} (${domain})`).join(', ')}.`));
  }
  findings.push(...activityFindings('withdrawal-clears', pass, ['after-withdrawal'], 'After withdrawal', context), ...consentModeFindings(pass, context));
  return findings;
}

/** A page without Assent: everything optional that ran is what a banner would have to hold back. */
export function withoutBannerFindings(pass: PassObservation, context: RuleContext): Finding[] {
  const ran = activityFindings('without-banner', pass, ['before-decision'], 'Ran without consent', context);
  if (ran.length === 0) return [];
  return [fail('without-banner', pass.id, 'No Assent on this page (no window.assent, no <assent-consent>): nothing holds this back until the shopper agrees.'), ...ran];
}

/** The findings of one pass of a page with Assent. */
export function passFindings(pass: PassObservation, context: RuleContext): Finding[] {
  if (pass.id === 'first-visit') return firstVisit(pass, context);
  if (pass.id === 'reject-all') return rejectAll(pass, context);
  if (pass.id === 'accept-all') return acceptAll(pass, context);
  if (pass.id === 'gpc') return globalPrivacyControl(pass, context);
  if (pass.id === 'returning-after-reject') return returningAfterReject(pass, context);
  if (pass.id === 'withdrawal') return withdrawal(pass, context);
  const category = pass.id.replace(/^only-/, '');
  return onlyCategory(pass, context, category);
}
