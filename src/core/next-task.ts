type Scheduler = { postTask<T>(work: () => T, options: { priority: 'user-blocking' }): Promise<Awaited<T>> };

/**
 * Runs `work` in a task of its own and settles with its result: work split this way never adds
 * up to one long task on a slow phone, and the browser can handle input in between. At
 * `user-blocking` priority, as the shopper is waiting for what comes of it (the banner, the
 * scripts allowed), it goes ahead of the page's queued work. Where there is no task scheduler
 * (Safari), a timer does the same, without the priority.
 */
export function inNextTask<T>(work: () => T): Promise<Awaited<T>> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler) return scheduler.postTask(work, { priority: 'user-blocking' });
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

/** Runs `task` while the browser has nothing else to do (within two seconds at the latest). */
export function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2000 });
  else setTimeout(task, 200);
}
