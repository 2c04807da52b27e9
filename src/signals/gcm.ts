import type { ConsentManager, ConsentSnapshot } from '../core/consent.js';
import { GCM_SIGNALS, type Config, type GcmSignal } from '../core/types.js';
import { grantedByEvery } from './mapped-grants.js';

type ConsentValue = 'granted' | 'denied';
export type ConsentModeSignals = Record<GcmSignal, ConsentValue>;

/** The page's Google tag queue, as Google's snippet defines it. */
export interface GtagWindow {
  dataLayer?: unknown[];
  gtag?: (...args: unknown[]) => void;
}

export interface ConsentModeDefault {
  readonly waitForUpdate: number;
  readonly adsDataRedaction: boolean;
  readonly urlPassthrough: boolean;
}

/**
 * Defines `dataLayer` and `gtag` when the page has not: `gtag` pushes its `arguments` object,
 * exactly as Google's snippet does (Google's tags ignore a plain array).
 */
export function ensureGtag(target: GtagWindow): (...args: unknown[]) => void {
  target.dataLayer ??= [];
  target.gtag ??= function gtag() {
    // eslint-disable-next-line prefer-rest-params -- Google's tags read the arguments object itself
    target.dataLayer!.push(arguments);
  };
  return target.gtag;
}

/** Everything denied but `security_storage`, before any tag can run (docs/signals.md). */
export function sendConsentModeDefault(target: GtagWindow, options: ConsentModeDefault): void {
  const gtag = ensureGtag(target);
  const denied = Object.fromEntries(GCM_SIGNALS.map((signal) => [signal, signal === 'security_storage' ? 'granted' : 'denied']));
  gtag('consent', 'default', { ...denied, wait_for_update: options.waitForUpdate });
  if (options.adsDataRedaction) gtag('set', 'ads_data_redaction', true);
  if (options.urlPassthrough) gtag('set', 'url_passthrough', true);
}

/**
 * The signals the grants allow: a signal is granted when every category mapped to it (the
 * categories' `gcm`) is granted; `security_storage` always is; a signal no category maps stays denied.
 */
export function consentModeSignals(config: Config, grants: Readonly<Record<string, boolean>>): ConsentModeSignals {
  const signals = {} as ConsentModeSignals;
  for (const signal of GCM_SIGNALS) {
    const granted = signal === 'security_storage' || grantedByEvery(config, grants, (category) => category.gcm.includes(signal));
    signals[signal] = granted ? 'granted' : 'denied';
  }
  return signals;
}

export function consentModeDefaultOf(config: Config): ConsentModeDefault {
  return { waitForUpdate: config.gcmWait, adsDataRedaction: config.gcmAdsDataRedaction, urlPassthrough: config.gcmUrlPassthrough };
}

/**
 * Drives Google Consent Mode v2 (docs/signals.md) for a page with `google-consent-mode`: the default
 * (unless Assent's script already sent it), an update as soon as a stored decision is read or
 * optional categories run by default (opt-out), and after each decision an update followed by
 * `{ event: 'assent-change', assent: { <category>: true|false } }` for tag-manager triggers.
 * Subscribe it before the gate, so the update precedes the scripts it allows.
 */
export function driveConsentMode(manager: ConsentManager, target: GtagWindow, defaultSent: boolean): () => void {
  let sentDefault = defaultSent;
  const update = (snapshot: ConsentSnapshot) => ensureGtag(target)('consent', 'update', consentModeSignals(snapshot.config, snapshot.grants));
  return manager.subscribe((event, snapshot) => {
    if (!snapshot.config.googleConsentMode && !sentDefault) return;
    if (!sentDefault) {
      sentDefault = true;
      sendConsentModeDefault(target, consentModeDefaultOf(snapshot.config));
    }
    if (event.type === 'ready' && (snapshot.state !== null || snapshot.mode === 'opt-out')) update(snapshot);
    if (event.type === 'decision') {
      update(snapshot);
      target.dataLayer!.push({ event: 'assent-change', assent: { ...snapshot.grants } });
    }
  });
}
