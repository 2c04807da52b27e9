import { expect, test, type Page } from '@playwright/test';
import { ALL_DENIED } from '../helpers/consent-mode.js';
import { demoWithEndpoint } from './demo-with-endpoint.js';

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const thirdPartyLog = (page: Page) => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? []);

const DENIED = ALL_DENIED;

/**
 * Records the time of every dataLayer push, on the page's clock, from before any script runs;
 * gtag's entries are `arguments` objects, turned into arrays for reading.
 */
async function watchDataLayer(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const layer: unknown[] = [];
    const times: number[] = [];
    const push = layer.push.bind(layer);
    layer.push = (...items: unknown[]) => {
      for (const _ of items) times.push(performance.now());
      return push(...items);
    };
    Object.assign(window, { dataLayer: layer, dataLayerTimes: times });
  });
}

function dataLayer(page: Page): Promise<Array<{ kind: 'gtag' | 'object'; value: unknown; at: number }>> {
  return page.evaluate(() => {
    const { dataLayer: layer, dataLayerTimes: times } = window as unknown as { dataLayer: unknown[]; dataLayerTimes: number[] };
    return layer.map((entry, index) =>
      Object.prototype.toString.call(entry) === '[object Arguments]'
        ? { kind: 'gtag' as const, value: Array.from(entry as IArguments), at: times[index]! }
        : { kind: 'object' as const, value: entry, at: times[index]! },
    );
  });
}

const updates = async (page: Page) => (await dataLayer(page)).filter(({ kind, value }) => kind === 'gtag' && (value as unknown[])[1] === 'update').map(({ value }) => (value as unknown[])[2]);

test.describe('Google Consent Mode on the demo', () => {
  test('the first dataLayer entry is the default, an arguments object with all seven signals, before any config', async ({ page }) => {
    await watchDataLayer(page);
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => thirdPartyLog(page)).toContain('gtag-config');
    const layer = await dataLayer(page);
    expect(layer[0]).toMatchObject({ kind: 'gtag', value: ['consent', 'default', { ...DENIED, wait_for_update: 500 }] });
    const configAt = layer.findIndex(({ kind, value }) => kind === 'gtag' && (value as unknown[])[0] === 'config');
    expect(configAt).toBeGreaterThan(0);
    const updateAt = layer.findIndex(({ kind, value }) => kind === 'gtag' && (value as unknown[])[1] === 'update');
    expect(updateAt).toBeGreaterThan(0);
    expect(updateAt).toBeLessThan(configAt); // the update precedes the scripts it allows
    expect(layer.find(({ kind }) => kind === 'object')?.value).toEqual({
      event: 'assent-change',
      assent: { necessary: true, functional: true, analytics: true, marketing: true },
    });
  });

  test('Accept all, Reject all and Customize each send exactly the mapped signals', async ({ page }) => {
    await watchDataLayer(page);
    await page.goto('/privacy.html');
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await page.evaluate(() => window.assent.rejectAll());
    await page.evaluate(() => window.assent.update({ analytics: true }));
    expect(await updates(page)).toEqual([
      { ...DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', analytics_storage: 'granted', functionality_storage: 'granted' },
      DENIED,
      { ...DENIED, analytics_storage: 'granted' },
    ]);
  });

  test('a returning shopper’s update arrives within wait_for_update (500 ms) of the default', async ({ page, context }) => {
    await page.goto('/privacy.html');
    await page.evaluate(() => window.assent.update({ analytics: true }));
    await page.close();
    const returning = await context.newPage();
    await watchDataLayer(returning);
    await returning.goto('/privacy.html');
    await returning.evaluate(() => window.assent.ready);
    const layer = await dataLayer(returning);
    const update = layer.find(({ kind, value }) => kind === 'gtag' && (value as unknown[])[1] === 'update')!;
    expect(update.value).toEqual(['consent', 'update', { ...DENIED, analytics_storage: 'granted' }]);
    expect(update.at - layer[0]!.at).toBeLessThan(500);
  });
});

