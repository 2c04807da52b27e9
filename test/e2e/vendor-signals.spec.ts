import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

// The vendors' tags cannot run here: no vendor is reachable, and they would report to the vendors.
// The page (test/fixtures/vendor-signals/page.html) has each vendor's own snippet, as the vendor
// gives it, loading a fake of its tag from this origin, which records what the tag is told in the
// order it acts on it: first what was queued before it loaded, then the calls made to it. Assent
// is the built drop-in, served by the demo server.

const FIXTURES = new URL('../fixtures/vendor-signals/', import.meta.url);
const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });

type Vendor = 'uet' | 'clarity' | 'meta' | 'tiktok';
type Calls = Record<Vendor, unknown[][]>;

/**
 * Serves the fixture page with these attributes on its `<assent-consent>`, and the fake tags;
 * `script` is the one script tag of Assent's, the head part by default.
 */
async function openShop(page: Page, attributes = '', script = 'assent-head.js'): Promise<void> {
  await page.route('**/vendor-signals/*', async (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop()!;
    const body = (await readFile(new URL(file, FIXTURES), 'utf8')).replace('%ATTRIBUTES%', attributes).replace('/assent/assent-head.js', `/assent/${script}`);
    await route.fulfill({ body, contentType: file.endsWith('.html') ? 'text/html' : 'text/javascript' });
  });
  await page.goto('/vendor-signals/page.html');
}

/** The calls of the vendors' consent APIs; the others are the page's own (`init`, `pageLoad`…). */
const CONSENT_CALLS = new Set(['consent', 'consentv2', 'dataProcessingOptions', 'holdConsent', 'grantConsent', 'revokeConsent']);

/** What each fake tag acted on so far, in order. */
async function told(page: Page): Promise<Calls> {
  const log = await page.evaluate(() => (window as unknown as { vendorLog?: unknown[][] }).vendorLog ?? []);
  const all: Calls = { uet: [], clarity: [], meta: [], tiktok: [] };
  for (const [vendor, ...call] of log) all[vendor as Vendor].push(call);
  return all;
}

/** Each call once, where it first came. */
const once = (calls: unknown[][]) => calls.filter((call, index) => calls.findIndex((other) => JSON.stringify(other) === JSON.stringify(call)) === index);

/** The defaults, each the first call its tag acts on. */
const DEFAULTS: Calls = {
  uet: [['consent', 'default', { ad_storage: 'denied' }]],
  clarity: [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }]],
  meta: [['consent', 'revoke']],
  tiktok: [['holdConsent']],
};

/** The page's own calls, from the vendors' snippets. */
const OWN: Calls = {
  uet: [['pageLoad']],
  clarity: [['set', 'page', 'vendor-signals']],
  meta: [['init', '1234567890'], ['track', 'PageView']],
  tiktok: [['page']],
};

const ACCEPTED: Calls = {
  uet: [['consent', 'update', { ad_storage: 'granted' }]],
  clarity: [['consentv2', { ad_Storage: 'granted', analytics_Storage: 'granted' }]],
  meta: [['consent', 'grant']],
  tiktok: [['grantConsent']],
};

const REJECTED: Calls = {
  uet: [['consent', 'update', { ad_storage: 'denied' }]],
  clarity: [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }]],
  meta: [['consent', 'revoke']],
  tiktok: [['revokeConsent']],
};

const VENDORS: Vendor[] = ['uet', 'clarity', 'meta', 'tiktok'];
const each = (make: (vendor: Vendor) => unknown[][]): Calls => Object.fromEntries(VENDORS.map((vendor) => [vendor, make(vendor)])) as Calls;

/**
 * Waits until each tag has acted on its default first, on the page's own calls, and after its
 * default on exactly these consent calls. When a tag's own calls come relative to an update depends
 * on when the tag loaded. With `repeated`, each update counts once: in the opt-out regime the update
 * on `ready` and the decision Global Privacy Control records at once say the same, and how many of
 * them reach the tags depends on when Assent's part loaded.
 */
async function expectTold(page: Page, updates: Calls | undefined, { repeated = false } = {}): Promise<void> {
  await expect
    .poll(async () => {
      const all = await told(page);
      const consent = (vendor: Vendor) => all[vendor].filter((call) => CONSENT_CALLS.has(call[0] as string));
      return {
        first: each((vendor) => all[vendor].slice(0, 1)),
        own: each((vendor) => all[vendor].filter((call) => !CONSENT_CALLS.has(call[0] as string))),
        updates: each((vendor) => (repeated ? once : (calls: unknown[][]) => calls)(consent(vendor).slice(1))),
      };
    })
    .toEqual({ first: DEFAULTS, own: OWN, updates: updates ?? each(() => []) });
}

test.describe('vendor signals on a page with the vendors’ snippets', () => {
  test('Accept all: each tag gets its default before the page’s own calls, then the grant; a returning shopper’s page grants without a click', async ({ page }) => {
    await openShop(page);
    await expect(banner(page)).toBeVisible();
    await expectTold(page, undefined);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expectTold(page, ACCEPTED);
    const { meta } = await told(page);
    expect(meta.findIndex(([name]) => name === 'consent')).toBeLessThan(meta.findIndex(([name]) => name === 'init'));

    await page.reload();
    await expectTold(page, ACCEPTED);
    await expect(banner(page)).toBeHidden();
  });

  test('Reject all: each tag keeps its default, then is told the refusal', async ({ page }) => {
    await openShop(page);
    await expectTold(page, undefined);
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expectTold(page, REJECTED);
  });

  test('assent.iife.js used alone sends the same defaults first', async ({ page }) => {
    await openShop(page, '', 'assent.iife.js');
    await expectTold(page, undefined);
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expectTold(page, REJECTED);
  });

  test.describe('Global Privacy Control', () => {
    test.use({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
    test.beforeEach(async ({ page }) => {
      // Chromium implements neither: the signal is set as a browser that sends it would.
      await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
    });

    test('opt-out region: without a click, marketing (a sale category) is denied everywhere and Meta gets Limited Data Use', async ({ page }) => {
      await openShop(page, 'mode="auto" region="US-CA"');
      await expect.poll(() => page.evaluate(() => window.assent.ready.then(() => window.assent.state?.method))).toBe('gpc');
      await expectTold(page, {
        uet: [['consent', 'update', { ad_storage: 'denied' }]],
        clarity: [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }]],
        meta: [['dataProcessingOptions', ['LDU'], 0, 0], ['consent', 'revoke']],
        tiktok: [['revokeConsent']],
      }, { repeated: true });
    });

    test('opt-in region: Accept all grants analytics but not marketing, and says nothing of Limited Data Use', async ({ page }) => {
      await openShop(page, 'region="DE"');
      await expectTold(page, undefined);
      await banner(page).getByRole('button', { name: 'Accept all' }).click();
      await expectTold(page, {
        uet: [['consent', 'update', { ad_storage: 'denied' }]],
        clarity: [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }]],
        meta: [['consent', 'revoke']],
        tiktok: [['revokeConsent']],
      });
    });
  });
});
