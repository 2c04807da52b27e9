import { expect, test, type Page } from '@playwright/test';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyReceipt } from '../../src/receipt.js';

// The built drop-in script on a shop page served, with the consent endpoint, by a small node:http
// server started here, one origin like most shops. The endpoint stores records and signs receipts;
// each test scripts the answers it needs (a 404 for a mistyped URL, a 403 for a missing proof, a 409).

interface Answer {
  status: number;
  body?: unknown;
}

interface Stored {
  id: string;
  revision: number;
  timestamp: string;
  decisions: Record<string, boolean>;
  method: string;
  language: string;
}

const DROP_IN = new URL('../../dist/drop-in/', import.meta.url);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with sorted keys and no whitespace, as the endpoint signs it (written here on its own, not taken from src/). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

async function shopWithEndpoint() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = { kid: 'e2e0e2e0e2e0e2e0', publicKey: publicKey.export({ format: 'jwk' }).x!, status: 'current' };
  const stored: Stored[] = [];
  const posts: Array<{ path: string; proof: string | undefined; record: Stored }> = [];
  /** Answers for the next POSTs to /api/consent, before the normal 201. */
  const script: Answer[] = [];

  const page = (endpoint: string) => `<!doctype html>
<html lang="en_US">
<head>
  <meta charset="utf-8">
  <title>Shop</title>
  <link rel="icon" href="data:,">
  <script src="/assent/assent.iife.js"></script>
  <script type="text/plain" data-consent="marketing">window.marketingRan = true;</script>
</head>
<body>
  <assent-consent policy-version="2026-12" categories="analytics marketing" privacy-url="/privacy" endpoint="${endpoint}"></assent-consent>
  <h1>Shop</h1>
</body>
</html>`;

  const send = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, body === undefined ? {} : { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
    response.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url!, 'http://localhost');
    if (request.method === 'GET' && url.pathname === '/shop.html') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void response.end(page(url.searchParams.get('endpoint') ?? '/api/consent'));
    }
    if (request.method === 'GET' && url.pathname === '/frame.html') return send(response, 200, 'a frame of the shop');
    if (request.method === 'GET' && url.pathname.startsWith('/assent/')) {
      const file = await readFile(new URL(url.pathname.slice('/assent/'.length), DROP_IN)).catch(() => undefined);
      if (!file) return send(response, 404);
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      return void response.end(file);
    }
    if (request.method === 'GET' && ['/api/consent/current', '/api/consent/region'].includes(url.pathname)) return send(response, 204);
    if (request.method !== 'POST') return send(response, 404, { error: 'not found' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const record = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Stored;
    posts.push({ path: url.pathname, proof: request.headers['assent-proof'] as string | undefined, record });
    if (url.pathname !== '/api/consent') return send(response, 404, { error: 'not found', field: null, message: 'No such route.' });
    const scripted = script.shift();
    if (scripted) return send(response, scripted.status, scripted.body);
    const receivedAt = new Date().toISOString();
    const hash = 'cd'.repeat(32);
    // Stored in a batch of two: the other record's leaf is on the right.
    const leaf = sha256(`assent-receipt-leaf\0${canonical({ v: 1, receivedAt, hash, record })}`);
    const other = sha256('another record of the batch');
    const root = sha256(`assent-receipt-node\0${leaf}${other}`);
    const signature = sign(null, Buffer.from(canonical({ v: 1, alg: 'Ed25519', kid: key.kid, type: 'assent-receipts', root })), privateKey).toString('base64url');
    stored.push(record);
    const receipt = { v: 1, alg: 'Ed25519', kid: key.kid, id: record.id, revision: record.revision, receivedAt, hash, path: [`r:${other}`], signature };
    return send(response, 201, { stored: true, created: true, id: record.id, revision: record.revision, receivedAt, receipt });
  }

  const server: Server = createServer((request, response) => void handle(request, response).catch(() => send(response, 500)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // The page's keep-alive connections, or a retry in flight, would hold close() back.
      server.closeAllConnections();
    });
  return { origin, stored, posts, script, key, close };
}

/** The page's `[assent]` warnings. */
function warningsOf(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('[assent]')) warnings.push(message.text());
  });
  return warnings;
}

