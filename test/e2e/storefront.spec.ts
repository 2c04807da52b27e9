import { expect, test, type Page } from '@playwright/test';

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const preferences = (page: Page) => page.getByRole('dialog', { name: 'Privacy preferences' });
const granted = (page: Page, category: string) => page.evaluate((name) => window.assent.granted(name), category);

/** Reads Assent's stored decision straight from IndexedDB, the way it survives a reload. */
async function storedDecision(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('assent');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const read = request.result.transaction('state').objectStore('state').get('decision');
          read.onsuccess = () => resolve(read.result);
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

test.describe('demo storefront', () => {
  test('shows the banner on a first visit, without contacting any other origin', async ({ page, baseURL }) => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== new URL(baseURL!).origin) foreign.push(request.url());
    });
    await page.goto('/');
    await expect(banner(page)).toBeVisible();
    for (const name of ['Accept all', 'Reject all', 'Customize']) {
      await expect(banner(page).getByRole('button', { name })).toBeVisible();
    }
    expect(await page.evaluate(() => window.assent.ready)).toBeNull();
    expect(await granted(page, 'analytics')).toBe(false);
    expect(foreign).toEqual([]);
  });

  test('Reject all hides the banner, and the choice survives a reload', async ({ page }) => {
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expect(banner(page)).toBeHidden();
    expect(await storedDecision(page)).toMatchObject({
      method: 'reject-all',
      policyVersion: '2026-11',
      decisions: { necessary: true, functional: false, analytics: false, marketing: false },
    });
    // Assent keeps the choice in IndexedDB, and a copy of it in localStorage for the next page's fast
    // start (docs/gating.md#the-returning-shopper); without cookie-domain the page gets no cookie from
    // it. The only cookie is the endpoint's HttpOnly assent_id (docs/endpoint.md), which scripts cannot read.
    await expect.poll(async () => (await page.context().cookies()).map(({ name, httpOnly }) => [name, httpOnly])).toEqual([['assent_id', true]]);
    expect(await page.evaluate(() => [document.cookie, Object.keys(localStorage), sessionStorage.length])).toEqual(['', ['assent_consent'], 0]);
    await page.reload();
    await page.evaluate(() => window.assent.ready);
    await expect(banner(page)).toBeHidden();
    expect(await page.evaluate(() => window.assent.state?.method)).toBe('reject-all');
    expect(await granted(page, 'marketing')).toBe(false);
  });

  test('Customize, switch analytics on, Save choices stores exactly that', async ({ page }) => {
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Customize' }).click();
    await expect(preferences(page)).toBeVisible();
    await preferences(page).getByRole('switch', { name: 'Analytics' }).check();
    expect(await page.evaluate(() => window.assent.state)).toBeNull();
    await preferences(page).getByRole('button', { name: 'Save choices' }).click();
    await expect(preferences(page)).toBeHidden();
    await expect(banner(page)).toBeHidden();
    const expected = { necessary: true, functional: false, analytics: true, marketing: false };
    expect(await storedDecision(page)).toMatchObject({ method: 'custom', revision: 1, decisions: expected });
    expect(await page.evaluate(() => window.assent.state?.decisions)).toEqual(expected);
    expect(await granted(page, 'analytics')).toBe(true);
    expect(await granted(page, 'marketing')).toBe(false);
  });

  test('the footer link reopens the preferences with the stored switches, and granted() agrees with them', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => window.assent.update({ analytics: true, marketing: false }));
    await page.reload();
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    const dialog = preferences(page);
    await expect(dialog).toBeVisible();
    for (const [label, category] of [
      ['Strictly necessary', 'necessary'],
      ['Functional', 'functional'],
      ['Analytics', 'analytics'],
      ['Marketing', 'marketing'],
    ] as const) {
      const uiSaysOn = await dialog.getByRole('switch', { name: label }).isChecked();
      expect(uiSaysOn, label).toBe(await granted(page, category));
    }
    await expect(dialog.getByRole('switch', { name: 'Analytics' })).toBeChecked();
    await expect(dialog.getByRole('switch', { name: 'Marketing' })).not.toBeChecked();
    await expect(dialog.getByRole('switch', { name: 'Strictly necessary' })).toBeDisabled();
    await dialog.getByRole('switch', { name: 'Marketing' }).check();
    await dialog.getByRole('button', { name: 'Save choices' }).click();
    expect(await granted(page, 'marketing')).toBe(true);
    expect(await page.evaluate(() => window.assent.state?.revision)).toBe(2);
  });

  test('Escape closes the preferences without deciding and returns focus to the footer link', async ({ page }) => {
    await page.goto('/');
    const link = page.getByRole('link', { name: 'Cookie settings' });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(preferences(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(preferences(page)).toBeHidden();
    await expect(link).toBeFocused();
    expect(await page.evaluate(() => window.assent.state)).toBeNull();
    await expect(banner(page)).toBeVisible();
  });

  test('announces assent-ready and assent-change on document', async ({ page }) => {
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { seen: unknown[] }).seen = seen;
      document.addEventListener('assent-ready', (event) => seen.push(['ready', (event as CustomEvent).detail]));
      document.addEventListener('assent-change', (event) => seen.push(['change', (event as CustomEvent).detail]));
    });
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    const seen = await page.evaluate(() => (window as unknown as { seen: [string, { state: { method: string } | null; previous?: unknown }][] }).seen);
    expect(seen.map(([type]) => type)).toEqual(['ready', 'change']);
    expect(seen[0]![1]).toEqual({ state: null });
    expect(seen[1]![1]).toMatchObject({ state: { method: 'accept-all' }, previous: null });
  });

  test('a second copy of the script keeps one manager and warns', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto('/');
    await page.evaluate(() => ((window as unknown as { first: unknown }).first = window.assent));
    await page.addScriptTag({ url: '/assent/assent.iife.js' });
    expect(await page.evaluate(() => window.assent === (window as unknown as { first: unknown }).first)).toBe(true);
    await expect(banner(page)).toHaveCount(1);
    expect(warnings).toContain('[assent] the script is loaded more than once; the first copy keeps working.');
  });

  test('a page without <assent-consent> warns once, grants nothing optional, and still answers ready', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.route('**/', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace(/<assent-consent[\s\S]*?<\/assent-consent>/, '') });
    });
    await page.goto('/');
    expect(await page.evaluate(() => document.querySelector('assent-consent'))).toBeNull();
    expect(await page.evaluate(() => window.assent.ready.then(() => [window.assent.granted('necessary'), window.assent.granted('analytics')]))).toEqual([true, false]);
    await expect.poll(() => warnings).toContain('[assent] no <assent-consent> element on the page; nothing optional is granted until one is added.');
    await expect(banner(page)).toHaveCount(0);
    expect(warnings.filter((warning) => warning.includes('<assent-consent>'))).toHaveLength(1);
  });

  test('without IndexedDB the banner still works for the page, with one warning, and the endpoint restores the choice on the next page', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    // Browsers without IndexedDB (some private and sandboxed contexts) are reproduced by removing it.
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    expect(await granted(page, 'analytics')).toBe(true);
    expect(warnings.filter((text) => text.includes('IndexedDB is unavailable'))).toHaveLength(1);
    await expect.poll(async () => (await page.context().cookies()).some(({ name }) => name === 'assent_id')).toBe(true); // the endpoint has it
    await page.reload();
    expect(await page.evaluate(() => window.assent.ready.then((state) => state?.method))).toBe('accept-all');
    await expect(banner(page)).toBeHidden();
    expect(await granted(page, 'analytics')).toBe(true);
  });

  test('a decision in one tab closes the banner in the other', async ({ context }) => {
    const first = await context.newPage();
    const second = await context.newPage();
    await first.goto('/');
    await second.goto('/');
    await expect(banner(second)).toBeVisible();
    await banner(first).getByRole('button', { name: 'Reject all' }).click();
    await expect(banner(second)).toBeHidden();
    expect(await second.evaluate(() => window.assent.state?.method)).toBe('reject-all');
  });

  test('a returning shopper loads no UI on a page without embeds until asking for the preference center, then the banner part and the preference center once', async ({ page, context }) => {
    await page.goto('/');
    await page.evaluate(() => window.assent.rejectAll());
    await page.close();
    // The storefront's own page has a held-back video, whose placeholder needs the UI part; the
    // privacy page has none, and without its cookie table (which needs the UI part too) it shows nothing.
    const returning = await context.newPage();
    await returning.route('**/privacy.html', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('<assent-cookie-table></assent-cookie-table>', '') });
    });
    const loads: string[] = [];
    returning.on('request', (request) => {
      const file = new URL(request.url()).pathname.split('/').pop()!;
      if (/^assent-(ui|preferences)\.js$/.test(file)) loads.push(file);
    });
    await returning.goto('/privacy.html');
    await returning.evaluate(() => window.assent.ready);
    await returning.waitForLoadState('networkidle');
    expect(loads).toEqual([]);
    await returning.getByRole('link', { name: 'Cookie settings' }).click();
    await expect(preferences(returning)).toBeVisible();
    expect(loads).toEqual(['assent-ui.js', 'assent-preferences.js']);
  });

  test('when the banner part cannot load, nothing optional is granted and the page keeps working', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.route('**/assent-ui.js', (route) => route.abort());
    await page.goto('/');
    await expect.poll(() => warnings.some((text) => text.startsWith('[assent] could not load the consent banner'))).toBe(true);
    expect(await granted(page, 'analytics')).toBe(false);
    expect(await granted(page, 'marketing')).toBe(false);
    await page.evaluate(() => window.assent.rejectAll());
    expect(await page.evaluate(() => window.assent.state?.method)).toBe('api');
  });

  test('when the preference center cannot load, it says so and the banner still offers Reject all', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.route('**/assent-preferences.js', (route) => route.abort());
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Customize' }).click();
    await expect.poll(() => warnings.some((text) => text.startsWith('[assent] could not load the preference center'))).toBe(true);
    await expect(preferences(page)).toBeHidden();
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expect(banner(page)).toBeHidden();
    expect(await page.evaluate(() => window.assent.state?.method)).toBe('reject-all');
  });
});
