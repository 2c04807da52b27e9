// Regenerates docs/screenshot.png (README): the demo storefront with the banner, and the preference center.
import { chromium } from '@playwright/test';
import { startDemoServer } from '../demo/server.mjs';

const server = await startDemoServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await page.goto(server.url);
  await page.getByRole('region', { name: 'Cookie consent' }).waitFor();
  await page.screenshot({ path: 'docs/screenshot.png' });
  await page.getByRole('button', { name: 'Customize' }).click();
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
  await page.screenshot({ path: 'docs/preferences.png' });
  console.log('wrote docs/screenshot.png and docs/preferences.png');
} finally {
  await browser.close();
  await server.close();
}
