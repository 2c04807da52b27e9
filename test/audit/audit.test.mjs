// `assent audit`, run as a shop runs it: the built command in a child process, against real pages
// on real servers — the demo storefront, and broken shops from test/fixtures/audit/ — with its
// exit code, terminal summary and JSON report checked. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemoServer } from '../../demo/server.mjs';
import { startFixtureServer } from './fixture-server.mjs';

const CLI = new URL('../../dist/node/audit/cli.js', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'assent-audit-'));
let reports = 0;

after(() => rmSync(scratch, { recursive: true, force: true }));

/** The fixture pages are small and local: half the default quiet time is plenty for them. */
const FAST = ['--wait', '500'];

/**
 * `assent <args>` in a child process; resolves to its exit code, output and, with `json: true`,
 * the report it wrote with --json.
 */
function assent(args, { json = false, env = {} } = {}) {
  const file = join(scratch, `report-${++reports}.json`);
  const argv = [CLI, ...args, ...(json ? ['--json', file] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, report: json && code !== 2 ? JSON.parse(readFileSync(file, 'utf8')) : undefined }));
  });
}

const fileName = (url) => new URL(url).pathname.split('/').at(-1);

/** A port of this machine that nothing listens on (it was free a moment ago). */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const failures = (report) => report.findings.filter(({ severity }) => severity === 'fail');

