import type { ConsentState } from '../core/types.js';

export type { ConsentState };

/** A vendor's usual consent category in the audit's own table (vendors.ts). */
export type UsualCategory = 'necessary' | 'functional' | 'analytics' | 'marketing';

/** Where a pass is: what happened before the observation was made. */
export type Phase = 'before-decision' | 'after-decision' | 'returning' | 'after-withdrawal';

/** The rules the audit checks (docs/audit.md explains each). */
export type RuleId =
  | 'assent-ready'
  | 'decision-recorded'
  | 'before-consent'
  | 'after-reject'
  | 'reject-persists'
  | 'only-chosen-category'
  | 'gpc-honored'
  | 'withdrawal-clears'
  | 'consent-mode'
  | 'equal-choices'
  | 'without-banner';

/** One broken rule (`fail`, exit code 1) or something to look at (`warn`). */
export interface Finding {
  readonly rule: RuleId;
  readonly severity: 'fail' | 'warn';
  readonly pass: string;
  readonly message: string;
  /** The origin (scheme, host and port) of what broke the rule, when it has one. */
  readonly origin?: string;
}

/** A request as the browser made it, before the audit names its vendor and category. */
export interface RequestRecord {
  readonly url: string;
  readonly method: string;
  /** Playwright's resource type: `script`, `image`, `document`, `fetch`, … */
  readonly type: string;
  readonly phase: Phase;
  /** The script that started it (or the document whose parser did), when Chromium says. */
  initiator?: string;
  /** The URL of the frame it was made from, when it was not the page itself. */
  readonly frame?: string;
}

/** A write the page made to a cookie or to storage, reported by the instrumentation or a response header. */
export interface WriteRecord {
  readonly kind: 'cookie' | 'localStorage' | 'sessionStorage' | 'indexedDB-open' | 'indexedDB-delete' | 'storage-clear';
  readonly name: string;
  /** The script that made it (a script's URL, or the document's for an inline script) or the response that set it. */
  readonly by?: string;
  /** The origin of the frame it was made in. */
  readonly origin: string;
  readonly phase: Phase;
}

/** A cookie in the browser's jar. */
export interface CookieSnapshot {
  readonly name: string;
  readonly domain: string;
  readonly path: string;
  readonly expires: number;
  readonly httpOnly: boolean;
}

export interface StorageSnapshot {
  readonly area: 'localStorage' | 'sessionStorage';
  readonly origin: string;
  readonly key: string;
}

export interface DatabaseSnapshot {
  readonly name: string;
  readonly stores: ReadonlyArray<{ readonly name: string; readonly keys: readonly string[] }>;
}

/** One `dataLayer` entry: a `gtag()` call (its arguments) or a pushed object (its JSON). */
export type DataLayerEntry = { readonly command: readonly unknown[] } | { readonly object: unknown };

/** An element the page marked with `data-consent`, and the URL it loads (or will load). */
export interface GatedElement {
  readonly tag: string;
  readonly categories: readonly string[];
  readonly url?: string;
}

/** What the page held at one moment of a pass. */
export interface Snapshot {
  readonly phase: Phase;
  readonly cookies: readonly CookieSnapshot[];
  readonly storage: readonly StorageSnapshot[];
  readonly databases: readonly DatabaseSnapshot[];
  readonly dataLayer: readonly DataLayerEntry[] | null;
  readonly gated: readonly GatedElement[];
  readonly state: ConsentState | null;
  /** Assent's banner (or opt-out notice) is on screen. */
  readonly bannerShown: boolean;
  /** "Opt-Out Request Honored" is on screen (banner or preference center). */
  readonly signalNote: boolean;
}

/** One of Accept all and Reject all, as the banner showed it. */
export interface ChoiceButton {
  readonly text: string;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly inViewport: boolean;
  /** Position among the banner's choice buttons, from 0, in document order. */
  readonly order: number;
  /** Computed style properties that make a button look more or less inviting. */
  readonly style: Readonly<Record<string, string>>;
  /** Text colour against the background behind it (WCAG 2 contrast ratio). */
  readonly contrast: number;
  /** The text is large in WCAG's sense (needs 3:1 instead of 4.5:1). */
  readonly largeText: boolean;
}

/** What the first layer offered. */
export interface BannerReport {
  readonly accept?: ChoiceButton;
  readonly reject?: ChoiceButton;
  /** The `part` names of the banner's choice buttons, in document order. */
  readonly order: readonly string[];
}

