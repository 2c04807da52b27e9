import { withTimeout } from './with-timeout.js';

/**
 * Runs operations on IndexedDB until the first one fails (or, with `timeoutMs`, does not answer
 * in time), reports that once, and from then on runs the in-memory fallback instead. Shared by the
 * decision store and the outbox, which both keep working for the page when IndexedDB cannot.
 */
export function untilFirstFailure(report: (reason: string) => void, timeoutMs?: number) {
  let failed = false;
  return async <T>(operation: () => Promise<T>, fallback: () => Promise<T>): Promise<T> => {
    if (failed) return fallback();
    try {
      return await (timeoutMs === undefined ? operation() : withTimeout(operation(), timeoutMs));
    } catch (error) {
      failed = true;
      report(describe(error));
      return fallback();
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
