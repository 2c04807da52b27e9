import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demoWithEndpoint } from './demo-with-endpoint.js';

// Each test starts the demo storefront with the reference endpoint on a database of its own, so
// it can stop and restart it. Faults the server cannot be made to produce on demand (a 503, a
// timeout) are injected on the network with page.route.

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const thirdPartyLog = (page: Page) => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? []);

/** What Safari's 7-day cap on script-written storage does: Assent's databases are gone. */
async function wipeIndexedDb(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const { name } of await indexedDB.databases()) {
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name!);
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
    }
  });
}

/** Records still waiting in the page's outbox (its other keys: the latest delivered key, the proof secret, the receipt). */
function outboxSize(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const request = indexedDB.open('assent-outbox');
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('records')) return resolve(0);
          const keys = db.transaction('records').objectStore('records').getAllKeys();
          keys.onsuccess = () => resolve(keys.result.filter((key) => /^[0-9a-f-]{36}:\d{10}$/.test(String(key))).length);
          keys.onerror = () => resolve(-1);
        };
        request.onerror = () => resolve(-1);
      }),
  );
}

test.describe('proof of consent with the reference endpoint', () => {
  let demo: Awaited<ReturnType<typeof demoWithEndpoint>>;
  test.beforeEach(async () => {
    demo = await demoWithEndpoint();
  });
  test.afterEach(async () => {
    await demo.dispose();
  });

  test('restores the decision from the endpoint after the browser wiped IndexedDB: no banner, the gated scripts run', async ({ page, context }) => {
    await page.goto(demo.url);
    await banner(page).getByRole('button', { name: 'Customize' }).click();
    const preferences = page.getByRole('dialog', { name: 'Privacy preferences' });
    await preferences.getByRole('switch', { name: 'Analytics' }).check();
    await preferences.getByRole('button', { name: 'Save choices' }).click();
    const state = await page.evaluate(() => window.assent.state);
    await expect.poll(async () => (await demo.records()).length).toBe(1);
    const cookie = (await context.cookies()).find(({ name }) => name === 'assent_id');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie!.value).toMatch(new RegExp(`^${state!.id}\\.[A-Za-z0-9_-]{43}$`)); // the id, signed by the endpoint

    await wipeIndexedDb(page);
    await page.reload();
    expect(await page.evaluate(() => window.assent.ready)).toEqual(state);
    await expect(banner(page)).toBeHidden();
    await expect.poll(() => thirdPartyLog(page)).toContain('gtag-config');
    expect(await thirdPartyLog(page)).not.toContain('pixel');
  });

  test("decisions made before the endpoint's part has loaded are all delivered once it loads, even across the withdrawal's reload", async ({ page }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assent-sync.js*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(demo.url, { waitUntil: 'domcontentloaded' }); // the held script holds back the load event
    await page.evaluate(() => window.assent.ready);
    await page.evaluate(() => window.assent.acceptAll());
    // Withdrawing what ran reloads the page (reload-on-withdraw), before the held part could load.
    await Promise.all([page.waitForEvent('framenavigated'), page.evaluate(() => void window.assent.rejectAll())]);
    await page.waitForTimeout(300);
    expect(await demo.records()).toEqual([]);
    release();
    await expect.poll(async () => (await demo.records()).map(({ revision, method }) => [revision, method])).toEqual([
      [1, 'api'],
      [2, 'api'],
    ]);
  });

  test("a first visit loads the endpoint's part only with the first decision, and that decision is delivered; the next page has nothing to send and loads none", async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.endsWith('/assent-sync.js') || pathname.endsWith('/current')) asked.push(pathname.split('/').pop()!);
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assent-sync.js*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(demo.url);
    await expect(banner(page)).toBeVisible();
    await page.evaluate(() => window.assent.ready);
    await page.waitForLoadState('networkidle');
    expect(asked).toEqual(['current']); // the endpoint was asked for a decision to restore; nothing to send
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => asked).toEqual(['current', 'assent-sync.js']);
    await page.waitForTimeout(300);
    expect(await demo.records()).toEqual([]); // the part is still on its way
    expect(await outboxSize(page)).toBe(1); // but the record is already queued in this browser
    release();
    await expect.poll(async () => (await demo.records()).map(({ revision, method }) => [revision, method])).toEqual([[1, 'reject-all']]);
    await expect.poll(() => outboxSize(page)).toBe(0);

    asked.length = 0;
    await page.reload();
    await page.evaluate(() => window.assent.ready);
    await page.waitForLoadState('networkidle');
    expect(asked).toEqual([]);
    expect(await page.evaluate(async () => (await window.assent.receipt())?.record.method)).toBe('reject-all'); // asking for a receipt loads it
    expect(asked).toEqual(['assent-sync.js']);
  });

  test("a page closed before the endpoint's part loaded leaves its decision queued; the next page loads the part at once and delivers it", async ({ context }) => {
    const page = await context.newPage();
    await page.route('**/assent-sync.js*', (route) => route.abort());
    await page.goto(demo.url);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => outboxSize(page)).toBe(1);
    await page.close({ runBeforeUnload: true });
    expect(await demo.records()).toEqual([]);

    const next = await context.newPage();
    await next.goto(demo.url);
    await expect(banner(next)).toBeHidden();
    await expect.poll(async () => (await demo.records()).map(({ revision, method }) => [revision, method])).toEqual([[1, 'accept-all']]);
  });

  test("the reference endpoint's receipt verifies in the browser with the key it publishes, and fits no other decision", async ({ page }) => {
    await page.goto(demo.url);
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(async () => page.evaluate(async () => (await window.assent.receipt()) !== null)).toBe(true);
    // assent/receipt as a shop or an auditor would load it on a page: the built module, with Web Crypto.
    await page.addScriptTag({ type: 'module', content: `${readFileSync('dist/receipt.js', 'utf8')}\nwindow.verifyReceipt = verifyReceipt;` });
    await page.waitForFunction(() => 'verifyReceipt' in window);
    const verdicts = await page.evaluate(async () => {
      const verify = (window as unknown as { verifyReceipt: (record: unknown, receipt: unknown, keys: unknown) => Promise<{ valid: boolean }> }).verifyReceipt;
      const kept = (await window.assent.receipt())!;
      const published = await (await fetch('/api/consent/keys')).json();
      const record = kept.record as unknown as Record<string, unknown>;
      return {
        kept: await verify(kept.record, kept.receipt, published),
        altered: await verify({ ...record, method: 'accept-all' }, kept.receipt, published),
      };
    });
    expect(verdicts.kept).toEqual({ valid: true });
    expect(verdicts.altered.valid).toBe(false);
  });

  test('a decision made while the endpoint is down is delivered on the next load after it is back', async ({ page }) => {
    await page.goto(demo.url);
    await expect(banner(page)).toBeVisible();
    await demo.stop();
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    const { id } = (await page.evaluate(() => window.assent.state))!;
    await page.waitForTimeout(300);
    await demo.restart();
    expect(await demo.records()).toEqual([]);
    await page.reload();
    await expect.poll(async () => (await demo.records()).map((record) => [record.id, record.revision, record.method])).toEqual([[id, 1, 'reject-all']]);
    await expect.poll(() => outboxSize(page)).toBe(0);
  });

  test('503 for the first three attempts: the record is delivered once', async ({ page }) => {
    let attempts = 0;
    await page.route('**/api/consent', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      attempts++;
      if (attempts <= 3) return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' });
      return route.continue();
    });
    await page.goto(demo.url);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(async () => (await demo.records()).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => outboxSize(page)).toBe(0);
    await page.waitForTimeout(500);
    expect(attempts).toBe(4);
    expect(await demo.records()).toHaveLength(1);
  });

  test('a page closed right after the click still delivers its decision', async ({ context }) => {
    const page = await context.newPage();
    await page.goto(demo.url);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await page.close({ runBeforeUnload: true });
    // keepalive usually delivers it; otherwise the next page of the site does.
    let deliveredBy = 'keepalive';
    try {
      await expect.poll(async () => (await demo.records()).length, { timeout: 3000 }).toBe(1);
    } catch {
      deliveredBy = 'next load';
      const next = await context.newPage();
      await next.goto(demo.url);
      await expect.poll(async () => (await demo.records()).length).toBe(1);
    }
    console.log(`closed page: delivered by ${deliveredBy}`);
    expect((await demo.records())[0]!.method).toBe('accept-all');
  });

  test('1,000 decisions over 50 pages with random 500s, timeouts and closed pages: every (id, revision) stored exactly once', async ({ browser }) => {
    // Its correctness is asserted, not its speed: 50 shoppers in 10 browser contexts took 3.2 to 4.0
    // minutes on the shared 2-core machine, so 4 minutes was no margin.
    test.setTimeout(480_000);
    const shoppers = 50;
    const decisionsEach = 20;
    const counts = { attempts: 0, injected500: 0, injectedTimeouts: 0, closedPages: 0 };
    let seed = 20261129;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

    // The privacy page has no gated scripts, so a withdrawal there never reloads the page under the test.
    const pageUrl = () => `${demo.url}privacy.html`;
    async function shopper(): Promise<void> {
      const context: BrowserContext = await browser.newContext();
      await context.route('**/api/consent', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        counts.attempts++;
        const roll = random();
        if (roll < 0.15) {
          counts.injected500++;
          return route.fulfill({ status: 500, body: 'injected' });
        }
        if (roll < 0.25) {
          counts.injectedTimeouts++;
          return route.abort('timedout');
        }
        return route.continue();
      });
      let page = await context.newPage();
      await page.goto(pageUrl());
      for (let decision = 0; decision < decisionsEach; decision++) {
        await page.evaluate((choice) => window.assent.update(choice).then(() => undefined), { analytics: random() < 0.5, marketing: random() < 0.5 });
        if (random() < 0.1) {
          counts.closedPages++;
          await page.close();
          page = await context.newPage();
          await page.goto(pageUrl());
        }
      }
      await context.unroute('**/api/consent');
      // The last page stays until its outbox is empty (a shopper browsing on).
      await page.reload();
      await expect.poll(() => outboxSize(page), { timeout: 60_000, intervals: [250] }).toBe(0);
      await context.close();
    }

    const parallel = 10;
    for (let first = 0; first < shoppers; first += parallel) {
      await Promise.all(Array.from({ length: Math.min(parallel, shoppers - first) }, () => shopper()));
    }

    const records = await demo.records();
    const pairs = new Map<string, number>();
    for (const { id, revision } of records) pairs.set(`${id}:${revision}`, (pairs.get(`${id}:${revision}`) ?? 0) + 1);
    const ids = new Set(records.map(({ id }) => id));
    console.log(
      `decisions ${shoppers * decisionsEach} · POST attempts ${counts.attempts} (injected 500s ${counts.injected500}, timeouts ${counts.injectedTimeouts}) · ` +
        `pages closed early ${counts.closedPages} · stored rows ${records.length} · distinct (id, revision) ${pairs.size} · shoppers ${ids.size}`,
    );
    // Which pairs are missing or doubled, by shopper: what a failure here needs to be looked into.
    const gaps = [...ids].flatMap((id) => {
      const stored = records.filter((record) => record.id === id).map((record) => record.revision);
      const missing = Array.from({ length: decisionsEach }, (_, index) => index + 1).filter((revision) => !stored.includes(revision));
      const doubled = stored.filter((revision, index) => stored.indexOf(revision) !== index);
      return missing.length + doubled.length > 0 ? [`${id}: missing ${missing.join(',') || '–'}, doubled ${doubled.join(',') || '–'}, stored ${stored.join(',')}`] : [];
    });
    expect(gaps, gaps.join('\n')).toEqual([]);
    expect(ids.size).toBe(shoppers);
    expect(pairs.size).toBe(shoppers * decisionsEach);
    expect(records).toHaveLength(shoppers * decisionsEach);
    for (const id of ids) {
      const revisions = records.filter((record) => record.id === id).map((record) => record.revision).sort((a, b) => a - b);
      expect(revisions).toEqual(Array.from({ length: decisionsEach }, (_, index) => index + 1));
    }
  });
});
