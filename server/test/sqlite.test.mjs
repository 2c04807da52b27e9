// The endpoint suite on SQLite, in a fresh temporary file.
import { describe } from 'node:test';
import { defineEndpointSuite } from './endpoint-suite.mjs';
import { sqliteTestDatabase } from './helpers.mjs';

describe('consent endpoint on SQLite', () => defineEndpointSuite(sqliteTestDatabase));
