// How numbers, shares and days read on the dashboard (English, like the rest of its text).
import type { ConsentMethod } from '../../src/schema.js';

const counts = new Intl.NumberFormat('en');
const percents = new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const points = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const days = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const times = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** The methods in the order charts stack them, with their labels. */
export const METHOD_LABELS: Readonly<Record<ConsentMethod, string>> = {
  'accept-all': 'Accept all',
  'reject-all': 'Reject all',
  custom: 'Custom',
  gpc: 'GPC',
  api: 'API',
  withdraw: 'Withdraw',
};
export const METHODS = Object.keys(METHOD_LABELS) as ConsentMethod[];

export const formatCount = (value: number) => counts.format(value);

/** `45.5%`, or `–` where there is no share (nobody to count). */
export const formatShare = (share: number | null) => (share === null ? '–' : percents.format(share));

/** The difference of two shares in percentage points: `+3.2 pp`. */
export const formatPoints = (change: number | null) => (change === null ? '–' : `${points.format(change * 100)} pp`);

/** `4 Nov 2026` for the UTC day `2026-11-04`. */
export const formatDay = (day: string) => days.format(new Date(`${day}T00:00:00Z`));

/** An instant in the browser's own time zone: `Dec 3, 2026, 7:20 PM`. */
export const formatTime = (instant: string) => times.format(new Date(instant));