/** The categories configured on the page, as its markup says. */
export interface PageCategory {
  readonly name: string;
  readonly sale: boolean;
  readonly cookies: readonly string[];
  /** The `gcm` attribute's signals, or null when the attribute is absent (the well-known defaults apply). */
  readonly gcm: readonly string[] | null;
}

/** What the audit learnt about the page's Assent on the first visit. */
export interface AssentFacts {
  readonly found: boolean;
  readonly regime?: 'opt-in' | 'opt-out';
  readonly categories?: readonly PageCategory[];
  readonly consentMode?: boolean;
  readonly gpc?: 'respect' | 'ignore';
  /** The page has an element that reopens the choices (`data-assent-open` or `<assent-opt-out-link>`). */
  readonly reopenLink?: boolean;
}

/** Everything one pass observed. */
export interface PassObservation {
  readonly id: string;
  readonly title: string;
  readonly gpc: boolean;
  readonly steps: string[];
  readonly requests: RequestRecord[];
  readonly writes: WriteRecord[];
  readonly snapshots: Snapshot[];
  banner?: BannerReport;
  /** Global Privacy Control pass, opt-out regime: "Opt-Out Request Honored" in the notice and in the preference center. */
  signalNotes?: { readonly notice: boolean; readonly preferences: boolean };
  /** First visit: the executable scripts in `<head>` before Assent's own script. */
  scriptsBeforeAssent?: readonly string[];
  screenshot?: Buffer;
  /** Why the pass could not go on (Assent did not answer, a control was missing). */
  problems: Array<{ readonly rule: RuleId; readonly message: string }>;
}

export interface RequestReport extends RequestRecord {
  readonly vendor: string;
  readonly usualCategory?: UsualCategory;
  /** The page's categories this request belongs to, and how the audit knows. */
  readonly categories?: readonly string[];
  readonly attributedBy?: 'markup' | 'initiator' | 'frame' | 'category pass';
}

export interface CookieReport extends CookieSnapshot {
  readonly party: 'first' | 'third';
  readonly setBy?: string;
  readonly vendor?: string;
  readonly usualCategory?: UsualCategory;
  readonly categories?: readonly string[];
  /** The first phase of the pass in which it was there. */
  readonly since: Phase;
}

export interface StorageReport extends StorageSnapshot {
  readonly setBy?: string;
  readonly vendor?: string;
  readonly usualCategory?: UsualCategory;
  readonly categories?: readonly string[];
  readonly since: Phase;
}

export interface ConsentModeReport {
  readonly default: Readonly<Record<string, unknown>> | null;
  readonly updates: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** The signals in force at the end of the pass: the default with every update applied. */
  readonly effective: Readonly<Record<string, string>>;
  /** gtag commands and events pushed before the default, in order. */
  readonly beforeDefault: readonly string[];
}

/** The vendors seen after a decision, by the page's category. */
export interface VendorGroup {
  readonly vendor: string;
  readonly urls: readonly string[];
}

export interface PassReport {
  readonly id: string;
  readonly title: string;
  readonly gpc: boolean;
  readonly ok: boolean;
  readonly steps: readonly string[];
  readonly state: ConsentState | null;
  readonly requests: readonly RequestReport[];
  readonly sameSiteRequests: number;
  readonly cookies: readonly CookieReport[];
  readonly storage: readonly StorageReport[];
  readonly indexedDB: readonly DatabaseSnapshot[];
  readonly consentMode: ConsentModeReport | null;
  readonly vendorsByCategory?: Readonly<Record<string, readonly VendorGroup[]>>;
  readonly banner?: BannerReport;
  readonly findings: readonly Finding[];
}

/** `--declare`: the cookie and storage names seen per category. */
export interface Declaration {
  readonly categories: ReadonlyArray<{ readonly name: string; readonly cookies: readonly string[] }>;
  /** Cookies other sites set, which a page cannot delete: by category. */
  readonly otherSites: ReadonlyArray<{ readonly category: string; readonly cookies: readonly string[] }>;
  /** Names the audit could not put in a category. */
  readonly unassigned: readonly string[];
}

/** The `--json` report. */
export interface AuditReport {
  readonly tool: string;
  readonly url: string;
  /** Where the page ended up after redirects, when that is another address. */
  readonly finalUrl?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly browser: string;
  readonly assent: AssentFacts;
  readonly passes: readonly PassReport[];
  readonly findings: readonly Finding[];
  readonly declaration: Declaration;
  readonly exitCode: 0 | 1;
}

/** A pass's screenshot, kept out of the JSON and put into the HTML report. */
export type Screenshots = ReadonlyMap<string, Buffer>;
