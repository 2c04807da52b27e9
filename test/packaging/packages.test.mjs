// The two packages as a shop gets them: `npm pack`ed, installed into an empty folder outside the
// repository, and used from what was installed only — the drop-in folder on a static host whose
// asset URLs carry `?v=123`, `npx assent-server` with SQLite, a Vite app importing 'assent', and
// every recipe in docs/recipes/ that can run here (recipes.mjs), and `npx assent audit` auditing a
// static site.
// Needs `npm run build` first (`npm test` builds before it).
import { chromium } from '@playwright/test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromiumLaunchOptions } from '../helpers/chromium.mjs';
import { npmInstall, npx, packBoth, project } from './npm.mjs';
import { ADMIN_TOKEN, startAssentServer } from './assent-server.mjs';
import { describeRecipes } from './recipes.mjs';
import { serveFolder } from './static-site.mjs';
import { waitFor } from './wait-for.mjs';
import { versionInRepository } from './versions.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'assent-packaging-'));
/** @type {Record<string, { tarball: string, files: { path: string }[], size: number, unpackedSize: number, entryCount: number }>} */
let packages;
/** The shop's project: both tarballs installed with `--omit=dev`, as in production. */
const shop = join(scratch, 'shop');
let installOutput = '';
let browser;
/** `npx assent-server`, started in the shop's folder. */
let server;

before(async () => {
  packages = await packBoth(scratch);
  project(shop);
  installOutput = await npmInstall(shop, [packages.assent.tarball, packages['assent-server'].tarball], { omitDev: true });
  server = await startAssentServer(shop);
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the tarballs', () => {
  test('assent holds what a shop or a bundler uses, and nothing else', () => {
    const files = packages.assent.files.map(({ path }) => path);
    const allowed = [
      /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|custom-elements\.json)$/,
      /^dist\/(assent|receipt)\.js$/,
      /^dist\/chunks\/[\w-]+\.js$/,
      /^dist\/drop-in\/assent[\w.-]*\.js$/,
      /^dist\/types\/[\w/.-]+\.d\.ts$/,
      /^dist\/integrity\.json$/,
      /^dist\/node\/(audit|core)\/[\w-]+\.js$/,
      /^gtm\/template\.tpl$/,
    ];
    assert.deepEqual(files.filter((file) => !allowed.some((pattern) => pattern.test(file))), []);
    for (const required of ['README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json', 'dist/assent.js', 'dist/receipt.js', 'dist/types/index.d.ts', 'dist/integrity.json', 'dist/node/audit/cli.js', 'gtm/template.tpl']) {
      assert.ok(files.includes(required), `${required} is in the tarball`);
    }
    const dropIn = files.filter((file) => file.startsWith('dist/drop-in/')).map((file) => file.slice('dist/drop-in/'.length));
    assert.deepEqual(dropIn.filter((file) => !file.startsWith('assent-lang-')).sort(), ['assent-cookie-table.js', 'assent-debug.js', 'assent-head.js', 'assent-opt-out-link.js', 'assent-platform.js', 'assent-preferences.js', 'assent-signals.js', 'assent-sync.js', 'assent-ui.js', 'assent-warnings.js', 'assent.iife.js']);
    assert.ok(dropIn.includes('assent-lang-de.js') && dropIn.includes('assent-lang-zh-Hant.js'));
  });

  test('assent-server holds its compiled code, README, LICENSE and CHANGELOG, and nothing else', () => {
    const files = packages['assent-server'].files.map(({ path }) => path);
    const allowed = [/^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/, /^dist\/[\w/.-]+\.(js|d\.ts)$/];
    assert.deepEqual(files.filter((file) => !allowed.some((pattern) => pattern.test(file))), []);
    for (const required of ['README.md', 'LICENSE', 'CHANGELOG.md', 'dist/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/admin/dashboard.js']) {
      assert.ok(files.includes(required), `${required} is in the tarball`);
    }
  });

  test('both install with --omit=dev into an empty folder without an engine or peer warning', () => {
    assert.doesNotMatch(installOutput, /EBADENGINE|ERESOLVE|peer dep/i);
    const installed = (name) => JSON.parse(readFileSync(join(shop, 'node_modules', name, 'package.json'), 'utf8'));
    assert.equal(installed('assent').version, '0.2.0');
    assert.equal(installed('assent-server').version, '0.2.0');
    // What the ES module imports came along as dependencies.
    for (const dependency of ['lit', '@lit/context', 'idb-keyval', 'playwright-core', 'fastify', 'better-sqlite3', 'pg']) assert.ok(existsSync(join(shop, 'node_modules', dependency)), dependency);
  });
});

