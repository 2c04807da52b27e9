import type { ConsentManager, ConsentSnapshot } from './consent.js';
import { cookieNames, matchesPattern, storageKeys } from './cookies.js';
import { categoriesOf, CONSENT_ATTRIBUTE } from './gated-elements.js';
import { whenIdle } from './next-task.js';
import { OUTBOX_DATABASE } from './outbox-key.js';
import type { ProblemReport } from './problem-report.js';
import { DECISION_DATABASE } from './storage.js';
import { COPY_NAME } from './copy-store.js';
import { TAB_MESSAGE_KEY } from './tabs.js';
import { NECESSARY, type Config } from './types.js';
import type { WarningLog } from './warn.js';

/** What diagnostics read from the page's Assent. */
export interface DiagnosticsSources {
  readonly manager: ConsentManager;
  readonly warn: WarningLog;
  readonly problems: Pick<ProblemReport, 'settled'>;
}

export interface DiagnosticsOptions {
  /** The folder Assent's files come from: requests for them are Assent's own. */
  readonly ownFiles?: string;
  /** How long no request may have been recorded after `load` for the page to count as settled. */
  readonly quietMs?: number;
  /** The longest wait after `load`, for a page that never stops asking for something. */
  readonly maxWaitMs?: number;
}

/** One request to another site that happened before consent. */
export interface RequestRow {
  readonly url: string;
  /** What started it, as Resource Timing says: `script`, `img`, `iframe`, `fetch`, `beacon`… */
  readonly initiator: string;
  /** Milliseconds after the page started loading. */
  readonly started: number;
  /** `necessary` when an element marked `data-consent="necessary"` loads this URL, else `not declared`. */
  readonly declared: string;
}

/** One cookie or storage key set before consent. */
export interface StoredRow {
  readonly storage: 'cookie' | 'localStorage' | 'sessionStorage' | 'IndexedDB';
  readonly name: string;
  /** The category whose `cookies` list names it (`necessary` for the strictly necessary ones), else `not declared`. */
  readonly declared: string;
}

export interface Diagnosis {
  /** When an optional category was first granted on this page (ms after it started), if it was. */
  readonly consentAt: number | undefined;
  readonly requests: readonly RequestRow[];
  readonly stored: readonly StoredRow[];
  readonly warnings: readonly string[];
}

const NOT_DECLARED = 'not declared';

/** Assent's own storage, which diagnostics leave out. */
const OWN_STORAGE = new Set([DECISION_DATABASE, OUTBOX_DATABASE, TAB_MESSAGE_KEY, COPY_NAME]);

/**
 * In-page diagnostics (docs/diagnostics.md): from before anything optional is granted until the
 * page has settled, watches what reaches other sites and what is stored, then prints it with
 * every warning so far as console tables, and resolves with the same.
 */
export async function startDiagnostics(sources: DiagnosticsSources, options: DiagnosticsOptions = {}): Promise<Diagnosis> {
  const { manager } = sources;
  const requests: PerformanceResourceTiming[] = [];
  let lastRecorded = 0;
  const observer = new PerformanceObserver((list) => {
    requests.push(...(list.getEntries() as PerformanceResourceTiming[]));
    lastRecorded = performance.now();
  });
  observer.observe({ type: 'resource', buffered: true });

  let consent: { readonly at: number; readonly stored: Promise<Stored> } | undefined;
  const watch = (snapshot: ConsentSnapshot) => {
    if (consent || !grantsOptional(snapshot)) return;
    consent = { at: performance.now(), stored: storedNow() };
    stopWatching();
  };
  const stopWatching = manager.subscribe((_event, snapshot) => watch(snapshot));
  watch(manager.snapshot);

  await settled(() => lastRecorded, options.quietMs ?? 1000, options.maxWaitMs ?? 10_000);
  await new Promise<void>((resolve) => whenIdle(resolve)); // the markup is looked over when idle
  await sources.problems.settled();
  observer.disconnect();
  stopWatching();

  const { config } = manager.snapshot;
  const diagnosis: Diagnosis = {
    consentAt: consent?.at,
    requests: requestsBefore(requests, consent?.at ?? Infinity, ownUrls(config, options.ownFiles)),
    stored: storedRows(await (consent?.stored ?? storedNow()), config),
    warnings: [...sources.warn.written].map((line) => line.replace(/^\[assent\] /, '')),
  };
  print(diagnosis);
  return diagnosis;
}

function grantsOptional(snapshot: ConsentSnapshot): boolean {
  return Object.entries(snapshot.grants).some(([name, granted]) => granted && name !== NECESSARY);
}

