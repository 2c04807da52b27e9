import { expect } from '@open-wc/testing';
import { createMemoryStore, readInNextTask, withMemoryFallback, type ConsentStore } from '../../src/core/storage.js';
import type { ConsentState } from '../../src/core/types.js';
import { freshIndexedDbStore, occupyDatabase } from '../helpers/stores.js';
import { recordWarnings } from '../helpers/warnings.js';

const record: ConsentState = {
  id: '0b8a7c6e-5d4c-4b3a-9f8e-7d6c5b4a3f2e',
  revision: 3,
  timestamp: '2026-11-28T12:00:00.000Z',
  expiresAt: '2027-05-27T12:00:00.000Z',
  policyVersion: '2026-11',
  decisions: { necessary: true, analytics: false, marketing: true },
  method: 'custom',
  gpc: false,
};

describe('core/storage', () => {
  it('keeps a decision in IndexedDB across store instances (a reload)', async () => {
    const first = freshIndexedDbStore();
    await first.save(record);
    const { createIndexedDbStore } = await import('../../src/core/storage.js');
    const second = createIndexedDbStore(first.databaseName);
    expect(await second.load()).to.deep.equal(record);
  });

  it('loads nothing from an empty database', async () => {
    expect(await freshIndexedDbStore().load()).to.equal(undefined);
  });

  it('reads IndexedDB in a task after the one that asks, and saves at once', async () => {
    const real = freshIndexedDbStore();
    await real.save(record);
    const calls: string[] = [];
    const watched: ConsentStore = {
      load: () => (calls.push('load'), real.load()),
      save: (saved) => (calls.push('save'), real.save(saved)),
    };
    const store = readInNextTask(watched);
    const loading = store.load();
    await Promise.resolve(); // the calling task's microtasks
    expect(calls).to.deep.equal([]);
    expect(await loading).to.deep.equal(record);
    expect(calls).to.deep.equal(['load']);
    const saving = store.save({ ...record, revision: 4 });
    expect(calls).to.deep.equal(['load', 'save']);
    await saving;
    expect(await real.load()).to.deep.include({ revision: 4 });
  });

  it('falls back to memory with one warning when IndexedDB fails, and keeps working', async () => {
    const store = freshIndexedDbStore();
    await occupyDatabase(store.databaseName); // a real failure: Assent's object store is missing
    const warn = recordWarnings();
    const resilient = withMemoryFallback(store, warn);
    expect(await resilient.load()).to.equal(undefined);
    await resilient.save(record);
    expect(await resilient.load()).to.deep.equal(record);
    await resilient.save({ ...record, revision: 4 });
    expect(await resilient.load()).to.deep.include({ revision: 4 });
    expect(warn.messages).to.have.length(1);
    expect(warn.messages[0]).to.match(/IndexedDB is unavailable \(NotFoundError/);
  });

  it('falls back to memory when IndexedDB does not answer in time', async () => {
    // A database that never answers cannot be produced on demand in Chromium, so this one store is a stand-in.
    const silent: ConsentStore = { load: () => new Promise(() => undefined), save: () => new Promise(() => undefined) };
    const warn = recordWarnings();
    const resilient = withMemoryFallback(silent, warn, 50);
    expect(await resilient.load()).to.equal(undefined);
    await resilient.save(record);
    expect(await resilient.load()).to.deep.equal(record);
    expect(warn.messages).to.deep.equal(['IndexedDB is unavailable (no answer within 50 ms); choices are kept in memory for this page only.']);
  });

  it('falls back to memory when indexedDB itself is missing', async () => {
    const { createIndexedDbStore } = await import('../../src/core/storage.js');
    const original = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    // Sandboxed and some private contexts have no IndexedDB; removing the global is how to reproduce that here.
    Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });
    try {
      const warn = recordWarnings();
      const resilient = withMemoryFallback(createIndexedDbStore(`assent-test-${crypto.randomUUID()}`), warn);
      expect(await resilient.load()).to.equal(undefined);
      await resilient.save(record);
      expect(await resilient.load()).to.deep.equal(record);
      expect(warn.messages).to.have.length(1);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', original);
    }
  });

  it('memory store starts empty and returns what was saved', async () => {
    const memory = createMemoryStore();
    expect(await memory.load()).to.equal(undefined);
    await memory.save(record);
    expect(await memory.load()).to.deep.equal(record);
  });
});
