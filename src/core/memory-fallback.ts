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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
