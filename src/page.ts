import { set, type UseStore } from 'idb-keyval';
import { createConsentApi, type AssentApi } from './core/api.js';
import { DEFAULT_CONFIG, readConfig } from './core/config.js';
import { ConsentManager } from './core/consent.js';
import { createDecisionCopies } from './core/copy-store.js';
import { announceOnDocument } from './core/document-events.js';
import { currentPage, endpointRecord, fetchDecisionToRestore, fetchRegion, type EndpointRecord } from './core/endpoint.js';
import { gateThirdParties } from './core/gate.js';
import { lintConfiguration, lintPage, lintScriptOrder } from './core/lint.js';
import { DELIVERED_KEY, OUTBOX_DATABASE, OUTBOX_STORE, outboxHasWork, outboxKey } from './core/outbox-key.js';
import { createIndexedDbStore, readInNextTask, storeOpenedOnFirstUse, withMemoryFallback } from './core/storage.js';
import { shareAcrossTabs } from './core/tabs.js';
import { createProblemReport } from './core/problem-report.js';
import type { Report } from './core/problems.js';
import type { ConsentState, Warn } from './core/types.js';
import { createWarn } from './core/warn.js';
import { inNextTask, whenIdle } from './core/next-task.js';
import { withTimeout } from './core/with-timeout.js';
import { pageHandle, setPageHandle, type EndpointSocket } from './page-handle.js';
import { defineElements } from './ui/define.js';
import { createEmbedPlaceholder } from './ui/embed-placeholder.js';
import { followLocale, type LoadLanguage, type LocaleSource } from './ui/i18n/locale.js';
import { handleIntents } from './ui/intents.js';
import { loadPartsWhenNeeded, partSocket, type LazyParts, type LoadedParts, type LoadOptions } from './ui/lazy-parts.js';
import { openPreferencesOnLinks } from './ui/open-links.js';
import { driveConsentMode, type GtagWindow } from './signals/gcm.js';

/** How long the banner may wait for the endpoint (a stored decision, the shopper's region). */
const RESTORE_TIMEOUT_MS = 1000;
/** How long the configuration may wait for the diagnostics part, with `debug` on. */
const DIAGNOSTICS_TIMEOUT_MS = 5000;
/** In the page's URL (`?assent-debug`), it turns diagnostics on like the `debug` attribute. */
const DEBUG_PARAMETER = 'assent-debug';

/** The parts for the page's author, loaded only when there is something to tell them. */
export interface AuthorParts {
  /** The texts of configuration warnings, on the first problem (core/problem-texts.ts). */
  readonly warnings: () => Promise<unknown>;
  /** The diagnostics table, with `debug` or `?assent-debug` (core/diagnostics.ts). */
  readonly diagnostics: () => Promise<unknown>;
}

export interface PageOptions {
  /** Loads the parts: dynamic imports, or classic scripts beside Assent's. */
  readonly parts: LazyParts & AuthorParts & {
    /** What `<assent-opt-out-link>` shows, the first time one is on the page. */
    readonly optOutLink: () => Promise<unknown>;
  };
  /** Loads a language file's texts: classic scripts or chunks beside Assent's. */
  readonly language: LoadLanguage;
  /** The nonce of Assent's own `<script>`, if any: then gated scripts need one too (docs/gating.md). */
  readonly ownNonce?: string;
  /**
   * Assent's `<script>` that already sent the Consent Mode default (`data-google-consent-mode`):
   * no script that runs may come before it.
   */
  readonly consentModeDefaultSentBy?: Element;
  /** The names of `data-signals` on Assent's `<script>`, whose vendor defaults it sent. */
  readonly signalsOnScript?: readonly string[];
}

/**
 * The page's one Assent: the manager, its subscribers and the elements, wired once. A second
 * copy of the script gets the first one's API and a warning.
 */
export function pageAssent(options: PageOptions): AssentApi {
  const existing = pageHandle();
  if (existing) {
    existing.warn('the script is loaded more than once; the first copy keeps working.');
    return existing.api;
  }
  const warn = createWarn();
  const problems = createProblemReport(warn, options.parts.warnings);
  const { report } = problems;
  const loadDiagnostics = () =>
    withTimeout(options.parts.diagnostics(), DIAGNOSTICS_TIMEOUT_MS).catch((error: unknown) =>
      warn(`could not load the diagnostics part (${error instanceof Error ? error.message : String(error)}).`),
    );
  const diagnostics = new URLSearchParams(location.search).has(DEBUG_PARAMETER) ? loadDiagnostics() : undefined;
  const outbox = storeOpenedOnFirstUse(OUTBOX_DATABASE, OUTBOX_STORE);
  const manager = new ConsentManager({
    store: readInNextTask(withMemoryFallback(createIndexedDbStore(), warn)),
    warn,
    gpcSignal: () => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    dntSignal: () => navigator.doNotTrack === '1',
    restore: (config) => fetchDecisionToRestore(config, RESTORE_TIMEOUT_MS),
    locate: async (config) => (config.endpoint ? fetchRegion(config.endpoint, RESTORE_TIMEOUT_MS) : undefined),
    copies: createDecisionCopies(),
    // The sub-domain that decided sent the record: the endpoint's part must not send it again from here.
    sharedBy: (record) => void (manager.snapshot.config.endpoint && set(DELIVERED_KEY, outboxKey(record), outbox()).catch(() => undefined)),
  });
  const endpoint = endpointSocket(manager, outbox);
  let parts: LoadedParts | undefined;
  const api = createConsentApi(manager, async () => ((await parts?.sync()) ? endpoint.receipts : undefined));
  const locale = followLocale(manager, options.language, warn);
  const optOutLink = partSocket<(link: HTMLElement) => () => void>(options.parts.optOutLink, (reason) => warn(`could not load the opt-out link (${reason}).`));
  setPageHandle({ api, manager, warn, problems, locale, endpoint, signalsOnScript: options.signalsOnScript ?? [], optOutLink });

  driveConsentMode(manager, window as GtagWindow, Boolean(options.consentModeDefaultSentBy)); // before the gate
  if (options.consentModeDefaultSentBy) lintScriptOrder(options.consentModeDefaultSentBy, report);
  // The rest in tasks of their own, so that starting up is never one long task. Nothing is missed
  // meanwhile: the manager cannot become ready, nor decide, before the last task configures it.
  void inNextTask(() => (parts = startSubscribers(manager, locale, options, warn, (state) => outboxHasWork(outbox(), state))))
    .then((loaded) => inNextTask(() => startGate(manager, loaded, options, report)))
    .then(() => inNextTask(() => startElements(manager, report, configureFromMarkup(manager, report, loadDiagnostics, diagnostics))));
  return api;
}

