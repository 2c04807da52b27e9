import { createIndexedDbStore, type ConsentStore } from '../../src/core/storage.js';

/** A real IndexedDB store in a database of its own, so tests never see each other's data. */
export function freshIndexedDbStore(): ConsentStore & { readonly databaseName: string } {
  const databaseName = `assent-test-${crypto.randomUUID()}`;
  return Object.assign(createIndexedDbStore(databaseName), { databaseName });
}

/** Writes a raw value where Assent keeps its decision, as a corrupted or tampered store would hold it. */
export function writeRaw(databaseName: string, value: unknown): Promise<void> {
  return writeRawEntry(databaseName, 'state', 'decision', value);
}

/** Writes a raw value under `key` in a database laid out as idb-keyval does (one store), e.g. the outbox's `records`. */
export async function writeRawEntry(databaseName: string, storeName: string, key: IDBValidKey, value: unknown): Promise<void> {
  const db = await openDatabase(databaseName, (db) => db.createObjectStore(storeName));
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction(storeName, 'readwrite');
    transaction.objectStore(storeName).put(value, key);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
}

/** Every key and value of such a database's store, read directly. */
export async function readRawEntries(databaseName: string, storeName: string): Promise<Map<IDBValidKey, unknown>> {
  const db = await openDatabase(databaseName, (db) => db.createObjectStore(storeName));
  const entries = await new Promise<Map<IDBValidKey, unknown>>((resolve, reject) => {
    const store = db.transaction(storeName).objectStore(storeName);
    const keys = store.getAllKeys();
    const values = store.getAll();
    values.onsuccess = () => resolve(new Map(keys.result.map((key, index) => [key, values.result[index]])));
    values.onerror = () => reject(values.error);
  });
  db.close();
  return entries;
}

/** Creates a database of that name laid out differently from Assent's, so Assent's reads fail. */
export async function occupyDatabase(databaseName: string): Promise<void> {
  const db = await openDatabase(databaseName, (db) => db.createObjectStore('something-else'));
  db.close();
}

function openDatabase(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
