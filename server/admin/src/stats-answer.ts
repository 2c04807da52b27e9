// What `GET /api/stats?compare=previous` answers, in the server's own types (server/src/stats.ts).
import type { Figures, periodJson } from '../../src/stats.js';

export type StatsPeriod = ReturnType<typeof periodJson>;

export interface StatsAnswer {
  period: StatsPeriod;
  /** The policy version of the newest record in the log; null for an empty log. */
  currentPolicyVersion: string | null;
  figures: Figures;
  previous?: { period: StatsPeriod; figures: Figures };
}
