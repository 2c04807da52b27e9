// The one storage interface the routes use, and `openStore`, which picks its implementation:
// PostgreSQL when a database URL is given, else SQLite in a local file.
import type { ConsentRecord } from './schema.js';

/** What the endpoint knows about a record beyond what the browser sent: never taken from the client. */
export interface Receipt {
  /** ISO 8601 UTC time the server received the record, from the server's clock. */
  receivedAt: string;
  userAgent: string | null;
  /** The client's network: IPv4 /24 or IPv6 /48, e.g. `203.0.113.0/24`. */
  ipPrefix: string | null;
  /** Whether the request carried `Sec-GPC: 1`. */
  secGpc: boolean;
}

export interface IncomingRecord extends Receipt {
  record: ConsentRecord;
}

export interface StoredRecord extends IncomingRecord {
  /** Receive order within this database (1, 2, 3 …). Not part of the hash. */
  seq: number;
  /** `hash` of the previous record of the same id, or 64 zeros for its first record. */
  prevHash: string;
  /** SHA-256 (hex) of this record's canonical form, see hash-chain.ts. */
  hash: string;
}

export interface AppendResult {
  /** False when the same (id, revision) was already stored; `stored` is then the earlier row. */
  created: boolean;
  stored: StoredRecord;
}

export interface ExportPage {
  /** Only records received at or after this ISO 8601 instant, when given. */
  since: string | null;
  /** Only records with a larger `seq` (for keyset paging). */
  afterSeq: number;
  limit: number;
}

export interface ConsentStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Store a record once per (id, revision), chained to the previous record of its id. */
  append(incoming: IncomingRecord): Promise<AppendResult>;
  /** The record with the highest revision of this id. */
  latest(id: string): Promise<StoredRecord | null>;
  /**
   * The latest record carrying this subject: of the id whose record with this subject was received
   * last, the highest revision with this subject (so a late retry of an older revision does not win).
   */
  latestBySubject(subject: string): Promise<StoredRecord | null>;
  /** Every record of this id in the order received (the hash chain's order). */
  history(id: string): Promise<StoredRecord[]>;
  /** Records of every id in receive order, one page at a time. */
  exportPage(page: ExportPage): Promise<StoredRecord[]>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `postgres://…`: use PostgreSQL (several endpoint instances may share it). */
  databaseUrl?: string | undefined;
  /** SQLite file, created with its folder when missing. Default `./data/assent.db`. */
  sqlitePath?: string | undefined;
}

export const DEFAULT_SQLITE_PATH = './data/assent.db';

export async function openStore(options: OpenStoreOptions = {}): Promise<ConsentStore> {
  if (options.databaseUrl) {
    const { openPostgresStore } = await import('./stores/postgres.js');
    return openPostgresStore(options.databaseUrl);
  }
  const { openSqliteStore } = await import('./stores/sqlite.js');
  return openSqliteStore(options.sqlitePath ?? DEFAULT_SQLITE_PATH);
}
