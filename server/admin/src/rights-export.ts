// What the data-rights desk reads from a `POST /api/export` answer (docs/endpoint.md): each id's
// verification and its records as exported, shown as history tables.
import type { ChainVerdict } from '../../src/hash-chain.js';
import type { ConsentRecord } from '../../src/schema.js';
import { formatTime, METHOD_LABELS } from './format.js';
import type { DataTable } from './tables.js';

export interface ExportedRecord {
  receivedAt: string;
  secGpc: boolean;
  erasedAt: string | null;
  record: ConsentRecord;
}

export interface ShopperExport {
  exportedAt: string;
  ids: Array<{ id: string; verification: ChainVerdict; records: ExportedRecord[] }>;
}

export function historyTable(id: string, records: readonly ExportedRecord[]): DataTable {
  return {
    caption: `Browser ${id}`,
    columns: [
      { label: 'Revision', kind: 'count' },
      { label: 'Received', kind: 'text' },
      { label: 'Method', kind: 'text' },
      { label: 'Decisions', kind: 'text' },
      { label: 'Policy version', kind: 'text' },
      { label: 'GPC', kind: 'text' },
      { label: 'Personal fields', kind: 'text' },
    ],
    rows: records.map(({ receivedAt, secGpc, erasedAt, record }) => [
      record.revision,
      formatTime(receivedAt),
      METHOD_LABELS[record.method] ?? record.method,
      Object.entries(record.decisions)
        .map(([category, allowed]) => `${category} ${allowed ? 'yes' : 'no'}`)
        .join(', '),
      record.policyVersion,
      record.gpc || secGpc ? 'on' : 'off',
      erasedAt ? `erased ${formatTime(erasedAt)}` : 'kept',
    ]),
  };
}

/** One sentence on an id's chain and receipt signatures. */
export function describeVerification({ intact, brokenAt, problem, signatures }: ChainVerdict): string {
  const signed = `receipt signatures: ${signatures.verified} verified, ${signatures.erased} on erased records (checkable against the shopper's copy), ${signatures.unsigned} unsigned`;
  return intact ? `Chain intact; ${signed}.` : `Chain broken at revision ${brokenAt ?? '?'}: ${problem ?? 'a record does not verify'}; ${signed}.`;
}
