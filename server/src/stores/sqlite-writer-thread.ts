// The SQLite store's writer thread: it owns a connection of its own and runs each group commit
// (hashing, signing, inserting, the fsync) and each chunk of the stats index, while the main
// thread goes on parsing requests.
import { parentPort, workerData } from 'node:worker_threads';
import { keysFromMaterial, type KeyFile } from '../keys.js';
import type { AppendRequest } from '../store.js';
import { openSqliteDatabase, sqliteWriter, type WriterAnswer, type WriterTask } from './sqlite.js';
import { sqliteStatsIndex } from './sqlite-stats.js';

interface WriterData {
  path: string;
  material: KeyFile;
  checkpointIntervalMs: number;
}

const { path, material, checkpointIntervalMs } = workerData as WriterData;
const db = openSqliteDatabase(path);
const writer = sqliteWriter(db, keysFromMaterial(material), checkpointIntervalMs);

const statsIndex = sqliteStatsIndex(db);

parentPort!.on('message', (task: WriterTask) => {
  if (task === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let answer: WriterAnswer;
  try {
    answer = 'batch' in task ? { results: JSON.stringify(writer.writeBatch(JSON.parse(task.batch) as AppendRequest[])) } : { indexed: statsIndex.indexChunk() };
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
