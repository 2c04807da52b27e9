import { expect, test, type Page } from '@playwright/test';
import { ALL_DENIED } from '../helpers/consent-mode.js';
import { assentFiles, fixture } from './fixture-pages.js';

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const thirdPartyLog = (page: Page) => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? []);

/** Holds `assent.iife.js` back until the test lets it through, so the head part runs alone. */
async function holdMainScript(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assent/assent.iife.js', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test.describe('the head part (assent-head.js) loading the rest without blocking', () => {
  test('sends the Consent Mode default first, lets the page finish parsing, and hands over to the main script', async ({ page }) => {
    const releaseMain = await holdMainScript(page);
    await page.goto('/', { waitUntil: 'domcontentloaded' });

    // The page is parsed and shown while the main script is still on its way; gated code is inert.
    expect(await page.evaluate(() => document.readyState)).not.toBe('loading');
    expect(await page.evaluate(() => Array.from((window as unknown as { dataLayer: IArguments[] }).dataLayer[0]!))).toEqual([
      'consent',
      'default',
      { ...ALL_DENIED, wait_for_update: 500 },
    ]);
    expect(await thirdPartyLog(page)).toEqual([]);

    // The early window.assent answers what it knows and keeps the rest for the main script.
    expect(await page.evaluate(() => [window.assent.state, window.assent.granted('analytics'), window.assent.granted('necessary')])).toEqual([null, false, true]);
    await page.evaluate(() => {
      const early = window.assent;
      Object.assign(window, { earlyApi: early, earlyLog: [] as string[] });
      const log = (window as unknown as { earlyLog: string[] }).earlyLog;
      void early.ready.then((state) => log.push(`ready ${state === null ? 'null' : 'state'}`));
      void early.whenGranted('analytics').then(() => log.push('analytics granted'));
    });

    releaseMain();
    await expect(banner(page)).toBeVisible();
    await expect.poll(() => page.evaluate(() => (window as unknown as { earlyLog: string[] }).earlyLog)).toEqual(['ready null']);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { earlyLog: string[] }).earlyLog)).toEqual(['ready null', 'analytics granted']);
    await expect.poll(() => thirdPartyLog(page)).toContain('gtag-config');
    // The object the page kept forwards to the real API; the Consent Mode default went out once.
    expect(await page.evaluate(() => (window as unknown as { earlyApi: typeof window.assent }).earlyApi.state?.method)).toBe('accept-all');
    const defaults = await page.evaluate(() => (window as unknown as { dataLayer: IArguments[] }).dataLayer.filter((entry) => entry[0] === 'consent' && entry[1] === 'default').length);
    expect(defaults).toBe(1);
  });

  test('runs a decision asked for before the main script arrived, once it has', async ({ page }) => {
    const releaseMain = await holdMainScript(page);
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await page.evaluate(() => void window.assent.rejectAll());
    releaseMain();
    // A programmatic decision is recorded with method `api` (docs/api.md).
    await expect.poll(() => page.evaluate(() => window.assent.state?.method)).toBe('api');
    expect(await page.evaluate(() => window.assent.state?.decisions)).toMatchObject({ analytics: false, marketing: false });
    await expect(banner(page)).toBeHidden();
    await page.reload();
    await page.evaluate(() => window.assent.ready);
    expect(await page.evaluate(() => window.assent.state?.method)).toBe('api');
    expect(await thirdPartyLog(page)).toEqual([]);
  });

  test('works under the strict Content-Security-Policy: the main script and its parts carry the nonce', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    await page.goto('/strict-csp.html?lang=de');
    await expect(page.getByRole('region', { name: 'Cookie-Einwilligung' })).toBeVisible();
    expect(await page.locator('script[src$="/assent/assent.iife.js"]').evaluate((script: HTMLScriptElement) => Boolean(script.nonce))).toBe(true);
    expect(violations).toEqual([]);
  });
});