test.describe('regions', () => {
  test('US-CA gets the opt-out notice and optional code runs; DE and an unknown region get the opt-in banner', async ({ page }) => {
    await page.goto('/?region=US-CA');
    const notice = banner(page);
    await expect(notice.getByRole('button', { name: 'Do Not Sell or Share My Personal Information' })).toBeVisible();
    await expect(notice.getByRole('button', { name: 'OK' })).toBeVisible();
    await expect(notice.getByRole('button', { name: 'Accept all' })).toHaveCount(0);
    await expect.poll(() => thirdPartyLog(page)).toContain('pixel');

    for (const url of ['/?region=DE', '/']) {
      await page.goto(url);
      await expect(banner(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
      await expect(banner(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
      expect(await page.evaluate(() => window.assent.granted('marketing'))).toBe(false);
    }
    expect(await thirdPartyLog(page)).toEqual([]);
  });

  test('the footer opt-out link opens the preference center, where marketing can be switched off', async ({ page }) => {
    await page.goto('/?region=US-CA');
    await expect.poll(() => thirdPartyLog(page)).toContain('pixel');
    await page.getByRole('button', { name: 'Do Not Sell or Share My Personal Information' }).last().click();
    const preferences = page.getByRole('dialog', { name: 'Privacy preferences' });
    await expect(preferences).toBeVisible();
    await expect(preferences.getByRole('switch', { name: 'Marketing' })).toBeChecked();
    await preferences.getByRole('switch', { name: 'Marketing' }).uncheck();
    // The pixel ran, so withdrawing marketing reloads the page once.
    await Promise.all([page.waitForEvent('load'), preferences.getByRole('button', { name: 'Save choices' }).click()]);
    expect(await page.evaluate(() => window.assent.ready.then((state) => state?.decisions['marketing']))).toBe(false);
  });
});

test.describe('Global Privacy Control', () => {
  test.use({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
  test.beforeEach(async ({ page }) => {
    // Chromium implements neither: the signal is set as a browser that sends it would.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
  });

  test('opt-out region: recorded as method gpc without a click, proven to the endpoint, and the marketing script never runs', async ({ page }) => {
    const demo = await demoWithEndpoint();
    try {
      await page.goto(`${demo.url}?region=US-CA`);
      await expect(banner(page).getByRole('status')).toHaveText('Opt-Out Request Honored');
      const state = await page.evaluate(() => window.assent.ready.then(() => window.assent.state));
      expect(state).toMatchObject({ method: 'gpc', gpc: true, decisions: { analytics: true, functional: true, marketing: false } });
      await expect.poll(() => thirdPartyLog(page)).toContain('reviews-module');
      await page.waitForLoadState('networkidle');
      expect(await thirdPartyLog(page)).not.toContain('pixel');
      await expect.poll(async () => (await demo.rows()).map(({ record, secGpc }) => [record.method, secGpc])).toEqual([['gpc', true]]);
      await page.getByRole('link', { name: 'Cookie settings' }).click();
      await expect(page.getByRole('dialog', { name: 'Privacy preferences' }).getByRole('status')).toHaveText('Opt-Out Request Honored');
    } finally {
      await demo.dispose();
    }
  });

  test('opt-in region: Accept all leaves marketing denied; switching it on grants it', async ({ page }) => {
    await page.goto('/privacy.html?region=DE');
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    expect(await page.evaluate(() => window.assent.state?.decisions)).toMatchObject({ analytics: true, marketing: false });
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    const preferences = page.getByRole('dialog', { name: 'Privacy preferences' });
    await expect(preferences.getByRole('status')).toHaveText('Opt-Out Request Honored');
    await preferences.getByRole('switch', { name: 'Marketing' }).check();
    await preferences.getByRole('button', { name: 'Save choices' }).click();
    expect(await page.evaluate(() => window.assent.state)).toMatchObject({ method: 'custom', gpc: true, decisions: { marketing: true } });
  });
});

test('two pages of one shopper: accepting in one hides the other’s banner and runs its gated scripts; withdrawing there reloads the other', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto('/');
  await second.goto('/');
  await expect(banner(second)).toBeVisible();
  expect(await thirdPartyLog(second)).toEqual([]);
  await banner(first).getByRole('button', { name: 'Accept all' }).click();
  await expect(banner(second)).toBeHidden();
  await expect.poll(() => thirdPartyLog(second)).toContain('pixel');
  await expect.poll(() => thirdPartyLog(second)).toContain('reviews-module');

  let reloads = 0;
  second.on('load', () => reloads++);
  await first.evaluate(() => window.assent.update({ marketing: false }).then(() => undefined)).catch(() => undefined); // the first reloads too
  await expect.poll(() => reloads).toBe(1);
  await second.waitForLoadState('networkidle');
  expect(await thirdPartyLog(second)).not.toContain('pixel');
  expect(await second.evaluate(() => window.assent.granted('marketing'))).toBe(false);
});

test('a page that names a platform loads the bridge part and tells the platform each decision', async ({ page }) => {
  const parts: string[] = [];
  page.on('request', (request) => {
    const file = new URL(request.url()).pathname.split('/').pop()!;
    if (file.startsWith('assent-')) parts.push(file);
  });
  // A WooCommerce store's WP Consent API, as the plugin defines it (recording what it is told).
  await page.addInitScript(() => {
    const told: Array<[string, string]> = [];
    Object.assign(window, { wpTold: told, wp_set_consent: (category: string, value: string) => void told.push([category, value]) });
  });
  await page.goto('/privacy.html');
  await expect(banner(page)).toBeVisible();
  expect(parts).not.toContain('assent-platform.js');
  await page.evaluate(() => document.querySelector('assent-consent')!.setAttribute('platform', 'wordpress'));
  await expect.poll(() => parts).toContain('assent-platform.js');
  await banner(page).getByRole('button', { name: 'Reject all' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { wpTold: Array<[string, string]> }).wpTold))
    .toEqual(expect.arrayContaining([['marketing', 'deny'], ['statistics', 'deny']]));
  expect(await page.evaluate(() => (window as unknown as { wp_consent_type?: string }).wp_consent_type)).toBe('optin');
});
