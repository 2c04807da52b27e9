// The endpoint suites on SQLite, in fresh temporary files.
import { describe } from 'node:test';
import { defineAdminSessionSuite } from './admin-session-suite.mjs';
import { defineEndpointSuite } from './endpoint-suite.mjs';
import { sqliteTestDatabase } from './helpers.mjs';
import { defineProofSuite } from './proof-suite.mjs';
import { defineStatsSuite } from './stats-suite.mjs';

describe('consent endpoint on SQLite', () => defineEndpointSuite(sqliteTestDatabase));
describe('proof of consent on SQLite', () => defineProofSuite(sqliteTestDatabase));
describe('dashboard sessions on SQLite', () => defineAdminSessionSuite(sqliteTestDatabase));
describe('consent insights on SQLite', () => defineStatsSuite(sqliteTestDatabase));