describe('the drop-in folder on a static host, with the endpoint from npx assent-server', () => {
  let site;

  before(async () => {
    const root = join(scratch, 'site');
    cpSync(join(shop, 'node_modules', 'assent', 'dist', 'drop-in'), join(root, 'assets'), { recursive: true });
    project(root, {
      'index.html': storefront({ version: '123' }),
      'js/analytics.js': 'window.shopLog.push("analytics.js");\n',
    });
    site = await serveFolder(root, { api: server.origin });
  });

  after(() => site?.close());

  test('the server made its SQLite database in ./data/ of the folder it was started in', () => {
    assert.ok(existsSync(join(shop, 'data', 'assent.db')));
  });

  test('the banner speaks German for lang="de", gated scripts run only after Accept all, and the record is stored', async () => {
    const page = await browser.newPage();
    const posts = [];
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/consent') posts.push(response.status());
    });
    await page.goto(site.url);
    const banner = page.getByRole('region', { name: 'Cookie-Einwilligung' });
    await banner.waitFor();
    assert.deepEqual(await page.evaluate(() => window.shopLog), []);

    await banner.getByRole('button', { name: 'Alle akzeptieren' }).click();
    await page.waitForFunction(() => window.shopLog.length === 2);
    assert.deepEqual(await page.evaluate(() => window.shopLog), ['analytics.js', 'inline analytics']);
    const id = await page.evaluate(() => window.assent.state.id);

    await waitFor(() => posts.length > 0);
    assert.deepEqual(posts, [201]);
    const exported = await server.exportRecords();
    assert.deepEqual(exported.map(({ record }) => [record.id, record.revision, record.method, record.decisions.analytics, record.client]), [[id, 1, 'accept-all', true, 'assent/0.2.0']]);
    await page.close();
  });

  test("the stored record's receipt verifies with assent/receipt, as installed, against the key the server publishes", async () => {
    const [{ record, receipt }] = await server.exportRecords();
    const keys = await (await fetch(`${server.origin}/api/consent/keys`)).json();
    const check = `import { verifyReceipt } from 'assent/receipt';
      const { record, receipt, keys } = JSON.parse(process.argv[1]);
      const altered = { ...record, decisions: { ...record.decisions, analytics: !record.decisions.analytics } };
      console.log(JSON.stringify([await verifyReceipt(record, receipt, keys), (await verifyReceipt(altered, receipt, keys)).valid]));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', check, JSON.stringify({ record, receipt, keys })], { cwd: shop, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), [{ valid: true }, false]);
  });

  test('every file was asked for beside the first one, each with its ?v=123', () => {
    const assets = site.requests.filter((url) => url.startsWith('/assets/'));
    assert.deepEqual(assets.filter((url) => !url.endsWith('?v=123')), []);
    for (const file of ['assent-head.js', 'assent.iife.js', 'assent-ui.js', 'assent-lang-de.js']) assert.ok(assets.includes(`/assets/${file}?v=123`), file);
  });
});

describe('the dashboard of npx assent-server, from the installed package', () => {
  test('serves /admin under its CSP, signs in with the admin token and shows the figures', async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`${server.origin}/admin`);
    assert.match(response.headers()['content-security-policy'], /default-src 'none'; script-src 'self'/);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Key figures' }).waitFor();
    const decisions = await page.getByRole('table', { name: 'Key figures' }).locator('tbody tr').first().locator('td').first().innerText();
    assert.match(decisions, /^\d+$/, 'the decisions of the last 30 days, from /api/stats');
    assert.deepEqual(errors, [], 'no CSP violation, no failed request');
    await page.close();
  });
});

describe('npx assent audit, from the installed package', () => {
  let site;

  before(async () => {
    const root = join(scratch, 'audited-site');
    cpSync(join(shop, 'node_modules', 'assent', 'dist', 'drop-in'), join(root, 'assent'), { recursive: true });
    project(root, {
      'index.html': `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Audited shop</title>
  <script src="/assent/assent-head.js"></script>
  <script type="text/plain" data-consent="analytics" src="/js/analytics.js"></script>
</head>
<body>
  <h1>Audited shop</h1>
  <a href="#" data-assent-open>Cookie settings</a>
  <assent-consent policy-version="1" categories="analytics" privacy-url="/privacy">
    <assent-category name="analytics" cookies="_ga"></assent-category>
  </assent-consent>
</body>
</html>
`,
      'js/analytics.js': 'document.cookie = "_ga=GA1.1.1.1; path=/";\n',
    });
    site = await serveFolder(root);
  });

  after(() => site?.close());

  test('npx assent audit --help works in a shop that installed the package', async () => {
    const { output } = await npx(['assent', 'audit', '--help'], shop);
    assert.match(output, /Usage: npx assent audit <url> \[options\]/);
  });

  test('npx assent audit checks a static site with the installed drop-in scripts: exit 0, the JSON report written', async () => {
    const report = join(scratch, 'audit.json');
    const { output } = await npx(['assent', 'audit', site.url, '--json', report, '--declare'], shop);
    assert.match(output, /Every rule holds(, \d+ warnings?)? \(exit code 0\)/);
    assert.match(output, /<assent-category name="analytics" cookies="_ga"><\/assent-category>/);
    const { exitCode, passes, tool } = JSON.parse(readFileSync(report, 'utf8'));
    assert.equal(exitCode, 0);
    assert.equal(tool, 'assent audit 0.2.0');
    assert.deepEqual(passes.map(({ id }) => id), ['first-visit', 'reject-all', 'accept-all', 'only-analytics', 'gpc', 'returning-after-reject', 'withdrawal']);
  });
});

describe('a Vite app that imports { consent } from "assent"', () => {
  let site;

  before(async () => {
    const app = join(scratch, 'vite-app');
    project(app, {
      'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Vite shop</title></head>
  <body>
    <h1>Vite shop</h1>
    <assent-consent policy-version="1" categories="analytics marketing"></assent-consent>
    <script type="module" src="/src/main.js"></script>
  </body>
</html>
`,
      'src/main.js': `import { consent } from 'assent';

window.shopConsent = consent;
consent.whenGranted('analytics').then(() => {
  window.analyticsAllowed = true;
});
`,
    });
    await npmInstall(app, [packages.assent.tarball, `vite@${versionInRepository('vite')}`]);
    await npx(['vite', 'build'], app);
    site = await serveFolder(join(app, 'dist'));
  });

  after(() => site?.close());

  test('builds, shows the banner, and the imported consent is the page\'s one instance', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    const banner = page.getByRole('region', { name: 'Cookie consent' });
    await banner.waitFor();
    assert.equal(await page.evaluate(() => window.shopConsent === window.assent), true);
    assert.equal(await page.evaluate(() => window.analyticsAllowed ?? false), false);
    await banner.getByRole('button', { name: 'Accept all' }).click();
    await page.waitForFunction(() => window.analyticsAllowed === true);
    assert.equal(await page.evaluate(() => window.assent.state.method), 'accept-all');
    // Nothing was loaded from a drop-in folder: the bundle carries Assent and its parts.
    assert.deepEqual(site.requests.filter((url) => /assent-(head|ui|lang)/.test(url)), []);
    await page.close();
  });
});

describeRecipes({
  scratch,
  get tarball() {
    return packages.assent.tarball;
  },
  get browser() {
    return browser;
  },
  get server() {
    return server;
  },
  dropIn: () => join(shop, 'node_modules', 'assent', 'dist', 'drop-in'),
});

/** A storefront page in German that loads Assent from /assets/ the way a theme's asset URLs do. */
function storefront({ version }) {
  return `<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <title>Nordlicht</title>
  <script src="/assets/assent-head.js?v=${version}"></script>
  <script>window.shopLog = [];</script>
  <script type="text/plain" data-consent="analytics" src="/js/analytics.js?v=${version}"></script>
  <script type="text/plain" data-consent="analytics">window.shopLog.push('inline analytics');</script>
</head>
<body>
  <h1>Nordlicht</h1>
  <a href="#" data-assent-open>Cookie-Einstellungen</a>
  <assent-consent policy-version="2026-12" categories="analytics marketing" endpoint="/api/consent"></assent-consent>
</body>
</html>
`;
}

