import { expect, test, type Page } from '@playwright/test';
import { assentFiles, fixture, THIRD_PARTY } from './fixture-pages.js';

const PATTERN = 'a lower-case letter, then lower-case letters, digits, _ or -: [a-z][a-z0-9_-]*';

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });

function assentWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('[assent]')) warnings.push(message.text().slice('[assent] '.length));
  });
  return warnings;
}

test.describe('configuration warnings', () => {
  test.afterEach(async ({ page }) => {
    if (!page.isClosed()) await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  test('the demo storefront, configured correctly, warns nothing and never asks for the warnings’ texts or the diagnostics', async ({ page }) => {
    const files = assentFiles(page);
    const warnings = assentWarnings(page);
    await page.goto('/');
    await expect(banner(page)).toBeVisible();
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? [])).toContain('gtag-config');
    // The markup is looked over when the browser is idle: an idle callback asked for now runs after that.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })));
    await page.waitForTimeout(500);
    expect(warnings).toEqual([]);
    expect(files).toContain('assent.iife.js');
    expect(files).not.toContain('assent-warnings.js');
    expect(files).not.toContain('assent-debug.js');
  });

  test('a page with vendor signals on Assent’s script, <assent-consent> and <assent-category> warns nothing and never asks for the warnings’ texts', async ({ page }) => {
    const files = assentFiles(page);
    const warnings = assentWarnings(page);
    await page.goto(await fixture(page, 'vendor-signals.html'));
    await expect(banner(page)).toBeVisible();
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    // The update comes from the signals part: the attributes were read, not only tolerated.
    await expect
      .poll(() => page.evaluate(() => JSON.stringify((window as { uetq?: unknown[] }).uetq)))
      .toBe(JSON.stringify(['consent', 'default', { ad_storage: 'denied' }, 'consent', 'update', { ad_storage: 'granted' }]));
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })));
    await page.waitForTimeout(500);
    expect(warnings).toEqual([]);
    expect(files).toContain('assent-signals.js');
    expect(files).not.toContain('assent-warnings.js');
  });

  test('a page with a dozen typos gets one warning for each, with what was meant, from one load of the texts', async ({ page }) => {
    const files = assentFiles(page);
    const warnings = assentWarnings(page);
    await page.goto(await fixture(page, 'mistakes.html'));
    await expect(banner(page)).toBeVisible();
    const expected = [
      'an inline <script> runs before Assent\'s <script data-google-consent-mode>, so a Google tag may read Consent Mode before its default is set: put Assent\'s script first in <head>.',
      '<assent-consent polciy-version="2026-11"> is not an attribute of <assent-consent> (did you mean policy-version?); it is ignored.',
      '<assent-consent privacy-link="/privacy.html"> is not an attribute of <assent-consent> (did you mean privacy-url?); it is ignored.',
      `<assent-category nmae="analytics" cookies="_ga"> has no name, which is required (${PATTERN}; did you mean name="analytics" instead of nmae=…?); the category is ignored.`,
      `<assent-category name="live chat"> is not a valid category name (${PATTERN}; did you mean "live-chat"?); the category is ignored.`,
      'the category "reviews" has no label, so the preference center shows its name, in every language: add label="…" (and description="…") to <assent-category name="reviews">.',
      '<assent-categroy name="marketing" sale> is not an Assent element (did you mean <assent-category>?); it does nothing.',
      '<a href="#" data-assent-opne> has data-assent-opne, which Assent does not read (did you mean data-assent-open?); a click on it does not open the preference center.',
      `<script data-consnet="analytics" src="${THIRD_PARTY}/gtag.js"> has data-consnet, which Assent does not read (did you mean data-consent?). As it is, it never runs.`,
      `<script data-category="analytics" src="${THIRD_PARTY}/tag-manager.js"> has data-category, which another consent tool uses; Assent reads data-consent="analytics" (docs/gating.md). As it is, it never runs.`,
      '<script data-consent="analytics"> never runs: its type="text/plan" is neither text/plain, which Assent runs once allowed, nor a type the browser runs (did you mean type="text/plain"?).',
    ];
    await expect.poll(() => warnings.length).toBe(expected.length);
    // The configuration is read again on a change: nothing is said twice.
    await page.locator('assent-consent').evaluate((host) => host.setAttribute('theme', 'dark'));
    await page.waitForTimeout(300);
    expect([...warnings].sort()).toEqual([...expected].sort());
    expect(files.filter((file) => file === 'assent-warnings.js')).toHaveLength(1);
  });
});
