// The SQLite store's writer thread: it owns a connection of its own and runs each group commit
// (hashing, signing, inserting, the fsync), while the main thread goes on parsing requests.
import { parentPort, workerData } from 'node:worker_threads';
import { keysFromMaterial, type KeyFile } from '../keys.js';
import { openSqliteDatabase, sqliteWriter } from './sqlite.js';
import type { AppendRequest } from '../store.js';

interface WriterData {
  path: string;
  material: KeyFile;
  checkpointIntervalMs: number;
}

const { path, material, checkpointIntervalMs } = workerData as WriterData;
const db = openSqliteDatabase(path);
const writer = sqliteWriter(db, keysFromMaterial(material), checkpointIntervalMs);

parentPort!.on('message', (requests: AppendRequest[] | 'close') => {
  if (requests === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ results: writer.writeBatch(requests) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
