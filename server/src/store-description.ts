// Which store the endpoint uses, for its start-up log lines: the SQLite file's absolute path, or
// PostgreSQL's host, port and database. Never a password, nor the user name.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OpenStoreOptions } from './store.js';
import { DEFAULT_SQLITE_PATH } from './store.js';

const POSTGRES_DEFAULT_PORT = '5432';

type StoreLocation = Pick<OpenStoreOptions, 'databaseUrl' | 'sqlitePath'>;

export function describeStore({ databaseUrl, sqlitePath = DEFAULT_SQLITE_PATH }: StoreLocation): string {
  if (!databaseUrl) return sqlitePath === ':memory:' ? 'SQLite in memory' : `SQLite file ${resolve(sqlitePath)}`;
  const url = new URL(databaseUrl);
  if (url.protocol === 'socket:') return `PostgreSQL database ${url.searchParams.get('db') ?? '(the user name)'} on socket ${url.pathname}`;
  // A Unix socket is named by ?host=/run/postgresql, or percent-encoded in the host part.
  const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(url.pathname.slice(1)) || url.searchParams.get('db') || '(the user name)';
  return `PostgreSQL database ${database} on ${host}:${url.port || POSTGRES_DEFAULT_PORT}`;
}

/**
 * The absolute path of the SQLite file opening the store will create, or null when it uses a file
 * that exists, memory, or PostgreSQL. Asked before opening: afterwards the file is always there.
 */
export function sqliteFileToCreate({ databaseUrl, sqlitePath = DEFAULT_SQLITE_PATH }: StoreLocation): string | null {
  if (databaseUrl || sqlitePath === ':memory:') return null;
  const path = resolve(sqlitePath);
  return existsSync(path) ? null : path;
}

/** `1 record`, `1490 records`. */
export function recordCount(count: number): string {
  return `${count} ${count === 1 ? 'record' : 'records'}`;
}