test.describe('the main script alone (assent.iife.js as the one tag)', () => {
  test('sends the Consent Mode default before anything else, shows the banner and runs the gated tags on Accept all', async ({ page }) => {
    await page.goto('/?loading=single');
    expect(await page.locator('script[src$="/assent/assent-head.js"]').count()).toBe(0);
    expect(await page.evaluate(() => Array.from((window as unknown as { dataLayer: IArguments[] }).dataLayer[0]!))).toEqual([
      'consent',
      'default',
      { ...ALL_DENIED, wait_for_update: 500 },
    ]);
    await expect(banner(page)).toBeVisible();
    expect(await thirdPartyLog(page)).toEqual([]);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => thirdPartyLog(page)).toEqual(expect.arrayContaining(['tag-manager', 'gtag.js', 'gtag-config', 'pixel']));
    await page.reload();
    await page.evaluate(() => window.assent.ready);
    await expect(banner(page)).toBeHidden();
    await expect.poll(() => thirdPartyLog(page)).toContain('gtag-config');
  });

  test('works under the strict Content-Security-Policy', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    await page.goto('/strict-csp.html?loading=single&lang=de');
    await expect(page.getByRole('region', { name: 'Cookie-Einwilligung' })).toBeVisible();
    expect(await page.locator('script[src$="/assent/assent-head.js"]').count()).toBe(0);
    expect(violations).toEqual([]);
  });
});

test.describe('versioned asset URLs (Shopify\'s asset_url adds ?v=, WordPress ?ver=)', () => {
  /** Serves the demo storefront with Assent's tag at `src`, and records every request for Assent's files. */
  async function storefrontWithAssentAt(page: Page, src: string): Promise<string[]> {
    await page.route('**/?*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace(/src="\/assent\/assent-head\.js"/, `src="${src}"`) });
    });
    const requested: string[] = [];
    page.on('request', (request) => {
      const { pathname, search } = new URL(request.url());
      if (pathname.startsWith('/assent/')) requested.push(pathname.slice('/assent/'.length) + search);
    });
    return requested;
  }

  test('the head part finds every sibling beside it and asks for each with its own query', async ({ page }) => {
    const requested = await storefrontWithAssentAt(page, '/assent/assent-head.js?v=123');
    await page.goto('/?lang=de');
    await expect(page.getByRole('region', { name: 'Cookie-Einwilligung' })).toBeVisible();
    await page.evaluate(() => window.assent.openPreferences());
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.evaluate(() => window.assent.rejectAll()); // the endpoint's part comes with the first decision
    await expect.poll(() => [...requested].sort()).toEqual(
      ['assent-head.js?v=123', 'assent-lang-de.js?v=123', 'assent-opt-out-link.js?v=123', 'assent-preferences.js?v=123', 'assent-sync.js?v=123', 'assent-ui.js?v=123', 'assent.iife.js?v=123'],
    );
  });

  test('the main script alone does the same', async ({ page }) => {
    const requested = await storefrontWithAssentAt(page, '/assent/assent.iife.js?ver=0.2.0');
    await page.goto('/?lang=fr');
    await expect(banner(page)).toBeHidden();
    await expect(page.locator('assent-banner [role="region"]')).toHaveAttribute('lang', 'fr');
    expect(requested).toEqual(expect.arrayContaining(['assent.iife.js?ver=0.2.0', 'assent-ui.js?ver=0.2.0', 'assent-lang-fr.js?ver=0.2.0']));
    expect(requested.filter((file) => !file.endsWith('?ver=0.2.0'))).toEqual([]);
  });
});

test.describe('<assent-opt-out-link>, whose look and text come in a part of their own', () => {
  test('a page without one never asks for assent-opt-out-link.js', async ({ page }) => {
    const files = assentFiles(page);
    await page.goto(await fixture(page, 'vendor-signals.html'));
    await expect(banner(page)).toBeVisible();
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await page.waitForLoadState('networkidle');
    expect(files).toContain('assent-ui.js');
    expect(files).not.toContain('assent-opt-out-link.js');
  });

  test('the footer link shows its text and opens the preference center; one added later, or moved, works the same', async ({ page }) => {
    const files = assentFiles(page);
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    const footerLink = page.locator('assent-opt-out-link').getByRole('button', { name: 'Do Not Sell or Share My Personal Information' });
    await footerLink.click();
    const preferences = page.getByRole('dialog', { name: 'Privacy preferences' });
    await expect(preferences).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(preferences).toBeHidden();
    expect(files.filter((file) => file === 'assent-opt-out-link.js')).toHaveLength(1);

    await page.evaluate(() => {
      const added = document.createElement('assent-opt-out-link');
      added.id = 'added';
      added.textContent = 'Your privacy choices';
      document.body.append(added);
      const moved = document.querySelector('assent-opt-out-link')!;
      document.body.prepend(moved);
    });
    await page.locator('#added').getByRole('button', { name: 'Your privacy choices' }).click();
    await expect(preferences).toBeVisible();
    expect(await page.locator('body > assent-opt-out-link').first().evaluate((link) => link.shadowRoot!.querySelectorAll('button').length)).toBe(1);
    expect(files.filter((file) => file === 'assent-opt-out-link.js')).toHaveLength(1);
  });
});
