/** How a decision was made; recorded with every consent record (docs/record.md). */
export const CONSENT_METHODS = ['accept-all', 'reject-all', 'custom', 'gpc', 'api', 'withdraw'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** What a category name looks like (docs/attributes.md). */
export const CATEGORY_NAME = /^[a-z][a-z0-9_-]*$/;

/** Limits of `<assent-consent>`'s numbers and texts (docs/attributes.md). */
export const MAX_AGE_DAYS = { min: 1, max: 395 } as const;
export const GCM_WAIT_MS = { min: 0, max: 10_000 } as const;
/** The longest `policy-version` and `label`; a `description` may be twice as long. */
export const MAX_TEXT = 256;

/** Every element Assent defines, in the main script or in a part loaded later. */
export const ASSENT_ELEMENTS: readonly string[] = ['assent-consent', 'assent-category', 'assent-opt-out-link', 'assent-embed', 'assent-cookie-table', 'assent-banner', 'assent-preferences'];

/** The category every page has and that is always on. */
export const NECESSARY = 'necessary';

/** Google Consent Mode v2 signals a category may grant. */
export const GCM_SIGNALS = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;
export type GcmSignal = (typeof GCM_SIGNALS)[number];

/** Ad and analytics vendors whose own consent APIs Assent drives (docs/signals.md#vendor-signals). */
export const VENDORS = ['uet', 'clarity', 'meta', 'tiktok'] as const;
export type Vendor = (typeof VENDORS)[number];

/** What a category may grant in those vendors' consent APIs: Clarity has two purposes, the others one. */
export const VENDOR_SIGNALS = ['uet', 'clarity-analytics', 'clarity-ads', 'meta', 'tiktok'] as const;
export type VendorSignal = (typeof VENDOR_SIGNALS)[number];

export const MODES = ['opt-in', 'opt-out', 'auto'] as const;
export type Mode = (typeof MODES)[number];

export const SIGNAL_POLICIES = ['respect', 'ignore'] as const;
export type SignalPolicy = (typeof SIGNAL_POLICIES)[number];

export const PLATFORMS = ['shopify', 'wordpress'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const LAYOUTS = ['bar', 'box'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const POSITIONS = ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'] as const;
export type Position = (typeof POSITIONS)[number];

/** One consent category as configured by the shop. */
export interface CategoryConfig {
  readonly name: string;
  /** Shop-provided label; when absent the UI uses the translated well-known label or the name. */
  readonly label?: string;
  /** Shop-provided description; when absent the UI uses the translated well-known description. */
  readonly description?: string;
  readonly gcm: readonly GcmSignal[];
  /** The vendor signals this category grants (the vendors' consent APIs). */
  readonly signals: readonly VendorSignal[];
  /** Cookie names deleted on withdrawal; a trailing `*` matches a prefix. */
  readonly cookies: readonly string[];
  /** Counts as sale or sharing of personal data (opt-out mode, GPC). */
  readonly sale: boolean;
}

/** Everything `<assent-consent>` configures, validated (docs/attributes.md). */
export interface Config {
  readonly policyVersion: string;
  readonly maxAgeDays: number;
  readonly privacyUrl?: string;
  readonly endpoint?: string;
  /** BCP 47 tag, or undefined for automatic (page language, then browser languages). */
  readonly lang?: string;
  readonly mode: Mode;
  readonly googleConsentMode: boolean;
  /** Consent Mode `wait_for_update`, in milliseconds. */
  readonly gcmWait: number;
  readonly gcmAdsDataRedaction: boolean;
  readonly gcmUrlPassthrough: boolean;
  /** The vendors whose consent APIs are told of decisions. */
  readonly signals: readonly Vendor[];
  readonly gpc: SignalPolicy;
  readonly dnt: SignalPolicy;
  readonly region?: string;
  readonly subject?: string;
  readonly platform?: Platform;
  readonly theme: Theme;
  readonly layout: Layout;
  readonly position: Position;
  /**
   * The page's host or a parent domain of it (lower case, no leading dot): the decision is shared
   * with its sub-domains through a cookie (docs/attributes.md#cookie-domain).
   */
  readonly cookieDomain?: string;
  /** Reload the page after a withdrawal of a category whose scripts already ran. */
  readonly reloadOnWithdraw: boolean;
  /** Print the diagnostics table once the page has settled (docs/diagnostics.md). */
  readonly debug: boolean;
  /** The presentation variant the page shows (`variant`), carried in every record. */
  readonly variant?: string;
  /** Variants to pick one from per browser (`variants`), when `variant` is not set. */
  readonly variants: readonly string[];
  /** `necessary` first, then the shop's categories in the order they were named. */
  readonly categories: readonly CategoryConfig[];
}

/** A decision of the shopper, as stored and as sent to the endpoint (docs/api.md, docs/record.md). */
export interface ConsentState {
  /** Random UUID v4 per browser profile, kept across decisions. */
  readonly id: string;
  /** 1 for the first decision, +1 for each one after. */
  readonly revision: number;
  /** ISO 8601 time of the decision. */
  readonly timestamp: string;
  /** ISO 8601 time after which the shopper is asked again. */
  readonly expiresAt: string;
  readonly policyVersion: string;
  /** Every configured category, `necessary` always true. */
  readonly decisions: Readonly<Record<string, boolean>>;
  readonly method: ConsentMethod;
  /** Whether Global Privacy Control was on when the decision was made. */
  readonly gpc: boolean;
}

/** Writes a `[assent] …` warning for the page's author. */
export type Warn = (message: string) => void;
