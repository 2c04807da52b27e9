import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { assentFiles, fixture, THIRD_PARTY } from './fixture-pages.js';

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });

/** The diagnostics as printed: the group's title, then each section's title with its table's rows. */
function diagnosticsOf(page: Page) {
  const printed: { title?: string; sections: Array<{ title: string; rows: unknown[] }> } = { sections: [] };
  const pending: Promise<void>[] = [];
  const read = async (message: ConsoleMessage) => {
    const text = message.text();
    if (message.type() === 'startGroup' && text.startsWith('[assent] diagnostics')) printed.title = text;
    else if (printed.title && message.type() === 'info') printed.sections.push({ title: text, rows: [] });
    else if (printed.title && message.type() === 'table') printed.sections.at(-1)!.rows = (await message.args()[0]!.jsonValue()) as unknown[];
  };
  page.on('console', (message) => void pending.push(read(message)));
  return async (): Promise<{ title?: string; sections: Record<string, unknown[]> }> => {
    await expect.poll(() => printed.sections.length, { timeout: 20_000 }).toBe(3);
    await Promise.all(pending);
    return { title: printed.title, sections: Object.fromEntries(printed.sections.map(({ title, rows }) => [title.replace(/:.*$/, ''), title.endsWith('none') ? [] : rows])) };
  };
}

test.describe('in-page diagnostics', () => {
  test.afterEach(async ({ page }) => {
    if (!page.isClosed()) await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  test('?assent-debug prints what reached other sites and what was stored before consent, and the warnings so far', async ({ page }) => {
    const printed = diagnosticsOf(page);
    await page.goto(`${await fixture(page, 'before-consent.html')}?assent-debug`);
    await expect(banner(page)).toBeVisible();
    const diagnosis = await printed();
    expect(diagnosis.title).toBe('[assent] diagnostics: what happened before consent (no optional category has been granted yet)');
    const requests = diagnosis.sections['Requests to other sites that were not held back'] as Array<Record<string, unknown>>;
    expect(requests.map(({ url, initiator, declared }) => ({ url, initiator, declared }))).toEqual(
      expect.arrayContaining([
        { url: `${THIRD_PARTY}/video.html`, initiator: 'iframe', declared: 'not declared' },
        { url: `${THIRD_PARTY}/collect?beacon`, initiator: 'beacon', declared: 'not declared' },
        // Fetched through the preload link that the gate puts ahead of a released script.
        { url: `${THIRD_PARTY}/chat.js?necessary`, initiator: 'link', declared: 'necessary' },
      ]),
    );
    // Held back, and the shop's own site (Assent's files among it), are not listed.
    expect(requests).toHaveLength(3);
    expect(requests.every((row) => typeof row['started'] === 'number')).toBe(true);
    expect(diagnosis.sections['Cookies and storage keys that are not Assent’s own']).toEqual([
      { storage: 'cookie', name: 'cart', declared: 'necessary' },
      { storage: 'cookie', name: '_ga', declared: 'analytics' },
      { storage: 'cookie', name: 'ab_test', declared: 'not declared' },
      { storage: 'localStorage', name: 'recently_viewed', declared: 'not declared' },
    ]);
    expect(diagnosis.sections['Configuration warnings']).toEqual([
      { warning: '<assent-consent max-age-days="400"> is invalid (expected a whole number from 1 to 395); using 180.' },
    ]);
  });

  test('the debug attribute does the same, and what comes after the first consent is left out', async ({ page }) => {
    const files = assentFiles(page);
    const printed = diagnosticsOf(page);
    const path = await fixture(page, 'before-consent.html', { DEBUG: ' debug' });
    // The ungated iframe holds back the page's load event, and so its settling, until the shopper has decided.
    let decided!: () => void;
    const decision = new Promise<void>((resolve) => (decided = resolve));
    await page.route('**/video.html', async (route) => {
      await decision;
      await route.fallback();
    });
    await page.goto(path, { waitUntil: 'domcontentloaded' });
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    decided();
    await expect.poll(() => page.evaluate(() => document.cookie)).toContain('_fbp=');
    const diagnosis = await printed();
    expect(diagnosis.title).toMatch(/^\[assent\] diagnostics: what happened before consent \(until the first consent, \d+ ms after the page started\)$/);
    const urls = (diagnosis.sections['Requests to other sites that were not held back'] as Array<{ url: string }>).map(({ url }) => url);
    expect(urls).toContain(`${THIRD_PARTY}/video.html`);
    expect(urls).not.toContain(`${THIRD_PARTY}/pixel.js`); // released by Accept all
    const names = (diagnosis.sections['Cookies and storage keys that are not Assent’s own'] as Array<{ name: string }>).map(({ name }) => name);
    expect(names).toEqual(['cart', '_ga', 'ab_test', 'recently_viewed']); // not the pixel's _fbp, _gcl_au, _gcl_ls
    expect(files.filter((file) => file === 'assent-debug.js')).toHaveLength(1);
  });
});
