import { expect, test, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../helpers/chromium.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8181);
const THIRD_PARTY = `http://127.0.0.1:${PORT + 1}`;

// The shop under a host name with a parent domain, so that the pixel's cookies land on both
// www.shop.localtest (host-only) and shop.localtest (parent domain), as on a real shop.
test.use({
  baseURL: `http://www.shop.localtest:${PORT}`,
  launchOptions: chromiumLaunchOptions('MAP *.localtest 127.0.0.1'),
});

const thirdPartyLog = (page: Page) => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? []);

test('withdrawing marketing deletes _fbp and _gcl_au on host and parent domain, reloads once, and nothing of marketing runs after', async ({ page, context }) => {
  await page.goto('/');
  await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => thirdPartyLog(page)).toContain('pixel');
  const cookies = await context.cookies();
  expect(cookies.filter(({ name }) => name === '_fbp').map(({ domain }) => domain)).toEqual(['.shop.localtest']);
  expect(cookies.filter(({ name }) => name === '_gcl_au').map(({ domain }) => domain)).toEqual(['www.shop.localtest']);
  expect(await page.evaluate(() => localStorage.getItem('_gcl_ls'))).toBe('demo');

  const marketingRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${THIRD_PARTY}/pixel.js`) || request.url().startsWith(`${THIRD_PARTY}/tag-manager-marketing.js`)) marketingRequests.push(request.url());
  });
  let loads = 0;
  page.on('load', () => loads++);
  await page.getByRole('link', { name: 'Cookie settings' }).click();
  const preferences = page.getByRole('dialog', { name: 'Privacy preferences' });
  await preferences.getByRole('switch', { name: 'Marketing' }).uncheck();
  await preferences.getByRole('button', { name: 'Save choices' }).click();

  await expect.poll(() => loads).toBe(1);
  await page.waitForLoadState('networkidle');
  await expect.poll(() => thirdPartyLog(page)).toContain('reviews-module');
  expect(await thirdPartyLog(page)).not.toContain('pixel');
  expect(await thirdPartyLog(page)).not.toContain('tag-manager:marketing');
  expect(marketingRequests).toEqual([]);
  const names = (await context.cookies()).map(({ name }) => name);
  expect(names).not.toContain('_fbp');
  expect(names).not.toContain('_gcl_au');
  expect(await page.evaluate(() => localStorage.getItem('_gcl_ls'))).toBeNull();
  expect(await page.evaluate(() => window.assent.state?.decisions)).toMatchObject({ analytics: true, marketing: false });
  await page.waitForTimeout(500);
  expect(loads).toBe(1); // reloaded once, not again
});
