import { expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../demo/server.mjs';

// The demo storefront with the reference endpoint in one process, on a SQLite database of its
// own, for tests that restart it or read what the endpoint stored.

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef0123';

export interface StoredRecord {
  id: string;
  revision: number;
  method: string;
  decisions: Record<string, boolean>;
}

type DemoServer = Awaited<ReturnType<typeof startDemoServer>>;

/**
 * A running demo + endpoint on a fresh SQLite file; `restart()` brings it back on the same port.
 * `cookieDomain`: the Domain of the endpoint's `assent_id` cookie.
 */
export async function demoWithEndpoint({ cookieDomain }: { cookieDomain?: string } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'assent-e2e-'));
  // Every simulated shopper comes from 127.0.0.1: the per-IP rate limit is for real traffic.
  // SQLite of its own even where DATABASE_URL is set (CI sets it for the server suite).
  const options = { port: 0, database: join(folder, 'assent.db'), databaseUrl: '', adminToken: ADMIN_TOKEN, rateLimit: false as const, cookieDomain };
  let server: DemoServer = await startDemoServer(options);
  const port = server.port;
  return {
    get url() {
      return server.url;
    },
    stop: () => server.close(),
    restart: async () => {
      server = await startDemoServer({ ...options, port, thirdPartyPort: 0 });
    },
    /** Every stored row (the record and what the endpoint saw), through the authenticated NDJSON export. */
    rows: async (): Promise<Array<{ record: StoredRecord; secGpc: boolean }>> => {
      const response = await fetch(`${server.url}api/records?since=1970-01-01T00:00:00.000Z`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(response.status).toBe(200);
      return (await response.text())
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { record: StoredRecord; secGpc: boolean });
    },
    /** Every stored record, through the endpoint's authenticated NDJSON export. */
    records: async (): Promise<StoredRecord[]> => {
      const response = await fetch(`${server.url}api/records?since=1970-01-01T00:00:00.000Z`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(response.status).toBe(200);
      return (await response.text())
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const row = JSON.parse(line) as { record?: StoredRecord } & StoredRecord;
          return row.record ?? row;
        });
    },
    dispose: async () => {
      await server.close().catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

