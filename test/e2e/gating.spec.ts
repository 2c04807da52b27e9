import { expect, test, type Locator, type Page } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 8181);
/** The demo's stand-in vendors: another port and another site (see demo/server.mjs). */
const THIRD_PARTY = `http://127.0.0.1:${PORT + 1}`;

/** Every gated script of the demo, by the name it logs. */
const ALL_SCRIPTS = ['tag-manager', 'tag-manager:child', 'tag-manager:marketing', 'gtag.js', 'gtag-config', 'pixel', 'chat', 'reviews-module'];
const MARKETING_FILES = ['pixel.js', 'tag-manager-marketing.js', 'video.html'];

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const preferences = (page: Page) => page.getByRole('dialog', { name: 'Privacy preferences' });
const thirdPartyLog = (page: Page) => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? []);

/** Records every request to the third-party origin, by file name. */
function watchThirdParty(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === THIRD_PARTY) requests.push(url.pathname.slice(1));
  });
  return requests;
}

/**
 * The demo storefront at `path`, as the demo server serves `/`, with `markup` added at the end of
 * its main content: parsed by the browser like the shop's own markup. Chromium counts a page
 * fulfilled here as a public one and would block its requests to this machine (Local Network
 * Access), so the page's other requests are fulfilled here too, with what the servers answer.
 */
async function storefrontWith(page: Page, path: string, markup: string): Promise<void> {
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === THIRD_PARTY || url.pathname !== path) return route.fulfill({ response: await route.fetch() });
    const response = await route.fetch({ url: new URL('/', url).href });
    return route.fulfill({ response, body: (await response.text()).replace('</main>', `${markup}</main>`) });
  });
}

/** Every request to the third-party origin, by path and query, in the order they were made. */
function watchThirdPartyUrls(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === THIRD_PARTY) requests.push(url.pathname.slice(1) + url.search);
  });
  return requests;
}

/** Where an element sits on the page, whatever was scrolled in between. */
function boxInPage(locator: Locator) {
  return locator.evaluate((element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    return { x: x + scrollX, y: y + scrollY, width, height };
  });
}

/** Lets every gated script that could run, run (the slowest stand-in answers after 150 ms). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

/** The scripts that must keep the browser's order: each one waits for those before it. */
function expectBrowserOrder(log: string[]): void {
  const position = (name: string) => log.indexOf(name);
  for (const name of ALL_SCRIPTS) expect(log.filter((entry) => entry === name), name).toHaveLength(1);
  expect(position('tag-manager')).toBeLessThan(position('gtag.js'));
  expect(position('gtag.js')).toBeLessThan(position('gtag-config'));
  expect(position('gtag-config')).toBeLessThan(position('pixel'));
  expect(position('tag-manager')).toBeLessThan(position('tag-manager:child'));
  // A module script is deferred: it runs after the ordered scripts.
  expect(position('pixel')).toBeLessThan(position('reviews-module'));
}

