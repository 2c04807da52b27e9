// The endpoint over real sockets: run alone as `node server/dist/main.js`, and mounted inside
// another Node HTTP server the way demo/server.mjs mounts it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp, openStore } from '../dist/index.js';
import { validRecord } from './helpers.mjs';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const postRecord = (origin, record, headers = {}) =>
  fetch(`${origin}/api/consent`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(record) });

describe('node server/dist/main.js', () => {
  it('serves the endpoint from the environment and stops cleanly on SIGTERM', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'assent-main-test-'));
    const database = join(folder, 'records', 'assent.db');
    const { DATABASE_URL, ...environment } = process.env; // this test is about the SQLite default
    const child = spawn(process.execPath, [MAIN], {
      env: { ...environment, PORT: '0', HOST: '127.0.0.1', ASSENT_DB: database, ASSENT_ALLOWED_ORIGINS: 'https://shop.example', ASSENT_REGION_HEADER: 'X-Test-Region' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const origin = await listeningOrigin(child);
      assert.ok(existsSync(database), 'the database file and its folder were created');

      const record = validRecord();
      const created = await postRecord(origin, record, { origin: 'https://shop.example' });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('access-control-allow-origin'), 'https://shop.example');
      const cookie = created.headers.get('set-cookie').split(';')[0];
      const current = await fetch(`${origin}/api/consent/current`, { headers: { cookie } });
      assert.deepEqual(await current.json(), record);

      const region = await fetch(`${origin}/api/consent/region`, { headers: { 'x-test-region': 'us-ny', 'cf-ipcountry': 'DE' } });
      assert.deepEqual(await region.json(), { region: 'US-NY' }, 'ASSENT_REGION_HEADER is read, the built-in headers are not');
      assert.match(region.headers.get('vary'), /X-Test-Region/);

      const disabled = await fetch(`${origin}/api/records`);
      assert.equal(disabled.status, 403, 'no ASSENT_ADMIN_TOKEN: export is off');

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      child.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('mounted in a plain Node HTTP server', () => {
  it('answers /api/ requests through app.routing and leaves the rest to the host', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'assent-mount-test-'));
    const store = await openStore({ sqlitePath: join(folder, 'assent.db') });
    const app = buildApp({ store, logger: false });
    await app.ready();
    const server = createServer((request, response) => {
      if (request.url.startsWith('/api/')) return app.routing(request, response);
      response.end('storefront page');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      const record = validRecord();
      const first = await postRecord(origin, record);
      assert.equal(first.status, 201);
      const cookie = first.headers.get('set-cookie').split(';')[0];
      assert.equal((await postRecord(origin, record, { cookie })).status, 200);
      assert.deepEqual(await (await fetch(`${origin}/api/consent/${record.id}`, { headers: { cookie } })).json(), record);
      assert.equal(await (await fetch(`${origin}/index.html`)).text(), 'storefront page');
    } finally {
      server.close();
      await app.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** The origin from Fastify's "Server listening at http://…" log line. */
function listeningOrigin(child) {
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk) => {
      output += chunk;
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', () => reject(new Error(`main.js exited before listening:\n${output}`)));
  });
}
