// What `GET /api/stats?compare=previous` answers (docs/dashboard.md defines every figure).
import type { ConsentMethod } from '../../src/schema.js';

export type { ConsentMethod };

export interface StatsPeriod {
  /** UTC calendar days, both inclusive: `2026-11-04`. */
  from: string;
  to: string;
  days: number;
}

export interface CategoryShare {
  /** Latest decisions that name the category. */
  shoppers: number;
  /** Of those, the ones that allow it. */
  allowed: number;
  /** allowed / shoppers, or null without shoppers. */
  share: number | null;
}

export interface ShareOfShoppers {
  shoppers: number;
  share: number | null;
}

export interface BreakdownRow {
  /** The value shoppers share (`opt-in`, `DE`, `en`, …), or null where the record has none. */
  value: string | null;
  shoppers: number;
  categories: Record<string, CategoryShare>;
  /** Shoppers whose latest decision was made with Global Privacy Control on. */
  gpc: number;
}

export const BREAKDOWNS = ['regime', 'region', 'language', 'policyVersion', 'variant', 'method'] as const;
export type BreakdownName = (typeof BREAKDOWNS)[number];

export interface DailyDecisions {
  day: string;
  decisions: number;
  byMethod: Record<ConsentMethod, number>;
}

export interface Figures {
  decisions: number;
  byMethod: Record<ConsentMethod, number>;
  /** One entry per day of the period, zeros included. */
  daily: DailyDecisions[];
  shoppers: number;
  categories: Record<string, CategoryShare>;
  gpc: ShareOfShoppers;
  withdrawn: ShareOfShoppers;
  oldPolicy: ShareOfShoppers;
  breakdowns: Partial<Record<BreakdownName, BreakdownRow[]>>;
}

export interface Stats {
  period: StatsPeriod;
  /** The policy version of the newest record in the log; null for an empty log. */
  currentPolicyVersion: string | null;
  figures: Figures;
  previous?: { period: StatsPeriod; figures: Figures };
}
