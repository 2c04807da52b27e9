// Which store the endpoint uses, for its start-up log line: the SQLite file's absolute path, or
// PostgreSQL's host, port and database. Never a password, nor the user name.
import { resolve } from 'node:path';
import type { OpenStoreOptions } from './store.js';
import { DEFAULT_SQLITE_PATH } from './store.js';

const POSTGRES_DEFAULT_PORT = '5432';

export function describeStore({ databaseUrl, sqlitePath = DEFAULT_SQLITE_PATH }: OpenStoreOptions): string {
  if (!databaseUrl) return sqlitePath === ':memory:' ? 'SQLite in memory' : `SQLite file ${resolve(sqlitePath)}`;
  const url = new URL(databaseUrl);
  if (url.protocol === 'socket:') return `PostgreSQL database ${url.searchParams.get('db') ?? '(the user name)'} on socket ${url.pathname}`;
  // A Unix socket is named by ?host=/run/postgresql, or percent-encoded in the host part.
  const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(url.pathname.slice(1)) || url.searchParams.get('db') || '(the user name)';
  return `PostgreSQL database ${database} on ${host}:${url.port || POSTGRES_DEFAULT_PORT}`;
}