/** What the page's IndexedDB holds: the stored decision and the outbox's keys. */
function storedLocally(page: Page) {
  return page.evaluate(async () => {
    const read = (name: string, store: string) =>
      new Promise<Map<IDBValidKey, unknown>>((resolve) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.result.createObjectStore(store);
        open.onsuccess = () => {
          const db = open.result;
          const keys = db.transaction(store).objectStore(store).getAllKeys();
          const values = db.transaction(store).objectStore(store).getAll();
          values.onsuccess = () => {
            resolve(new Map(keys.result.map((key, index) => [key, values.result[index]])));
            db.close();
          };
        };
      });
    const state = await read('assent', 'state');
    const outbox = await read('assent-outbox', 'records');
    return { decision: state.get('decision') ?? null, outbox: [...outbox.keys()].map(String).sort() };
  });
}

test.describe('proof of consent: what the endpoint answers', () => {
  let shop: Awaited<ReturnType<typeof shopWithEndpoint>>;
  test.beforeEach(async () => {
    shop = await shopWithEndpoint();
  });
  test.afterEach(async () => {
    await shop.close();
  });

  test('a mistyped endpoint answers 404: one warning names its URL, and once the page has the right one every record arrives', async ({ page }) => {
    test.slow(); // three 404s take the browser's real backoff: 1 s, 2 s, 4 s at most, more on a loaded machine
    const warnings = warningsOf(page);
    await page.goto(`${shop.origin}/shop.html?endpoint=/api/consnet`);
    const first = await page.evaluate(() => window.assent.acceptAll());
    const second = await page.evaluate(() => window.assent.update({ analytics: false }));
    await expect.poll(() => shop.posts.filter((post) => post.path === '/api/consnet').length).toBeGreaterThanOrEqual(3);
    expect(warnings).toEqual([
      `[assent] the endpoint ${shop.origin}/api/consnet answered 404: check the endpoint attribute / proxy; records are kept and retried.`,
    ]);
    expect(shop.stored).toEqual([]);

    await page.goto(`${shop.origin}/shop.html?endpoint=/api/consent`); // the shop fixed its attribute
    await expect.poll(() => shop.stored.map((record) => [record.id, record.revision, record.method])).toEqual([
      [first.id, 1, 'api'],
      [second.id, 2, 'api'],
    ]);
    expect(shop.stored[0]!.language).toBe('en-US'); // from <html lang="en_US">
    await expect.poll(async () => (await storedLocally(page)).outbox).toEqual(['delivered', 'proof', 'receipt']);
  });

  test('403 "proof required": the decision moves to a new id, reaches the endpoint unchanged, and window.assent.state follows', async ({ page }) => {
    shop.script.push({ status: 403, body: { error: 'proof required', field: null, message: 'This id needs its proof.' } });
    await page.goto(`${shop.origin}/shop.html`);
    const decided = await page.evaluate(() => window.assent.update({ analytics: true }));
    await expect.poll(() => shop.stored.length).toBe(1);
    const [record] = shop.stored;
    expect(record!.id).not.toBe(decided.id);
    expect(record).toMatchObject({ revision: 1, timestamp: decided.timestamp, decisions: decided.decisions, method: decided.method });
    expect(shop.posts.map((post) => post.proof)).toEqual([expect.stringMatching(/^[\w-]{43}$/), expect.stringMatching(/^[\w-]{43}$/)]);
    expect(shop.posts[1]!.proof).not.toBe(shop.posts[0]!.proof); // the new id's own secret
    await expect.poll(() => page.evaluate(() => window.assent.state)).toEqual({ ...decided, id: record!.id, revision: 1 });
    await page.reload();
    expect(await page.evaluate(() => window.assent.ready)).toEqual({ ...decided, id: record!.id, revision: 1 });
    expect((await storedLocally(page)).decision).toEqual({ ...decided, id: record!.id, revision: 1 });
  });

  test('409 "conflict": the decision is renumbered after the endpoint’s latest revision', async ({ page }) => {
    shop.script.push({ status: 409, body: { error: 'conflict', field: 'revision', message: 'Another record is stored there.', latestRevision: 5 } });
    await page.goto(`${shop.origin}/shop.html`);
    const decided = await page.evaluate(() => window.assent.rejectAll());
    await expect.poll(() => shop.stored.map((record) => [record.id, record.revision, record.timestamp])).toEqual([[decided.id, 6, decided.timestamp]]);
    await expect.poll(() => page.evaluate(() => window.assent.state)).toEqual({ ...decided, revision: 6 });
    expect(shop.posts[1]!.proof).toBe(shop.posts[0]!.proof);
    const next = await page.evaluate(() => window.assent.acceptAll());
    expect([next.id, next.revision]).toEqual([decided.id, 7]);
  });

  test('the receipt of the latest record is kept, and verifies with the endpoint’s key (assent/receipt)', async ({ page }) => {
    await page.goto(`${shop.origin}/shop.html`);
    expect(await page.evaluate(() => window.assent.receipt())).toBeNull();
    await page.evaluate(() => window.assent.acceptAll());
    await page.evaluate(() => window.assent.update({ analytics: false })); // a withdrawal of marketing would reload the page
    await expect.poll(async () => (await page.evaluate(() => window.assent.receipt()))?.record.revision).toBe(2);
    const kept = (await page.evaluate(() => window.assent.receipt()))!;
    expect(kept.record).toEqual(shop.stored[1]);
    expect(await verifyReceipt(kept.record, kept.receipt, { keys: [shop.key] })).toEqual({ valid: true });
    expect(await verifyReceipt({ ...kept.record, decisions: { ...kept.record.decisions, analytics: true } }, kept.receipt, [shop.key])).toMatchObject({ valid: false });
  });

  test('malformed entries in the outbox are dropped with one warning, and decisions are still delivered, also after a reload', async ({ page }) => {
    const warnings = warningsOf(page);
    await page.goto(`${shop.origin}/shop.html`);
    await page.evaluate(() => window.assent.ready);
    const putGarbage = () =>
      page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const open = indexedDB.open('assent-outbox');
            open.onupgradeneeded = () => open.result.createObjectStore('records');
            open.onsuccess = () => {
              const transaction = open.result.transaction('records', 'readwrite');
              transaction.objectStore('records').put({ garbage: 1 }, 'garbage');
              transaction.objectStore('records').put({ record: {} }, `${crypto.randomUUID()}:0000000001`);
              transaction.oncomplete = () => {
                open.result.close();
                resolve();
              };
            };
          }),
      );
    await putGarbage();
    await page.evaluate(() => window.assent.acceptAll());
    await expect.poll(() => shop.stored.length).toBe(1);
    expect(warnings).toEqual(['[assent] dropped 2 malformed entries from the consent outbox.']);

    await putGarbage();
    await page.reload();
    await page.evaluate(() => window.assent.update({ analytics: false }));
    await expect.poll(() => shop.stored.map((record) => record.method)).toEqual(['api', 'api']);
    await expect.poll(async () => (await storedLocally(page)).outbox).toEqual(['delivered', 'proof', 'receipt']);
  });
});

