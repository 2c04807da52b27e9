type Scheduler = { postTask<T>(work: () => T): Promise<Awaited<T>> };

/**
 * Runs `work` in a task of its own, after what the browser has queued, and settles with its
 * result: work split this way never adds up to one long task on a slow phone. Where there is no
 * task scheduler (Safari), a timer does the same.
 */
export function inNextTask<T>(work: () => T): Promise<Awaited<T>> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler) return scheduler.postTask(work);
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(work() as Awaited<T>);
      } catch (error) {
        reject(error);
      }
    }),
  );
}
