import { createStore, get, set, type UseStore } from 'idb-keyval';
import { untilFirstFailure } from './memory-fallback.js';
import { inNextTask } from './next-task.js';
import type { ConsentState, Warn } from './types.js';

/** Where the latest decision is kept. `load` returns the raw value: the manager validates it. */
export interface ConsentStore {
  load(): Promise<unknown>;
  save(record: ConsentState): Promise<void>;
  /** True once the store could not answer and keeps choices in memory only (withMemoryFallback). */
  unavailable?(): boolean;
}

const DECISION_KEY = 'decision';
/** Assent's own IndexedDB database for the decision. */
export const DECISION_DATABASE = 'assent';

/**
 * An idb-keyval store opened on first use, not when created: a browser without IndexedDB fails
 * there, where the memory fallback is, and a store never used is never opened.
 */
export function storeOpenedOnFirstUse(databaseName: string, storeName: string): () => UseStore {
  let opened: UseStore | undefined;
  return () => (opened ??= createStore(databaseName, storeName));
}

/** IndexedDB through idb-keyval, in Assent's own database (never idb-keyval's shared default). */
export function createIndexedDbStore(databaseName = DECISION_DATABASE): ConsentStore {
  const store = storeOpenedOnFirstUse(databaseName, 'state');
  return {
    load: async () => get(DECISION_KEY, store()),
    save: async (record) => set(DECISION_KEY, record, store()),
  };
}

/** Keeps the decision for this page only: what remains when IndexedDB cannot be used. */
export function createMemoryStore(): ConsentStore {
  let kept: unknown;
  return {
    load: async () => kept,
    save: async (record) => {
      kept = record;
    },
  };
}

/**
 * Uses `primary` until it fails or does not answer within `timeoutMs` (private modes, blocked
 * databases, a full quota), then warns once and keeps decisions in memory for the page's life.
 */
export function withMemoryFallback(primary: ConsentStore, warn: Warn, timeoutMs = 3000): ConsentStore {
  const memory = createMemoryStore();
  let failed = false;
  const attempt = untilFirstFailure((reason) => {
    failed = true;
    warn(`IndexedDB is unavailable (${reason}); choices are kept in memory for this page only.`);
  }, timeoutMs);
  return {
    unavailable: () => failed,
    load: () => attempt(() => primary.load(), () => memory.load()),
    save: async (record) => {
      await memory.save(record);
      await attempt(() => primary.save(record), async () => undefined);
    },
  };
}

/**
 * Reads `store` in a task of its own: opening IndexedDB costs the main thread a moment, which on
 * a slow phone made the task that evaluates Assent's script long. Nothing waits for it sooner:
 * the manager cannot be ready before its configuration is read, in a later task.
 */
export function readInNextTask(store: ConsentStore): ConsentStore {
  return { load: () => inNextTask(() => store.load()), save: (record) => store.save(record), unavailable: () => store.unavailable?.() === true };
}