describe('assent audit on the demo storefront', () => {
  let demo;
  let shop;

  before(async () => {
    demo = await startDemoServer({ port: 0, database: ':memory:', databaseUrl: '', rateLimit: false });
    // Visited by name, while the stand-in vendors answer by IP: another site, as real vendors are.
    shop = `http://localhost:${demo.port}/`;
  });

  after(() => demo?.close());

  test('exits 0 with every pass clean, and lists the gated vendors under their categories after Accept all', async () => {
    const html = join(scratch, 'demo.html');
    const { code, stdout, report } = await assent(['audit', shop, '--html', html, '--declare'], { json: true });
    assert.deepEqual(failures(report), [], stdout);
    assert.equal(code, 0, stdout);
    assert.equal(report.exitCode, 0);
    assert.deepEqual(
      report.passes.map(({ id, ok }) => [id, ok]),
      ['first-visit', 'reject-all', 'accept-all', 'only-functional', 'only-analytics', 'only-marketing', 'gpc', 'returning-after-reject', 'withdrawal'].map((id) => [id, true]),
    );
    assert.equal(report.assent.regime, 'opt-in');
    assert.equal(report.assent.consentMode, true);

    const accepted = report.passes.find(({ id }) => id === 'accept-all');
    const byCategory = Object.fromEntries(
      Object.entries(accepted.vendorsByCategory).map(([category, vendors]) => [category, vendors.flatMap(({ vendor, urls }) => urls.map((url) => `${vendor} ${fileName(url)}`)).sort()]),
    );
    const vendor = demo.thirdPartyOrigin;
    assert.deepEqual(byCategory, {
      analytics: [`${vendor} gtag.js`, `${vendor} reviews.mjs`, `${vendor} tag-manager-child.js`, `${vendor} tag-manager.js`],
      marketing: [`${vendor} pixel.js`, `${vendor} tag-manager-marketing.js`, `${vendor} video.html`],
      functional: [`${vendor} chat.js`],
    });
    // Nothing reached another site before the choice, nor after Reject all.
    for (const id of ['first-visit', 'reject-all', 'returning-after-reject']) assert.deepEqual(report.passes.find((pass) => pass.id === id).requests, [], id);
    // Consent Mode: denied by default, granted as decided.
    assert.equal(report.passes.find(({ id }) => id === 'first-visit').consentMode.effective.ad_storage, 'denied');
    assert.equal(accepted.consentMode.effective.ad_storage, 'granted');
    assert.equal(report.passes.find(({ id }) => id === 'only-analytics').consentMode.effective.ad_storage, 'denied');
    // The first layer offered Accept all and Reject all alike.
    const { accept, reject } = report.passes[0].banner;
    assert.deepEqual([reject.box.width, reject.box.height, reject.style], [accept.box.width, accept.box.height, accept.style]);

    assert.match(stdout, /Every rule holds \(exit code 0\)/);
    assert.match(stdout, /<assent-category name="marketing" cookies="_fbp _gcl_\*" sale><\/assent-category>/);
    const page = readFileSync(html, 'utf8');
    assert.equal(page.match(/src="data:image\/jpeg;base64,/g)?.length, report.passes.length, 'a screenshot of every pass');
    assert.doesNotMatch(page, /<script/i);
  });

  test('in the opt-out regime, Global Privacy Control opts out without a click and the notice says "Opt-Out Request Honored"', async () => {
    const { code, stdout, report } = await assent(['audit', `${shop}?region=US-CA`], { json: true });
    assert.deepEqual(failures(report), [], stdout);
    assert.equal(code, 0, stdout);
    assert.equal(report.assent.regime, 'opt-out');
    const gpc = report.passes.find(({ id }) => id === 'gpc');
    assert.equal(gpc.gpc, true);
    assert.equal(gpc.state.method, 'gpc');
    assert.equal(gpc.state.decisions.marketing, false);
    assert.deepEqual(
      gpc.requests.map(({ url }) => fileName(url)).filter((file) => ['pixel.js', 'video.html', 'tag-manager-marketing.js'].includes(file)),
      [],
    );
  });
});

describe('assent audit on broken shops', () => {
  let fixtures;

  before(async () => {
    fixtures = await startFixtureServer();
  });

  after(() => fixtures?.close());

  test('an ungated pixel: exit 1, naming the pixel and its origin before any choice and after Reject all', async () => {
    const { code, stdout, report } = await assent(['audit', fixtures.page('ungated-pixel.html'), ...FAST], { json: true });
    assert.equal(code, 1, stdout);
    const before = failures(report).filter(({ rule, pass }) => rule === 'before-consent' && pass === 'first-visit');
    assert.ok(before.some(({ origin, message }) => origin === fixtures.vendorOrigin && message.includes('pixel.js')), stdout);
    assert.ok(before.some(({ message }) => message.includes('cookie "_fbp"')), stdout);
    assert.ok(failures(report).some(({ rule, message }) => rule === 'after-reject' && message.includes('_fbp')), stdout);
    assert.match(stdout, new RegExp(`\\[before-consent\\] Before any choice: .*${fixtures.vendorOrigin.replaceAll('.', '\\.')}: pixel\\.js`));
  });

  test('a Reject all that does not persist (the page deletes IndexedDB on load): exit 1, naming the script that deleted it', async () => {
    const { code, stdout, report } = await assent(['audit', fixtures.page('reject-forgotten.html'), ...FAST], { json: true });
    assert.equal(code, 1, stdout);
    const [forgotten] = failures(report).filter(({ rule }) => rule === 'reject-persists');
    assert.ok(forgotten, stdout);
    assert.equal(forgotten.pass, 'returning-after-reject');
    assert.match(forgotten.message, /assent\.state is null/);
    assert.match(forgotten.message, /indexedDB\.deleteDatabase\("assent"\) by http:\/\/localhost:\d+\/clear-storage\.js/);
    assert.equal(forgotten.origin, new URL(fixtures.page('')).origin);
    assert.deepEqual(failures(report).filter(({ rule }) => rule === 'before-consent' || rule === 'after-reject'), []);
  });

  test('a Google tag in <head> before Assent with Consent Mode: exit 1, naming the tag, its commands and its origin', async () => {
    const { code, stdout, report } = await assent(['audit', fixtures.page('consent-mode-late.html'), ...FAST], { json: true });
    assert.equal(code, 1, stdout);
    const [late] = failures(report).filter(({ rule, pass }) => rule === 'consent-mode' && pass === 'first-visit');
    assert.ok(late, stdout);
    assert.match(late.message, /before the Consent Mode default: gtag\('js'\), gtag\('config', 'G-FIXTURE'\)/);
    assert.ok(late.message.includes(`${fixtures.vendorOrigin}/gtag.js`), late.message);
    assert.equal(late.origin, fixtures.vendorOrigin);
  });

  test('Reject all styled small and pale next to Accept all: exit 1, saying how they differ', async () => {
    const { code, stdout, report } = await assent(['audit', fixtures.page('unequal-choices.html'), ...FAST], { json: true });
    assert.equal(code, 1, stdout);
    const unequal = failures(report).filter(({ rule }) => rule === 'equal-choices').map(({ message }) => message);
    assert.ok(unequal.some((message) => message.includes('font-size 12px instead of 16px')), stdout);
    assert.ok(unequal.some((message) => /Reject all has a contrast of [\d.]+:1, below WCAG's 4\.5:1/.test(message)), stdout);
  });

  test('Assent uploaded without its main script: exit 1, Assent never ready, and what ran meanwhile', async () => {
    const { code, stdout, report } = await assent(['audit', fixtures.page('head-only.html'), ...FAST, '--timeout', '3000'], { json: true });
    assert.equal(code, 1, stdout);
    assert.deepEqual(report.passes.map(({ id }) => id), ['first-visit']);
    assert.ok(failures(report).some(({ rule, message }) => rule === 'assent-ready' && message.includes('did not become ready within 3 s')), stdout);
    assert.ok(failures(report).some(({ rule, origin }) => rule === 'before-consent' && origin === fixtures.vendorOrigin), stdout);
  });

  test('a page without any banner: exit 1, listing what ran (only observed, one visit)', async () => {
    const { code, stdout, report } = await assent(['audit', fixtures.page('no-banner.html'), ...FAST], { json: true });
    assert.equal(code, 1, stdout);
    assert.equal(report.assent.found, false);
    assert.deepEqual(report.passes.map(({ id }) => id), ['first-visit']);
    const ran = failures(report).filter(({ rule }) => rule === 'without-banner').map(({ message }) => message);
    assert.ok(ran.some((message) => message.includes(fixtures.vendorOrigin) && message.includes('gtag.js') && message.includes('pixel.js')), stdout);
    assert.ok(ran.some((message) => message.includes('cookie "_ga"') && message.includes('Google Analytics')), stdout);
    assert.ok(ran.some((message) => message.includes('cookie "_fbp"') && message.includes('Meta Pixel')), stdout);
    assert.match(stdout, /Assent: not on this page/);
  });
});

describe('the command line', () => {
  const noStack = (text) => assert.doesNotMatch(text, /^\s+at /m);

  test('npx assent audit --help explains the command, its options and exit codes', async () => {
    const { code, stdout } = await assent(['audit', '--help']);
    assert.equal(code, 0);
    for (const text of ['Usage: npx assent audit <url> [options]', '--json FILE', '--html FILE', '--declare', '--allow HOST', 'CHROME_PATH', 'Exit codes: 0']) assert.ok(stdout.includes(text), text);
  });

  test('npx assent alone lists the commands', async () => {
    const { code, stdout } = await assent([]);
    assert.equal(code, 0);
    assert.match(stdout, /audit <url>/);
  });

  test('a user\'s mistake gets a clear message and exit code 2, never a stack trace', async () => {
    const fixtures = await startFixtureServer();
    const refused = `http://127.0.0.1:${await closedPort()}/`;
    try {
      const cases = [
        [['audit'], /Missing the page to audit/],
        [['audit', 'ftp://shop.example/'], /only http:\/\/ and https:\/\/ URLs/],
        [['audit', 'http://shop example/'], /is not a valid URL/],
        [['audit', refused], /Could not load http:\/\/127\.0\.0\.1:\d+\/: net::ERR_CONNECTION_REFUSED/],
        [['audit', fixtures.page('missing.html')], /answered HTTP 404/],
        [['audit', fixtures.page('no-banner.html'), '--wait', 'soon'], /--wait takes a number of milliseconds/],
        [['audit', fixtures.page('no-banner.html'), '--json', join(scratch, 'no/such/folder/report.json')], /the folder .* does not exist/],
        [['audit', fixtures.page('no-banner.html'), '--colour'], /Unknown option '--colour'/],
        [['audi', 'https://shop.example/'], /Unknown command "audi"/],
      ];
      for (const [args, message] of cases) {
        const { code, stderr } = await assent(args);
        assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
        assert.match(stderr, message);
        noStack(stderr);
      }
    } finally {
      await fixtures.close();
    }
  });

  test('without a browser it says where it looked and exits 2; it never downloads one', async () => {
    const { code, stderr } = await assent(['audit', 'https://shop.example/'], { env: { CHROME_PATH: join(scratch, 'no-chrome') } });
    assert.equal(code, 2);
    assert.match(stderr, /CHROME_PATH is set to .*no-chrome, which does not exist/);
    noStack(stderr);
  });
});
