import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../helpers/chromium.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8181);

// A shop served over plain http under its own host name: the page is not a secure context.
test.use({
  baseURL: `http://shop.test:${PORT}`,
  launchOptions: chromiumLaunchOptions('MAP shop.test 127.0.0.1'),
});

test('records and keeps a decision on a plain-http page, where crypto.randomUUID is missing', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => [window.isSecureContext, typeof crypto.randomUUID])).toEqual([false, 'undefined']);
  await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' }).click();
  const id = await page.evaluate(() => window.assent.state?.id);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await page.reload();
  expect(await page.evaluate(async () => (await window.assent.ready)?.id)).toBe(id);
});
