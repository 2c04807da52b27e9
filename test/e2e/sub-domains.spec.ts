import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../helpers/chromium.mjs';
import { demoWithEndpoint } from './demo-with-endpoint.js';

// The demo shop under www.shop.test and checkout.shop.test, both mapped to this machine, with the
// decision shared on .shop.test (`cookie-domain`) and the endpoint's assent_id cookie on the same
// domain. The pages are plain http, as in plain-http.spec.ts: Assent needs no secure context
// (its ids come from crypto.getRandomValues there, its copies need no Web Crypto).
test.use({ launchOptions: chromiumLaunchOptions('MAP *.shop.test 127.0.0.1') });

let demo: Awaited<ReturnType<typeof demoWithEndpoint>>;
test.beforeAll(async () => {
  demo = await demoWithEndpoint({ cookieDomain: 'shop.test' });
});
test.afterAll(async () => {
  await demo.dispose();
});

/** A page of the shop on `host`, sharing on `.shop.test` unless told otherwise; `region` spares the region lookup. */
const shop = (host: string, cookieDomain: string | null = '.shop.test') =>
  `http://${host}.shop.test:${new URL(demo.url).port}/?region=DE${cookieDomain ? `&cookie-domain=${cookieDomain}` : ''}`;

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const thirdPartyLog = (page: Page) => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? []);

/**
 * A fault no page can cause on purpose: Assent's IndexedDB database opens `delayMs` late (shorter
 * than the 3 s after which Assent gives up on IndexedDB), or earlier when the test calls
 * `window.openIndexedDb()`, so that a slow machine does not decide the order. `window.logWhenIndexedDbOpened` is
 * what the stand-in vendors had run by then, and `window.consentUpdateBeforeTagManager` whether
 * the Consent Mode update was pushed before the first gated script ran.
 */
function delayIndexedDb(delayMs: number) {
  const target = window as unknown as Record<string, unknown> & { thirdPartyLog?: string[]; dataLayer?: IArguments[] };
  document.addEventListener('demo-third-party', (event) => {
    if ((event as CustomEvent).detail !== 'tag-manager') return;
    target.consentUpdateBeforeTagManager = (target.dataLayer ?? []).some((entry) => entry[0] === 'consent' && entry[1] === 'update');
  });
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
    if (name !== 'assent') return open.call(this, name, version);
    const request = { result: undefined as unknown, error: null as DOMException | null } as Record<string, unknown>;
    let opened = false;
    const openNow = () => {
      if (opened) return;
      opened = true;
      const real = open.call(this, name);
      const forward = (type: string) => (event: Event) => {
        request.result = real.readyState === 'done' && !real.error ? real.result : undefined;
        request.error = real.readyState === 'done' ? real.error : null;
        if (type === 'onsuccess') target.logWhenIndexedDbOpened = [...(target.thirdPartyLog ?? [])];
        (request[type] as ((event: Event) => void) | null | undefined)?.call(request, event);
      };
      for (const type of ['onupgradeneeded', 'onsuccess', 'onerror', 'onblocked']) (real as unknown as Record<string, unknown>)[type] = forward(type);
    };
    target.openIndexedDb = openNow;
    setTimeout(openNow, delayMs);
    return request as unknown as IDBOpenDBRequest;
  };
}

/**
 * Reloads with IndexedDB answering late, and checks that nothing optional ran before it answered,
 * and after it only analytics (the tag manager), never marketing (the pixel).
 */
async function reloadWithIndexedDbLateRunningAnalyticsOnly(page: Page) {
  await page.addInitScript(delayIndexedDb, 1500);
  await page.reload();
  await expect.poll(() => page.evaluate(() => (window as { logWhenIndexedDbOpened?: string[] }).logWhenIndexedDbOpened), { timeout: 5000 }).toEqual([]);
  await expect.poll(() => thirdPartyLog(page)).toContain('tag-manager');
  await page.waitForLoadState('networkidle');
  expect(await thirdPartyLog(page)).not.toContain('pixel');
}

async function cookie(context: BrowserContext, name: string) {
  return (await context.cookies()).filter((candidate) => candidate.name === name);
}

