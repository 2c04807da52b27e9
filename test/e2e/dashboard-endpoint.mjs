// The reference endpoint on its own (no storefront), for the dashboard's tests: a fresh SQLite
// database filled through the store's own write path, then served on a free port. Imported by
// relative path, so that the tests run this checkout's server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, openStore } from '../../server/dist/index.js';

export const DASHBOARD_TOKEN = 'e2e-dashboard-admin-token-0123456789abcdef';

/**
 * @param {{ records: Array<{ receivedAt: string, record: object }>, adminToken?: string }} options
 *   records in the order they are received; a later revision of an id is sent with its cookie's proof
 */
export async function dashboardEndpoint({ records, adminToken = DASHBOARD_TOKEN }) {
  const folder = mkdtempSync(join(tmpdir(), 'assent-dashboard-'));
  const store = await openStore({ sqlitePath: join(folder, 'assent.db') });
  for (const { receivedAt, record } of records) {
    const result = await store.append({
      incoming: { record, receivedAt, userAgent: 'Mozilla/5.0 (test)', ipPrefix: '203.0.113.0/24', secGpc: false },
      proof: { cookieId: record.id, proofHash: null },
    });
    if (result.kind !== 'created') throw new Error(`seeding ${record.id} revision ${record.revision}: ${result.kind}`);
  }
  // Every request comes from 127.0.0.1: the per-address rate limit is for real traffic.
  const app = buildApp({ store, adminToken, logger: false, rateLimit: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/`,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
