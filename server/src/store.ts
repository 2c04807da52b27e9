// The one storage interface the routes use, and `openStore`, which picks its implementation:
// PostgreSQL when a database URL is given, else SQLite in a local file.
import type { Period, PeriodAggregates } from './stats.js';
import type { Checkpoint } from './hash-chain.js';
import { ephemeralKeys, type ServerKeys } from './keys.js';
import type { ConsentRecord } from './schema.js';

/** What the endpoint knows about a record beyond what the browser sent: never taken from the client. */
export interface ServerObservation {
  /** ISO 8601 UTC time the server received the record, from the server's clock. */
  receivedAt: string;
  userAgent: string | null;
  /** The client's network: IPv4 /24 or IPv6 /48, e.g. `203.0.113.0/24`. */
  ipPrefix: string | null;
  /** Whether the request carried `Sec-GPC: 1`. */
  secGpc: boolean;
}

export interface IncomingRecord extends ServerObservation {
  record: ConsentRecord;
}

/** What the request proved about the id it writes (docs/proof-of-consent.md). */
export interface WriteProof {
  /** The id a valid signed `assent_id` cookie names, if one was sent. */
  cookieId: string | null;
  /** SHA-256 (hex) of the `Assent-Proof` header, if one was sent. */
  proofHash: string | null;
}

export interface AppendRequest {
  incoming: IncomingRecord;
  proof: WriteProof;
}

/** Salted SHA-256 digests of the fields erasure removes (hex, or null for an absent value). */
export interface PersonalDigests {
  url: string | null;
  subject: string | null;
  userAgent: string | null;
  ipPrefix: string | null;
}

/** A record with the columns that key it, as they are stored (verification compares them with the record). */
export interface KeyedRecord extends IncomingRecord {
  id: string;
  revision: number;
}

export interface StoredRecord extends KeyedRecord {
  /** Position in the log of this database (1, 2, 3 …). */
  seq: number;
  /** 1: stored by Assent 0.1/0.2 (no digests, no signature, no log link); 2: today's form. */
  version: 1 | 2;
  /** `hash` of the previous record of the same id, or 64 zeros for its first record. */
  prevHash: string;
  /** SHA-256 (hex) of this record's canonical form, see hash-chain.ts. */
  hash: string;
  /** Link in the log chain (null for version 1 rows). */
  logHash: string | null;
  personal: PersonalDigests | null;
  /** Salt of the digests; null once erased. */
  salt: string | null;
  /** Key id and Ed25519 signature of the receipt batch, and the record's Merkle path to its root; null for version 1 rows. */
  kid: string | null;
  signature: string | null;
  receiptPath: string[] | null;
  /** When the personal fields were erased, or null. */
  erasedAt: string | null;
}

/** What the route answers about a stored record: its receipt and the cookie's lifetime, nothing more (it crosses threads). */
export type AppendedRecord = Pick<StoredRecord, 'id' | 'revision' | 'receivedAt' | 'hash' | 'kid' | 'signature' | 'receiptPath'> & {
  expiresAt: string;
};

export type AppendResult =
  | { kind: 'created'; stored: AppendedRecord }
  /** The same (id, revision) with the same content was already stored: a retry. */
  | { kind: 'duplicate'; stored: AppendedRecord }
  /** The id exists and the request proved nothing about it. */
  | { kind: 'forbidden' }
  /** Another record under this (id, revision), or a revision too far beyond the latest. */
  | { kind: 'conflict'; reason: 'conflict' | 'revision out of range'; latestRevision: number };

export interface ExportPage {
  /** Only records received at or after this ISO 8601 instant, when given. */
  since: string | null;
  /** Only records with a larger `seq` (for keyset paging). */
  afterSeq: number;
  limit: number;
}

/** Who an export or erasure is about: one browser's id, or a signed-in shopper's subject. */
export type ShopperRef = { id: string } | { subject: string };

export interface ShopperRecords {
  /** Every id involved, in the order first seen. */
  ids: string[];
  /** Each id's records in log order. */
  histories: Map<string, StoredRecord[]>;
}

export interface StoreHealth {
  ok: boolean;
  records: number;
  /** What was checked, or what is wrong. */
  detail: string;
}

export interface LogVerdict {
  intact: boolean;
  records: number;
  checkpoints: number;
  /** The first problem found, with the seq it concerns. */
  problem?: string;
  seq?: number;
  /** Ids whose chain is broken (at most 100). */
  brokenIds: string[];
}

