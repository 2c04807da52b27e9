import { createStore, get, set } from 'idb-keyval';
import type { ConsentState, Warn } from './types.js';

/** Where the latest decision is kept. `load` returns the raw value: the manager validates it. */
export interface ConsentStore {
  load(): Promise<unknown>;
  save(record: ConsentState): Promise<void>;
}

const DECISION_KEY = 'decision';

/** IndexedDB through idb-keyval, in Assent's own database (never idb-keyval's shared default). */
export function createIndexedDbStore(databaseName = 'assent'): ConsentStore {
  const store = createStore(databaseName, 'state');
  return {
    load: async () => get(DECISION_KEY, store),
    save: async (record) => set(DECISION_KEY, record, store),
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
  const attempt = async <T>(operation: () => Promise<T>, fallback: () => Promise<T>): Promise<T> => {
    if (failed) return fallback();
    try {
      return await withTimeout(operation(), timeoutMs);
    } catch (error) {
      failed = true;
      warn(`IndexedDB is unavailable (${describe(error)}); choices are kept in memory for this page only.`);
      return fallback();
    }
  };
  return {
    load: () => attempt(() => primary.load(), () => memory.load()),
    save: async (record) => {
      await memory.save(record);
      await attempt(() => primary.save(record), async () => undefined);
    },
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
