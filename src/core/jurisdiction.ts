import type { Mode } from './types.js';

/** The consent regime that applies where the shopper is. */
export type Regime = Exclude<Mode, 'auto'>;

/** EEA (EU + Iceland, Liechtenstein, Norway), the United Kingdom and Switzerland: consent first. */
export const OPT_IN_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL',
  'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'GB', 'CH',
]);

/**
 * US states with a comprehensive consumer privacy law (opt-out of sale, sharing and targeted
 * advertising), in force or enacted, as of November 2026.
 */
export const OPT_OUT_US_STATES: ReadonlySet<string> = new Set([
  'CA', 'CO', 'CT', 'DE', 'IA', 'IN', 'KY', 'MD', 'MN', 'MT', 'NE', 'NH', 'NJ', 'OR', 'RI', 'TN', 'TX', 'UT', 'VA',
]);

/**
 * `DE` → opt-in, `US-CA` → opt-out; a US state without such a law, anywhere else, or an unknown
 * region → opt-in, the stricter regime.
 */
export function regimeFor(region: string | undefined): Regime {
  const [country = '', subdivision] = (region ?? '').toUpperCase().split('-');
  if (country === 'US' && subdivision && OPT_OUT_US_STATES.has(subdivision)) return 'opt-out';
  return 'opt-in';
}
