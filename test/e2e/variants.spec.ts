import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoWithEndpoint } from './demo-with-endpoint.js';

// Presentation variants on the demo storefront with the reference endpoint: `variants` picks one
// per browser and keeps it, the record carries it (and the regime), and Assent's own banner keeps
// Accept and Reject equal in every variant.

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });

/** What makes two buttons look alike: box and computed style. */
async function looks(button: Locator) {
  const box = await button.boundingBox();
  const style = await button.evaluate((element) => {
    const computed = getComputedStyle(element);
    return ['color', 'backgroundColor', 'fontSize', 'fontWeight', 'borderTopWidth', 'borderTopColor', 'borderTopLeftRadius', 'paddingTop', 'paddingLeft'].map((name) => computed[name as never]);
  });
  return { width: Math.round(box!.width), height: Math.round(box!.height), style };
}

test.describe('presentation variants', () => {
  let demo: Awaited<ReturnType<typeof demoWithEndpoint>>;
  test.beforeAll(async () => {
    demo = await demoWithEndpoint();
  });
  test.afterAll(async () => demo.dispose());

  test('keeps the browser’s variant across reloads, and the endpoint stores it with the decision and the regime', async ({ page }) => {
    await page.goto(`${demo.url}?variants=calm+bold&region=DE`);
    const host = page.locator('assent-consent');
    await expect(host).toHaveAttribute('data-variant', /^(calm|bold)$/);
    const chosen = (await host.getAttribute('data-variant'))!;
    for (let reload = 0; reload < 3; reload += 1) {
      await page.reload();
      await expect(banner(page)).toBeVisible();
      await expect(host).toHaveAttribute('data-variant', chosen);
    }
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(async () => (await demo.records()).length).toBe(1);
    const [record] = await demo.records();
    expect(record).toMatchObject({ method: 'accept-all', variant: chosen, mode: 'opt-in' });
  });

  for (const variant of ['calm', 'bold']) {
    test(`shows Reject all on the first layer, equal to Accept all, in variant ${variant}`, async ({ page }) => {
      await page.addInitScript((kept) => localStorage.setItem('assent-variant', kept), variant);
      await page.goto(`${demo.url}?variants=calm+bold&region=DE`);
      await expect(page.locator('assent-consent')).toHaveAttribute('data-variant', variant);
      const accept = banner(page).getByRole('button', { name: 'Accept all' });
      const reject = banner(page).getByRole('button', { name: 'Reject all' });
      await expect(reject).toBeVisible();
      expect(await looks(reject)).toEqual(await looks(accept));
    });
  }
});