test.describe('other tabs', () => {
  let shop: Awaited<ReturnType<typeof shopWithEndpoint>>;
  test.beforeEach(async () => {
    shop = await shopWithEndpoint();
  });
  test.afterEach(async () => {
    await shop.close();
  });

  const forged = () => ({
    id: crypto.randomUUID(),
    revision: 1,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    policyVersion: '2026-12',
    decisions: { necessary: true, analytics: true, marketing: true },
    method: 'accept-all',
    gpc: false,
  });

  test('a forged decision posted on the channel, by the page or a same-origin frame, grants nothing and writes no record', async ({ page }) => {
    await page.goto(`${shop.origin}/shop.html`);
    expect(await page.evaluate(() => window.assent.ready)).toBeNull();
    await page.evaluate((record) => new BroadcastChannel('assent').postMessage(record), forged());
    await page.evaluate(async (record) => {
      const frame = document.createElement('iframe');
      frame.src = '/frame.html';
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const FrameChannel = (frame.contentWindow as Window & typeof globalThis).BroadcastChannel;
      new FrameChannel('assent').postMessage(record);
    }, forged());
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => [window.assent.state, window.assent.granted('marketing'), (window as { marketingRan?: boolean }).marketingRan ?? false])).toEqual([
      null,
      false,
      false,
    ]);
    await expect(page.getByRole('region', { name: 'Cookie consent' })).toBeVisible();
    expect((await storedLocally(page)).decision).toBeNull();
    expect(shop.posts).toEqual([]);
  });

  test('a decision made in another tab is read from IndexedDB and followed here', async ({ context }) => {
    const first = await context.newPage();
    const second = await context.newPage();
    await first.goto(`${shop.origin}/shop.html`);
    await second.goto(`${shop.origin}/shop.html`);
    await Promise.all([first.evaluate(() => window.assent.ready), second.evaluate(() => window.assent.ready)]);
    const decided = await first.evaluate(() => window.assent.update({ marketing: true }));
    await expect.poll(() => second.evaluate(() => window.assent.state)).toEqual(decided);
    await expect.poll(() => second.evaluate(() => (window as { marketingRan?: boolean }).marketingRan ?? false)).toBe(true);
    await expect.poll(() => shop.stored.length).toBe(1);
    await second.waitForTimeout(300);
    expect(shop.posts).toHaveLength(1); // sent by the tab that decided only
  });
});