export interface ConsentStore {
  readonly kind: 'sqlite' | 'postgres';
  /** The keys this store signs receipts and checkpoints with (the endpoint publishes their public half). */
  readonly keys: ServerKeys;
  /**
   * Store a record once per (id, revision), chained to the previous record of its id and to the
   * log, signed, and durable before the promise resolves. Writes are grouped into transactions.
   */
  append(request: AppendRequest): Promise<AppendResult>;
  /** Whether `proofHash` is the proof the id's first write established. */
  hasProof(id: string, proofHash: string): Promise<boolean>;
  /** The record with the highest revision of this id. */
  latest(id: string): Promise<StoredRecord | null>;
  /**
   * The latest record carrying this subject: of the id whose record with this subject was received
   * last, the highest revision with this subject (so a late retry of an older revision does not win).
   */
  latestBySubject(subject: string): Promise<StoredRecord | null>;
  /** Every record of this id in log order. */
  history(id: string): Promise<StoredRecord[]>;
  /** Records of every id in log order, one page at a time. */
  exportPage(page: ExportPage): Promise<StoredRecord[]>;
  /** Every record of one shopper, for an access request. */
  shopper(ref: ShopperRef): Promise<ShopperRecords>;
  /** Removes the personal fields of every record of one shopper; the chains still verify. Answers the rows erased. */
  erase(ref: ShopperRef, at: string): Promise<{ ids: string[]; records: number }>;
  /** Deletes records received before `before` (a prefix of the log) and signs a checkpoint where they end. */
  prune(before: string): Promise<{ records: number; checkpoint: Checkpoint | null }>;
  /** Signs a checkpoint of the log as it is now, if anything was stored since the last one. */
  checkpoint(reason: Checkpoint['reason']): Promise<Checkpoint | null>;
  /** Every chain, the log chain and every checkpoint, page by page. */
  verifyLog(): Promise<LogVerdict>;
  /** Whether a prune checkpoint exists (then an id's chain may start after genesis). */
  pruned(): Promise<boolean>;
  count(): Promise<number>;
  /** Brings the stats index up to date with the log (stats.ts); answers how many records it added. */
  indexStats(): Promise<number>;
  /** Aggregates of one period from the stats index: counts only. */
  stats(period: Period): Promise<PeriodAggregates>;
  /** The policy version of the newest record, or null for an empty log. */
  currentPolicyVersion(): Promise<string | null>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
  /**
   * The dashboard's sign-in sessions (admin-session.ts), kept in the database so that every
   * instance sharing it honours a sign-out. Only the SHA-256 of a session's secret is stored.
   * `startAdminSession` also forgets the sessions expired by `now`.
   */
  startAdminSession(secretHash: string, expiresAt: string, now: string): Promise<void>;
  /** When the session ends, or null when there is none or it has expired by `now`. */
  adminSessionExpiry(secretHash: string, now: string): Promise<string | null>;
  endAdminSession(secretHash: string): Promise<void>;
}

export interface OpenStoreOptions {
  /** `postgres://…`: use PostgreSQL (several endpoint instances may share it). */
  databaseUrl?: string | undefined;
  /** SQLite file, created with its folder when missing. Default `./data/assent.db`. */
  sqlitePath?: string | undefined;
  /** Signing keys (`loadServerKeys`); without them, keys that last as long as the process. */
  keys?: ServerKeys | undefined;
  /** How often the log is pinned by a signed checkpoint while records arrive. Default one minute. */
  checkpointIntervalMs?: number | undefined;
}

export const DEFAULT_SQLITE_PATH = './data/assent.db';

export async function openStore(options: OpenStoreOptions = {}): Promise<ConsentStore> {
  if (options.databaseUrl) {
    const { openPostgresStore } = await import('./stores/postgres.js');
    return openPostgresStore(options.databaseUrl, storeSettings(options));
  }
  const { openSqliteStore } = await import('./stores/sqlite.js');
  return openSqliteStore(options.sqlitePath ?? DEFAULT_SQLITE_PATH, storeSettings(options));
}

export interface StoreSettings {
  keys: ServerKeys;
  checkpointIntervalMs: number;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;

function storeSettings(options: OpenStoreOptions): StoreSettings {
  return { keys: options.keys ?? ephemeralKeys(), checkpointIntervalMs: options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS };
}
