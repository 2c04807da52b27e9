// What the SQLite and PostgreSQL stats indexes share: the chunk size and the chunked catch-up.

/** Records indexed per transaction: a few milliseconds of holding the write lock (and, on SQLite, the event loop). */
export const STATS_CHUNK = 500;

/**
 * Runs `chunk` until it indexes nothing, yielding to the event loop between chunks; one run at a
 * time per store (a caller arriving during a run waits for it, then runs for what came since).
 */
export function chunkedIndexer(chunk: () => number | Promise<number>): () => Promise<number> {
  let running: Promise<number> | null = null;
  const run = async () => {
    let indexed = 0;
    for (let count = await chunk(); count > 0; count = await chunk()) {
      indexed += count;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return indexed;
  };
  return async function indexStats() {
    while (running) await running.catch(() => 0);
    running = run().finally(() => {
      running = null;
    });
    return running;
  };
}