test('a decision on www holds on checkout: no banner there, its allowed scripts run, and the endpoint gets one record', async ({ page, context }) => {
  await page.goto(shop('www'));
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => thirdPartyLog(page)).toContain('pixel');
  const decided = await page.evaluate(() => window.assent.state);
  await expect.poll(async () => (await demo.records()).filter((record) => record.id === decided!.id)).toHaveLength(1);

  expect((await cookie(context, 'assent_consent')).map(({ domain, path, sameSite }) => ({ domain, path, sameSite }))).toEqual([{ domain: '.shop.test', path: '/', sameSite: 'Lax' }]);
  expect((await cookie(context, 'assent_id')).map(({ domain }) => domain)).toEqual(['.shop.test']);

  const checkout = await context.newPage();
  await checkout.goto(shop('checkout'));
  await expect.poll(() => thirdPartyLog(checkout)).toEqual(expect.arrayContaining(['tag-manager', 'pixel']));
  await expect(banner(checkout)).toBeHidden();
  expect(await checkout.evaluate(() => window.assent.state)).toEqual(decided);
  await checkout.waitForTimeout(300);
  expect((await demo.records()).filter((record) => record.id === decided!.id), 'checkout sends no record of its own: www sent it').toHaveLength(1);
});

test('a withdrawal on checkout reaches www on its next view: the banner is back and nothing optional runs', async ({ page, context }) => {
  await page.goto(shop('www'));
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => thirdPartyLog(page)).toContain('pixel');
  const { id } = (await page.evaluate(() => window.assent.state))!;

  const checkout = await context.newPage();
  await checkout.goto(shop('checkout'));
  await expect.poll(() => thirdPartyLog(checkout)).toContain('pixel');
  await Promise.all([checkout.waitForEvent('load'), checkout.evaluate(() => window.assent.withdraw())]); // marketing ran: it reloads
  await expect(banner(checkout)).toBeVisible();

  await page.reload();
  await expect(banner(page)).toBeVisible();
  expect(await page.evaluate(() => window.assent.state)).toMatchObject({ id, method: 'withdraw' });
  await page.waitForLoadState('networkidle');
  expect(await thirdPartyLog(page)).toEqual([]);
  // The assent_id cookie on .shop.test proves the id on checkout too: its withdrawal is stored under it.
  await expect.poll(async () => (await demo.records()).filter((record) => record.id === id).map(({ revision, method }) => [revision, method])).toEqual([
    [1, 'accept-all'],
    [2, 'withdraw'],
  ]);
});

test('a returning shopper’s allowed scripts start before IndexedDB answers, after the Consent Mode update', async ({ page }) => {
  await page.goto(shop('www', null));
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => thirdPartyLog(page)).toContain('pixel');

  await page.addInitScript(delayIndexedDb, 2500);
  await page.reload();
  await expect.poll(() => thirdPartyLog(page)).toEqual(expect.arrayContaining(['tag-manager', 'pixel']));
  await page.evaluate(() => (window as { openIndexedDb?: () => void }).openIndexedDb?.());
  await expect.poll(() => page.evaluate(() => (window as { logWhenIndexedDbOpened?: string[] }).logWhenIndexedDbOpened), { timeout: 5000 }).toEqual(expect.arrayContaining(['tag-manager', 'pixel']));
  expect(await page.evaluate(() => (window as { consentUpdateBeforeTagManager?: boolean }).consentUpdateBeforeTagManager)).toBe(true);
  await expect(banner(page)).toBeHidden();
});

test('a tampered copy grants nothing: the page waits for IndexedDB, and then runs only what it allows', async ({ page }) => {
  await page.goto(shop('www', null));
  await page.evaluate(() => window.assent.update({ analytics: true, marketing: false }));
  await expect.poll(() => thirdPartyLog(page)).toContain('tag-manager');
  // The shopper (or another tool) grants marketing in the copy by hand; its checksum no longer matches.
  await page.evaluate(() => localStorage.setItem('assent_consent', localStorage.getItem('assent_consent')!.replace('!marketing', 'marketing')));

  await reloadWithIndexedDbLateRunningAnalyticsOnly(page);
  expect(await page.evaluate(() => localStorage.getItem('assent_consent'))).not.toContain('|marketing');
});

test('a shared copy that grants more than IndexedDB (an older revision, checksum intact) never runs the extra script', async ({ page, context }) => {
  await page.goto(shop('www'));
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => thirdPartyLog(page)).toContain('pixel');
  const older = (await cookie(context, 'assent_consent'))[0]!;
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => void window.assent.update({ marketing: false }))]); // the pixel ran: it reloads (not awaited in the page, whose context the reload ends)
  await page.waitForLoadState('networkidle');
  // Another sub-domain (blog.shop.test can write .shop.test cookies) puts the Accept all copy back.
  await context.addCookies([older]);

  await reloadWithIndexedDbLateRunningAnalyticsOnly(page);
  expect(await page.evaluate(() => window.assent.state)).toMatchObject({ revision: 2, decisions: { marketing: false } });
  expect((await cookie(context, 'assent_consent'))[0]!.value, 'the shared copy says what IndexedDB holds again').not.toBe(older.value);
});
