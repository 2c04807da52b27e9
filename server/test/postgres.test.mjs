// The endpoint suite on PostgreSQL, in a fresh schema of the database at DATABASE_URL. Without
// DATABASE_URL it is reported as skipped, never as passed.
import { describe, it } from 'node:test';
import { defineAdminSessionSuite } from './admin-session-suite.mjs';
import { defineEndpointSuite } from './endpoint-suite.mjs';
import { postgresTestDatabase } from './helpers.mjs';
import { defineProofSuite } from './proof-suite.mjs';
import { defineStatsSuite } from './stats-suite.mjs';

const databaseUrl = process.env.DATABASE_URL;

if (databaseUrl) {
  describe('consent endpoint on PostgreSQL', () => defineEndpointSuite(() => postgresTestDatabase(databaseUrl)));
  describe('proof of consent on PostgreSQL', () => defineProofSuite(() => postgresTestDatabase(databaseUrl)));
  describe('dashboard sessions on PostgreSQL', () => defineAdminSessionSuite(() => postgresTestDatabase(databaseUrl)));
  describe('consent insights on PostgreSQL', () => defineStatsSuite(() => postgresTestDatabase(databaseUrl)));
} else {
  console.log('PostgreSQL suite skipped: DATABASE_URL not set');
  it('consent endpoint on PostgreSQL', { skip: 'PostgreSQL suite skipped: DATABASE_URL not set' }, () => {});
}