/**
 * The page has settled once its `load` event has fired and then no request has been recorded for
 * `quietMs` (Resource Timing records a request when it ends), or `maxWaitMs` after `load`.
 */
async function settled(lastRecorded: () => number, quietMs: number, maxWaitMs: number): Promise<void> {
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  const loadedAt = performance.now();
  for (;;) {
    const now = performance.now();
    const quiet = now - Math.max(lastRecorded(), loadedAt);
    if (quiet >= quietMs || now - loadedAt >= maxWaitMs) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quiet, loadedAt + maxWaitMs - now)));
  }
}

/** Requests to another site started before `until`, except Assent's own (its files, its endpoint). */
function requestsBefore(entries: readonly PerformanceResourceTiming[], until: number, own: readonly string[]): RequestRow[] {
  const pageSite = siteOf(location.hostname);
  const necessary = declaredNecessary();
  const rows: RequestRow[] = [];
  for (const entry of entries) {
    const url = new URL(entry.name);
    if (entry.startTime >= until || !/^https?:$/.test(url.protocol) || siteOf(url.hostname) === pageSite) continue;
    if (own.some((prefix) => entry.name.startsWith(prefix))) continue;
    rows.push({ url: entry.name, initiator: entry.initiatorType, started: Math.round(entry.startTime), declared: necessary.has(entry.name) ? NECESSARY : NOT_DECLARED });
  }
  return rows;
}

function ownUrls(config: Config, ownFiles: string | undefined): string[] {
  return [ownFiles, config.endpoint && new URL(config.endpoint, document.baseURI).href].filter((url): url is string => Boolean(url));
}

/** What elements marked `data-consent="necessary"` load: the shop declared it strictly necessary. */
function declaredNecessary(): Set<string> {
  const urls = new Set<string>();
  for (const element of document.querySelectorAll(`[${CONSENT_ATTRIBUTE}]`)) {
    if (categoriesOf(element)?.every((name) => name === NECESSARY) !== true) continue;
    for (const source of [element.getAttribute('src'), element.getAttribute('data-src')]) {
      if (source) urls.add(new URL(source, document.baseURI).href);
    }
  }
  return urls;
}

type Stored = Readonly<Record<StoredRow['storage'], readonly string[]>>;

/** The cookies and storage keys there are now; IndexedDB's database names where the browser lists them. */
async function storedNow(): Promise<Stored> {
  const cookies = cookieNames();
  const local = storageKeys(() => localStorage);
  const session = storageKeys(() => sessionStorage);
  const databases = typeof indexedDB?.databases === 'function' ? await indexedDB.databases().catch(() => []) : [];
  return { cookie: cookies, localStorage: local, sessionStorage: session, IndexedDB: databases.map((database) => database.name ?? '').filter(Boolean) };
}

function storedRows(stored: Stored, config: Config): StoredRow[] {
  const rows: StoredRow[] = [];
  for (const storage of ['cookie', 'localStorage', 'sessionStorage', 'IndexedDB'] as const) {
    for (const name of new Set(stored[storage])) {
      if (OWN_STORAGE.has(name)) continue;
      const declaredBy = config.categories.find((category) => matchesPattern(name, category.cookies));
      rows.push({ storage, name, declared: declaredBy?.name ?? NOT_DECLARED });
    }
  }
  return rows;
}

/** The site of a host, roughly: its last two labels, or three under a country's `co.`, `com.`… (`shop.co.uk`). */
export function siteOf(hostname: string): string {
  if (/^[\d.]+$|:|^[^.]*$/.test(hostname)) return hostname;
  const labels = hostname.split('.');
  const underCountry = labels.length > 2 && labels.at(-1)!.length === 2 && /^(co|com|net|org|gov|edu|ac|or|ne|go)$/.test(labels.at(-2)!);
  return labels.slice(underCountry ? -3 : -2).join('.');
}

function print({ consentAt, requests, stored, warnings }: Diagnosis): void {
  const until = consentAt === undefined ? 'no optional category has been granted yet' : `until the first consent, ${Math.round(consentAt)} ms after the page started`;
  console.group(`[assent] diagnostics: what happened before consent (${until})`);
  table('Requests to other sites that were not held back', requests);
  table('Cookies and storage keys that are not Assent’s own', stored);
  table('Configuration warnings', warnings.map((warning) => ({ warning })));
  console.groupEnd();
}

function table(title: string, rows: readonly object[]): void {
  if (rows.length === 0) return console.info(`${title}: none`);
  console.info(`${title}:`);
  console.table(rows);
}
