import type { ConsentManager } from '../core/consent.js';
import { inNextTask, whenIdle } from '../core/next-task.js';
import type { ConsentState, Warn } from '../core/types.js';
import type { PartSocket } from '../page-handle.js';

/** The parts of the UI the main script loads only when they are needed. */
export interface LazyParts {
  /** Lit, the banner and the embed placeholder; starts the UI. */
  readonly ui: () => Promise<unknown>;
  /** The preference center; needs the UI part's Lit. */
  readonly preferences: () => Promise<unknown>;
  /** `<assent-cookie-table>`, for a page that has one (the privacy page); needs the UI part's Lit. */
  readonly cookieTable: () => Promise<unknown>;
  /** The shop-platform bridges (Shopify, WordPress), for a page that names a `platform`. */
  readonly platform: () => Promise<unknown>;
  /** The vendors' consent updates, for a page that names a vendor signal. */
  readonly signals: () => Promise<unknown>;
  /** The outbox and the sender, for a page that names an `endpoint` and has something to send. */
  readonly sync: () => Promise<unknown>;
}

export interface LoadOptions {
  /** Assent's `<script>` names a vendor signal: that part loads at once. */
  readonly signalsOnScript?: boolean;
  /**
   * Whether the endpoint's part has work when the manager is ready (records waiting, a decision
   * not delivered): without it, the part waits for a decision made on this page, or a receipt asked for.
   * Without this check, it loads when the manager is ready.
   */
  readonly syncHasWork?: (state: ConsentState | null) => Promise<boolean>;
}

export interface LoadedParts {
  /** Loads the UI part if it is not there yet (for an embed placeholder, say). */
  readonly requestUi: () => void;
  /** Loads the endpoint's part if it is not there yet; answers whether it is there. */
  readonly sync: () => Promise<boolean>;
  readonly stop: () => void;
}

/**
 * Loads each part when it can be needed: the UI part as soon as the banner must show, the
 * preference center at once when the shopper asks for it and, while the banner shows, at the next
 * idle moment after the shopper reaches for the banner (so "Customize" opens without a wait), the
 * platform bridge as soon as the configuration names a platform, the vendor signals as soon as
 * Assent's script or the configuration names one, the endpoint's part on a page that names an
 * endpoint once there is something to send (a decision made here, or one waiting from an earlier
 * page), and the cookie table's (after the UI part) once the configuration is read on a page that
 * has an `<assent-cookie-table>`. A returning shopper loads neither UI part elsewhere. A failed
 * load is reported, an open request is closed so the page stays usable, and the next need retries.
 */
export function loadPartsWhenNeeded(manager: ConsentManager, parts: LazyParts, warn: Warn, options: LoadOptions = {}): LoadedParts {
  // Inserting a script costs the main thread a moment: not in the task that made the banner due.
  const ensureUi = loadOnce(() => inNextTask(parts.ui), (reason) => warn(`could not load the consent banner (${reason}).`));
  /** A part that takes Lit from the UI part, and is loaded once that is there. */
  const afterUi = (part: () => Promise<unknown>, name: string, failed?: () => void) =>
    loadOnce(
      () =>
        ensureUi().then((loaded) => {
          if (!loaded) throw new Error('the consent banner did not load');
          return part();
        }),
      (reason) => {
        warn(`could not load the ${name} (${reason}).`);
        failed?.();
      },
    );
  const ensurePreferences = afterUi(parts.preferences, 'preference center', () => manager.closePreferences());
  const ensureCookieTable = afterUi(parts.cookieTable, 'cookie table');
  const ensurePlatform = loadOnce(parts.platform, (reason) => warn(`could not load the ${manager.snapshot.config.platform} bridge (${reason}).`));
  const ensureSignals = loadOnce(parts.signals, (reason) => warn(`could not load the vendor signals (${reason}); the vendors keep their consent defaults.`));
  // Named on Assent's <script>: at once, so that a returning shopper's update comes soon after the defaults.
  if (options.signalsOnScript) void ensureSignals();
  const ensureSync = loadOnce(parts.sync, (reason) => warn(`could not load the part that sends consent records (${reason}); decisions wait in this browser until a page loads it.`));
  let approachWatched = false;
  const stop = manager.subscribe((event, snapshot) => {
    if (snapshot.config.platform) void ensurePlatform();
    if (snapshot.config.signals.length > 0) void ensureSignals();
    // The page keeps its decisions in the outbox until the part connects (page.ts, endpointSocket).
    if (snapshot.config.endpoint) {
      if (event.type === 'decision' && event.source === 'local') void ensureSync();
      else if (event.type === 'ready') void Promise.resolve(options.syncHasWork?.(event.state) ?? true).then((work) => work && ensureSync());
    }
    if (snapshot.ready && document.querySelector('assent-cookie-table')) void ensureCookieTable();
    if (snapshot.preferencesOpen) void ensurePreferences();
    else if (snapshot.showBanner) {
      void ensureUi();
      if (!approachWatched) {
        approachWatched = true;
        // Once the browser is idle: not inside a click on "Accept all" that follows the approach at
        // once (the allowed scripts come first), and not at all once that click has decided.
        whenBannerApproached(() =>
          whenIdle(() => {
            if (manager.snapshot.showBanner) void ensurePreferences();
          }),
        );
      }
    }
  });
  return { requestUi: () => void ensureUi(), sync: ensureSync, stop };
}

/**
 * Calls `load` once the shopper reaches for the banner: a pointer over it, a touch, or focus in it.
 * That is a few hundred milliseconds ahead of a click on "Customize"; a page where nobody reaches
 * for the banner never downloads the preference center.
 */
function whenBannerApproached(load: () => void): void {
  const types = ['pointerover', 'touchstart', 'focusin'];
  const onEvent = (event: Event) => {
    if (!event.composedPath().some((target) => (target as Partial<Element>).localName === 'assent-banner')) return;
    for (const type of types) document.removeEventListener(type, onEvent, true);
    load();
  };
  for (const type of types) document.addEventListener(type, onEvent, { capture: true, passive: true });
}

/** A part that hands over one function (`connect`), loaded on the first call. */
export function partSocket<T>(load: () => Promise<unknown>, report: (reason: string) => void): PartSocket<T> {
  let connected: T | undefined;
  const ensure = loadOnce(load, report);
  return Object.assign(() => ensure().then(() => connected), { connect: (value: T) => void (connected = value) });
}

/** Shares one load between callers; a failure is reported once and lets the next call retry. */
function loadOnce(load: () => Promise<unknown>, report: (reason: string) => void): () => Promise<boolean> {
  let loading: Promise<boolean> | undefined;
  return () =>
    (loading ??= load().then(
      () => true,
      (error: unknown) => {
        loading = undefined;
        report(error instanceof Error ? error.message : String(error));
        return false;
      },
    ));
}
