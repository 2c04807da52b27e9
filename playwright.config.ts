import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/helpers/chromium.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8181);

/** End-to-end tests on the demo storefront, which loads the built `dist/assent.iife.js` like a shop. */
export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // One retry: a test that fails and then passes is reported as flaky and named in `npm test`'s
  // summary (scripts/test.mjs) instead of failing a run on a shared, noisy machine. A feature that
  // is broken fails both attempts.
  retries: 1,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: `node demo/server.mjs --port ${PORT}`,
    // A fresh SQLite consent database per run, in memory: nothing left behind in the working tree
    // or the temporary folder (even where CI sets DATABASE_URL for the server suite). Tests that
    // read what the endpoint stored start their own server (demo-with-endpoint.ts).
    env: { ASSENT_DB: ':memory:', DATABASE_URL: '' },
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    stdout: 'ignore',
  },
});
