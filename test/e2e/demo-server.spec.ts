import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../../demo/server.mjs';

// The demo's static file server serves its folders and nothing else: a symlink placed in a served
// folder that points out of it is not followed. The links live in demo/ only while these tests run.

const DEMO = fileURLToPath(new URL('../../demo/', import.meta.url));
const SECRET = 'outside the served folder';

test.describe('the demo’s static file server', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let outside: string;
  const links: string[] = [];
  /** A symlink at `path` (inside demo/) to `target`, removed after the tests. */
  const link = (target: string, path: string) => {
    const name = `symlink-test-${process.pid}-${path}`;
    const at = join(DEMO, name);
    symlinkSync(target, at);
    links.push(at);
    return name;
  };

  test.beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'assent-outside-'));
    writeFileSync(join(outside, 'secret.txt'), SECRET);
    server = await startDemoServer({ port: 0, database: ':memory:', databaseUrl: '' });
  });
  test.afterAll(async () => {
    for (const at of links.splice(0)) unlinkSync(at);
    await server?.close();
    rmSync(outside, { recursive: true, force: true });
  });

  const get = (path: string, origin = server.url) => fetch(new URL(path, origin));

  test('serves its own files, and a symlink that stays inside its folder', async () => {
    const styles = readFileSync(join(DEMO, 'styles.css'), 'utf8');
    expect(await (await get('/styles.css')).text()).toBe(styles);
    const name = link('styles.css', 'inside.css');
    const response = await get(`/${name}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(styles);
  });

  test('answers 404 for a symlink that points out of its folder, to a file or through a folder', async () => {
    const file = link(join(outside, 'secret.txt'), 'file.txt');
    const folder = link(outside, 'folder');
    for (const path of [`/${file}`, `/${folder}/secret.txt`]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain(SECRET);
    }
  });

  test('answers 404 for such a symlink among the stand-in vendors’ files too', async () => {
    const name = `symlink-test-${process.pid}-vendor.txt`;
    const at = join(DEMO, 'third-party', name);
    symlinkSync(join(outside, 'secret.txt'), at);
    links.push(at);
    const response = await get(`/${name}`, server.thirdPartyOrigin);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });
});
