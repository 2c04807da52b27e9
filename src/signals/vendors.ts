import type { ConsentManager, ConsentSnapshot, ManagerEvent } from '../core/consent.js';
import { VENDOR_SIGNALS, VENDORS, type Vendor, type VendorSignal, type Warn } from '../core/types.js';
import { warnOncePerKind } from '../core/warn.js';
import { sendClarityUpdate } from './clarity.js';
import { grantedByEvery } from './mapped-grants.js';
import { sendMetaUpdate } from './meta.js';
import { sendTikTokUpdate } from './tiktok.js';
import { sendUetUpdate } from './uet.js';
import { sendVendorDefaults, type VendorWindow } from './vendor-defaults.js';

/** What the vendors are told after a decision. */
export interface VendorConsent {
  /** Each vendor signal: granted when every configured category that grants it (`signals`) is granted. */
  readonly signals: Readonly<Record<VendorSignal, boolean>>;
  /** Meta's Limited Data Use: in the opt-out regime, whether the shopper opted out of sale; else undefined. */
  readonly limitedDataUse: boolean | undefined;
}

const VENDOR_UPDATES: Readonly<Record<Vendor, (target: VendorWindow, consent: VendorConsent) => void>> = {
  uet: (target, { signals }) => sendUetUpdate(target, signals.uet),
  clarity: (target, { signals }) => sendClarityUpdate(target, { ads: signals['clarity-ads'], analytics: signals['clarity-analytics'] }),
  meta: (target, { signals, limitedDataUse }) => sendMetaUpdate(target, signals.meta, limitedDataUse),
  tiktok: (target, { signals }) => sendTikTokUpdate(target, signals.tiktok),
};

/**
 * The vendor signals the grants allow, and whether the shopper opted out of sale: a `sale`
 * category not granted, or the browser's objection (Global Privacy Control).
 */
export function vendorConsentOf(snapshot: Pick<ConsentSnapshot, 'config' | 'grants' | 'mode' | 'objection'>): VendorConsent {
  const { config, grants } = snapshot;
  const signals = {} as Record<VendorSignal, boolean>;
  for (const signal of VENDOR_SIGNALS) signals[signal] = grantedByEvery(config, grants, (category) => category.signals.includes(signal));
  const optedOutOfSale = snapshot.objection || config.categories.some((category) => category.sale && grants[category.name] !== true);
  return { signals, limitedDataUse: snapshot.mode === 'opt-out' ? optedOutOfSale : undefined };
}

export interface VendorSignalOptions {
  readonly warn: Warn;
  /** The names of `data-signals` on Assent's own `<script>`, whose defaults it sent. */
  readonly signalsOnScript?: readonly string[];
  readonly target?: VendorWindow;
}

/**
 * Tells the vendors named on Assent's `<script>` (`data-signals`) or on `<assent-consent signals>`
 * (docs/signals.md#vendor-signals): the default for those the script did not name, then an update
 * once a decision is in force or optional categories run by default (opt-out), and after every
 * decision, also one made in another tab. A vendor whose API throws gets one warning; the others
 * are told all the same. Returns the function that stops it.
 */
export function driveVendorSignals(manager: ConsentManager, options: VendorSignalOptions): () => void {
  const target = options.target ?? (window as VendorWindow);
  const warnOnce = warnOncePerKind<Vendor>(options.warn);
  const onScript = options.signalsOnScript ?? [];
  for (const name of onScript.filter((name) => !isVendor(name))) {
    options.warn(`data-signals="${name}" on Assent's <script> is not a vendor (${VENDORS.join(', ')}); it is ignored.`);
  }
  const driven = new Set<Vendor>(onScript.filter(isVendor));

  const tell = (vendor: Vendor, call: () => void) => {
    try {
      call();
    } catch (error) {
      warnOnce(vendor, `the ${vendor} consent call failed (${error instanceof Error ? error.message : String(error)}); the others are told.`);
    }
  };
  const update = (vendors: Iterable<Vendor>, snapshot: ConsentSnapshot) => {
    const consent = vendorConsentOf(snapshot);
    for (const vendor of vendors) tell(vendor, () => VENDOR_UPDATES[vendor](target, consent));
  };
  const inForce = (snapshot: ConsentSnapshot) => snapshot.ready && (snapshot.state !== null || snapshot.mode === 'opt-out');

  /** `event` is undefined for the snapshot found when this starts: the part may load after `ready`. */
  const follow = (event: ManagerEvent | undefined, snapshot: ConsentSnapshot) => {
    const added = snapshot.config.signals.filter((vendor) => !driven.has(vendor));
    for (const vendor of added) {
      driven.add(vendor);
      tell(vendor, () => sendVendorDefaults([vendor], target));
    }
    if (!inForce(snapshot)) return; // a decision always is
    const everyVendor = event === undefined || event.type === 'ready' || event.type === 'decision';
    update(everyVendor ? driven : added, snapshot);
  };
  const unsubscribe = manager.subscribe(follow);
  follow(undefined, manager.snapshot);
  return unsubscribe;
}

function isVendor(name: string): name is Vendor {
  return (VENDORS as readonly string[]).includes(name);
}
