import { createIndexedDbStore, type ConsentStore } from '../../src/core/storage.js';

/** A real IndexedDB store in a database of its own, so tests never see each other's data. */
export function freshIndexedDbStore(): ConsentStore & { readonly databaseName: string } {
  const databaseName = `assent-test-${crypto.randomUUID()}`;
  return Object.assign(createIndexedDbStore(databaseName), { databaseName });
}

/** Writes a raw value where Assent keeps its decision, as a corrupted or tampered store would hold it. */
export async function writeRaw(databaseName: string, value: unknown): Promise<void> {
  const db = await openDatabase(databaseName, (db) => db.createObjectStore('state'));
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction('state', 'readwrite');
    transaction.objectStore('state').put(value, 'decision');
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
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
