// Verification of the whole log (docs/proof-of-consent.md): every id's chain, the log chain in seq
// order, and every signed checkpoint — which is what makes deleting the newest records detectable.
import { GENESIS_HASH, checkRow, checkpointMessage, logHash, type Checkpoint } from './hash-chain.js';
import type { ServerKeys } from './keys.js';
import type { LogVerdict, StoredRecord } from './store.js';

const PAGE = 2000;
const MAX_BROKEN_IDS = 100;

export interface LogSource {
  /** Rows with seq > afterSeq in seq order, at most `limit`. */
  page(afterSeq: number, limit: number): Promise<StoredRecord[]>;
  checkpoints(): Promise<Checkpoint[]>;
}

export async function verifyLog(source: LogSource, keys: ServerKeys): Promise<LogVerdict> {
  const checkpoints = (await source.checkpoints()).sort((a, b) => a.seq - b.seq);
  const verdict: LogVerdict = { intact: true, records: 0, checkpoints: checkpoints.length, brokenIds: [] };
  const fail = (problem: string, seq: number) => {
    if (verdict.intact) Object.assign(verdict, { intact: false, problem, seq });
  };

  for (const checkpoint of checkpoints) {
    if (!keys.verify(checkpointMessage(checkpoint), checkpoint.signature, checkpoint.kid)) fail(`the checkpoint at seq ${checkpoint.seq} has no valid signature`, checkpoint.seq);
  }
  const prune = checkpoints.filter((checkpoint) => checkpoint.reason === 'prune').at(-1);
  const pinned = new Map(checkpoints.filter((checkpoint) => checkpoint.seq > (prune?.seq ?? 0)).map((checkpoint) => [checkpoint.seq, checkpoint]));
  const seen = new Set<number>();

  const lastHashOfId = new Map<string, string>();
  let prevLog = prune?.logHash ?? GENESIS_HASH;
  let sawCurrentForm = false;
  let afterSeq = 0;
  for (;;) {
    const rows = await source.page(afterSeq, PAGE);
    for (const row of rows) {
      verdict.records++;
      const expectedPrev = lastHashOfId.get(row.id) ?? (prune ? row.prevHash : GENESIS_HASH);
      const problem = checkRow(row, expectedPrev, keys);
      if (problem) {
        fail(`record ${row.id} revision ${row.revision}: ${problem}`, row.seq);
        if (verdict.brokenIds.length < MAX_BROKEN_IDS && !verdict.brokenIds.includes(row.id)) verdict.brokenIds.push(row.id);
      }
      lastHashOfId.set(row.id, row.hash);
      if (row.version === 1) {
        if (sawCurrentForm) fail(`record at seq ${row.seq} claims the old form after records of the current form`, row.seq);
      } else {
        sawCurrentForm = true;
        if (row.logHash !== logHash(prevLog, row.hash)) fail(`the log chain breaks at seq ${row.seq}: a record before it was removed or changed`, row.seq);
        prevLog = row.logHash ?? prevLog;
      }
      const checkpoint = pinned.get(row.seq);
      if (checkpoint) {
        seen.add(row.seq);
        if (checkpoint.logHash !== row.logHash) fail(`the record at seq ${row.seq} differs from what the checkpoint of ${checkpoint.createdAt} signed`, row.seq);
      }
    }
    if (rows.length < PAGE) break;
    afterSeq = rows[rows.length - 1]!.seq;
  }
  for (const [seq, checkpoint] of pinned) {
    if (!seen.has(seq)) fail(`records up to seq ${seq}, signed by the checkpoint of ${checkpoint.createdAt}, are missing: the log was truncated`, seq);
  }
  return verdict;
}