test.describe('gating on the demo storefront', () => {
  // storefrontWith() passes the page's requests through: a vendor script still loading when a test
  // ends (gtag.js is served with a delay) must not fail it.
  test.afterEach(async ({ page }) => {
    if (!page.isClosed()) await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  test('contacts no third party before a decision, nor after Reject all, nor after a reload', async ({ page }) => {
    const requests = watchThirdParty(page);
    await page.goto('/');
    await expect(banner(page)).toBeVisible();
    await settle(page);
    expect(requests).toEqual([]);
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await settle(page);
    await page.reload();
    await settle(page);
    expect(requests).toEqual([]);
    expect(await thirdPartyLog(page)).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  test('after Accept all every gated script runs exactly once, in document order, and the video loads', async ({ page }) => {
    const requests = watchThirdParty(page);
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => thirdPartyLog(page)).toHaveLength(ALL_SCRIPTS.length);
    await settle(page);
    const log = await thirdPartyLog(page);
    expectBrowserOrder(log);
    expect(log).toContain('gtag-config'); // not 'gtag-config-without-library': the inline config waited for gtag.js
    expect([...requests].sort()).toEqual(
      ['chat.js', 'gtag.js', 'pixel.js', 'reviews.mjs', 'tag-manager-child.js', 'tag-manager-marketing.js', 'tag-manager.js', 'video.html'].sort(),
    );
    await expect(page.locator('iframe[title="Winter collection film"]')).toHaveAttribute('src', `${THIRD_PARTY}/video.html`);
  });

  test('Customize → analytics only runs analytics and contacts no marketing vendor', async ({ page }) => {
    const requests = watchThirdParty(page);
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Customize' }).click();
    await preferences(page).getByRole('switch', { name: 'Analytics' }).check();
    await preferences(page).getByRole('button', { name: 'Save choices' }).click();
    await expect.poll(() => thirdPartyLog(page)).toContain('reviews-module');
    await settle(page);
    expect(requests.filter((file) => MARKETING_FILES.includes(file))).toEqual([]);
    // The analytics vendors load in parallel: the order among them is the network's, except that
    // the tag manager runs before the child script it adds.
    const ran = await thirdPartyLog(page);
    expect([...ran].sort()).toEqual(['gtag-config', 'gtag.js', 'reviews-module', 'tag-manager', 'tag-manager:child']);
    expect(ran.indexOf('tag-manager')).toBeLessThan(ran.indexOf('tag-manager:child'));
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  test('gated elements inserted after load are held back the same way and run in their order after Accept all', async ({ page }) => {
    const requests = watchThirdParty(page);
    await page.goto('/spa.html'); // adds the storefront's gated tags from a <template> after load
    await expect.poll(() => page.locator('script[type="text/plain"]').count()).toBe(6);
    await settle(page);
    expect(requests).toEqual([]);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => thirdPartyLog(page)).toHaveLength(ALL_SCRIPTS.length);
    await settle(page);
    expectBrowserOrder(await thirdPartyLog(page));
  });

  test('gated elements added after the grant run at once, in their order', async ({ page, context }) => {
    await page.goto('/');
    await page.evaluate(() => window.assent.acceptAll());
    await page.close();
    const returning = await context.newPage();
    await returning.goto('/');
    await expect.poll(() => thirdPartyLog(returning)).toHaveLength(ALL_SCRIPTS.length);
    await returning.evaluate((origin) => {
      const later = ['late-1', 'late-2'].map(
        (name) => `<script type="text/plain" data-consent="analytics">(window.thirdPartyLog ||= []).push('${name}')</script>`,
      );
      document.body.insertAdjacentHTML('beforeend', `<script type="text/plain" data-consent="analytics" src="${origin}/gtag.js?delay=200"></script>${later.join('')}`);
    }, THIRD_PARTY);
    await expect.poll(async () => (await thirdPartyLog(returning)).slice(ALL_SCRIPTS.length)).toEqual(['gtag.js', 'late-1', 'late-2']);
  });

  test('the video placeholder keeps the iframe’s box, names it, and its button loads it and records the grant', async ({ page }) => {
    const requests = watchThirdParty(page);
    await page.goto('/');
    const placeholder = page.getByRole('group', { name: 'Winter collection film' });
    await expect(placeholder).toContainText('Marketing');
    const held = await boxInPage(page.locator('assent-embed'));
    await placeholder.getByRole('button', { name: 'Allow Marketing and load' }).click();
    const frame = page.locator('iframe[title="Winter collection film"]');
    await expect(frame).toHaveAttribute('src', `${THIRD_PARTY}/video.html`);
    await expect(page.frameLocator('iframe[title="Winter collection film"]').getByText('Winter collection video')).toBeVisible();
    expect(await boxInPage(frame)).toEqual(held);
    const state = await page.evaluate(() => window.assent.state);
    expect(state?.decisions).toMatchObject({ marketing: true, analytics: false });
    expect(state?.method).toBe('custom');
    await settle(page);
    expect(requests).not.toContain('gtag.js');
  });

  test('an iframe’s data-srcdoc and a video’s data-poster are neither fetched nor rendered before consent, and are after Accept all', async ({ page }) => {
    const requests = watchThirdPartyUrls(page);
    await storefrontWith(
      page,
      '/held-media.html',
      `<iframe data-consent="marketing" title="Lookbook" width="320" height="180"
               data-srcdoc="<p>Lookbook from a vendor</p><img src='${THIRD_PARTY}/lookbook.png?from=srcdoc' alt=''>"></iframe>
       <video data-consent="marketing" data-poster="${THIRD_PARTY}/poster.png?from=data-poster" width="320" height="180"></video>`,
    );
    await page.goto('/held-media.html');
    await expect(banner(page)).toBeVisible();
    await expect(page.getByRole('group', { name: 'Lookbook' })).toBeVisible(); // the placeholder, not the iframe
    await settle(page);
    expect(requests).toEqual([]);
    await expect(page.locator('iframe[title="Lookbook"]')).toHaveCount(0);
    await expect(page.locator('video[data-consent]')).not.toHaveAttribute('poster');

    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect(page.frameLocator('iframe[title="Lookbook"]').getByText('Lookbook from a vendor')).toBeVisible();
    await expect.poll(() => requests).toEqual(expect.arrayContaining(['lookbook.png?from=srcdoc', 'poster.png?from=data-poster']));
    await expect(page.locator('video[data-consent]')).toHaveAttribute('poster', `${THIRD_PARTY}/poster.png?from=data-poster`);
  });

  test('a plain srcdoc or poster on a gated element is reported and taken away: after Accept all the iframe shows its data-src, not the srcdoc', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' && message.text().startsWith('[assent] <')) warnings.push(message.text()); // about elements
    });
    const requests = watchThirdPartyUrls(page);
    await storefrontWith(
      page,
      '/plain-media.html',
      `<iframe data-consent="marketing" title="Lookbook" data-src="${THIRD_PARTY}/video.html?from=data-src"
               srcdoc="<p>Lookbook facade</p><img src='${THIRD_PARTY}/facade.png?from=srcdoc' alt=''>"></iframe>
       <video data-consent="marketing" poster="${THIRD_PARTY}/poster.png?from=plain-poster"></video>`,
    );
    await page.goto('/plain-media.html');
    await expect(banner(page)).toBeVisible();
    await settle(page);
    expect(warnings).toEqual([
      `[assent] <iframe data-consent="marketing" src="${THIRD_PARTY}/video.html?from=data-src"> has srcdoc, which the browser loads before consent: write data-srcdoc instead. Assent took it away; data-src loads once allowed.`,
      '[assent] <video data-consent="marketing"> has poster, which the browser loads before consent: write data-poster instead. Assent took it away; data-poster loads once allowed.',
    ]);
    // What the browser fetched while parsing, before Assent saw the element, cannot be taken back
    // (docs/gating.md); what follows the grant is the held-back attribute's.
    const beforeGrant = requests.length;

    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    const frame = page.locator('iframe[title="Lookbook"]');
    await expect(frame).toHaveAttribute('src', `${THIRD_PARTY}/video.html?from=data-src`);
    await expect(page.frameLocator('iframe[title="Lookbook"]').getByText('Winter collection video')).toBeVisible();
    await expect(frame).not.toHaveAttribute('srcdoc');
    await expect(page.locator('video[data-consent]')).toHaveAttribute('poster', `${THIRD_PARTY}/poster.png?from=plain-poster`);
    await settle(page);
    const afterGrant = requests.slice(beforeGrant);
    expect(afterGrant).toContain('video.html?from=data-src');
    expect(afterGrant).toContain('poster.png?from=plain-poster');
    expect(afterGrant).not.toContain('facade.png?from=srcdoc');
  });
});
