// `npm run screenshots`: renders the demo storefront with the banner and with the preference
// center, in the light and dark themes, in Arabic (right to left) and on a 375 px phone, and the
// endpoint's consent-insights dashboard on sample data in light and dark, into
// docs/screenshots/*.png for the README.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { DEMO_ADMIN_TOKEN, sampleRecords, startDashboard } from '../demo/dashboard.mjs';
import { startDemoServer } from '../demo/server.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const looks = [
  { name: 'light', query: '?theme=light', viewport: DESKTOP },
  { name: 'dark', query: '?theme=dark', viewport: DESKTOP, colorScheme: 'dark' },
  { name: 'arabic-rtl', query: '?theme=light&lang=ar', viewport: DESKTOP },
  { name: 'phone', query: '?theme=light', viewport: PHONE, isMobile: true, deviceScaleFactor: 2 },
];

mkdirSync('docs/screenshots', { recursive: true });
const server = await startDemoServer({ port: 0 });
const dashboard = await startDashboard({ records: sampleRecords() });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const { name, query, viewport, colorScheme = 'light', isMobile = false, deviceScaleFactor = 1 } of looks) {
    const context = await browser.newContext({ viewport, colorScheme, isMobile, deviceScaleFactor, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${server.url}${query}`);
    const banner = page.locator('assent-banner [role="region"]');
    await banner.waitFor();
    await page.screenshot({ path: `docs/screenshots/${name}-banner.png` });
    // "Customize" is the third choice in every language.
    await banner.getByRole('button').nth(2).click();
    await page.locator('assent-preferences dialog[open]').waitFor();
    await page.screenshot({ path: `docs/screenshots/${name}-preferences.png` });
    await context.close();
    console.log(`wrote docs/screenshots/${name}-banner.png and ${name}-preferences.png`);
  }
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1075 }, colorScheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${dashboard.url}admin`);
    await page.getByLabel('Admin token').fill(DEMO_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Shoppers allowing each category' }).waitFor();
    await page.screenshot({ path: `docs/screenshots/dashboard-${colorScheme}.png` });
    await context.close();
    console.log(`wrote docs/screenshots/dashboard-${colorScheme}.png`);
  }
} finally {
  await browser.close();
  await server.close();
  await dashboard.close();
}