/**
 * Keeps the page's decisions for the endpoint's part until it has loaded (it is requested by the
 * first decision made on the page, or when the manager is ready if the outbox has work from an
 * earlier page). Each is also written to the outbox at once, as the part would: a page that
 * reloads or closes before the part has loaded (a withdrawal reloads it) loses no record; the next
 * page finds it waiting, loads the part and sends it.
 */
function endpointSocket(manager: ConsentManager, outbox: () => UseStore): EndpointSocket {
  const earlier: EndpointRecord[] = [];
  let startedWith: ConsentState | null | undefined;
  let receipts: EndpointSocket['receipts'];
  const stopKeeping = manager.subscribe((event, snapshot) => {
    if (event.type === 'ready') startedWith = event.state;
    if (event.type !== 'decision' || event.source !== 'local' || !snapshot.config.endpoint) return;
    const record = endpointRecord(event.state, snapshot, currentPage());
    earlier.push(record);
    // Without IndexedDB the record still goes out from this page, once the part is there.
    set(outboxKey(record), { record }, outbox()).catch(() => undefined);
  });
  return {
    connect(start) {
      if (receipts) return;
      stopKeeping();
      receipts = start(earlier.splice(0), startedWith);
    },
    get receipts() {
      return receipts;
    },
  };
}

/** What follows the manager's changes, besides the gate: the endpoint's part, the UI parts, events and tabs. */
function startSubscribers(manager: ConsentManager, locale: LocaleSource, options: PageOptions, warn: Warn, syncHasWork: LoadOptions['syncHasWork']): LoadedParts {
  // The page's language file loads beside the UI part, so the banner's first render is in it.
  const ui = () => (locale.request(), options.parts.ui());
  const parts = loadPartsWhenNeeded(manager, { ...options.parts, ui }, warn, { signalsOnScript: Boolean(options.signalsOnScript?.length), syncHasWork });
  announceOnDocument(manager);
  shareAcrossTabs(manager);
  return parts;
}

/** Holds back what the shopper has not allowed, and releases it as they allow it. */
function startGate(manager: ConsentManager, parts: LoadedParts, options: PageOptions, report: Report): void {
  gateThirdParties(manager, {
    report,
    requireNonce: Boolean(options.ownNonce),
    placeholder: (frame, categories) => {
      parts.requestUi();
      return createEmbedPlaceholder(frame, categories);
    },
  });
}

/** The elements, which configure the manager, and the shopper's requests from the page. */
function startElements(manager: ConsentManager, report: Report, configure: (host: Element) => void): void {
  handleIntents(document.documentElement, manager, configure);
  openPreferencesOnLinks(document);
  whenPageParsed(manager, report);
  defineElements();
}

/**
 * Reads `<assent-consent>` into the manager, with the checks that a correct configuration passes
 * silently. With diagnostics on, configuring waits for their part (a few seconds at most), so
 * that it watches the page from before anything can be granted (docs/diagnostics.md).
 */
function configureFromMarkup(manager: ConsentManager, report: Report, loadDiagnostics: () => Promise<unknown>, diagnostics: Promise<unknown> | undefined): (host: Element) => void {
  return (host) => {
    const config = readConfig(host, report);
    lintConfiguration(host, config, report);
    if (config.debug) diagnostics ??= loadDiagnostics();
    const apply = () => {
      manager.configure(config);
      showVariant(host, manager.snapshot.variant);
    };
    if (diagnostics) void diagnostics.then(apply);
    else apply();
  };
}

/**
 * `data-variant` on `<assent-consent>`, for the page's CSS to show each variant's copy
 * (docs/attributes.md#variants). Written only when it changes: the element re-reads its
 * configuration on every attribute change, so writing the same value again would never end.
 */
function showVariant(host: Element, variant: string | undefined): void {
  if (host.getAttribute('data-variant') === (variant ?? null)) return;
  if (variant) host.setAttribute('data-variant', variant);
  else host.removeAttribute('data-variant');
}

/**
 * Once the page is parsed, its markup is looked over while the browser is idle (on a large page
 * that takes some milliseconds); and a page without `<assent-consent>` still answers `ready` and
 * `granted`, with nothing optional.
 */
function whenPageParsed(manager: ConsentManager, report: Report): void {
  const check = () => {
    whenIdle(() => lintPage(document, report));
    if (document.querySelector('assent-consent')) return;
    report({ code: 'no-consent-element', element: document.documentElement });
    manager.configure(DEFAULT_CONFIG);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check, { once: true });
  else queueMicrotask(check);
}
