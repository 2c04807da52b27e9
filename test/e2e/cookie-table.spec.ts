import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { demoWithEndpoint } from './demo-with-endpoint.js';

// <assent-cookie-table> on the demo's privacy page: what it lists, that it is loaded only there,
// and the receipt the reference endpoint signed for the shopper's decision.

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const table = (page: Page) => page.getByRole('table', { name: 'Your privacy choices' });
const preferences = (page: Page) => page.getByRole('dialog', { name: 'Privacy preferences' });

/** Each body row as [category, cookies, choice]. */
const rows = (page: Page) =>
  table(page)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!.trim(), [...tr.querySelectorAll('code')].map((code) => code.textContent).join(' '), tr.lastElementChild!.textContent!.trim()]));

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map(({ id, impact, nodes }) => `${id} (${impact}): ${nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('the cookie table on the privacy page', () => {
  test.use({ reducedMotion: 'reduce' });

  test('lists the categories with their cookies and the shopper\'s choice; Change opens the preference center', async ({ page }) => {
    await page.goto('/privacy.html');
    await expect(table(page)).toBeVisible();
    await expect(table(page).getByRole('columnheader')).toHaveText(['Category', 'Purpose', 'Cookies', 'Your choice']);
    expect(await rows(page)).toEqual([
      ['Strictly necessary', '', 'Always on'],
      ['Functional', '', 'Not allowed'],
      ['Analytics', '_ga _ga_* _gid', 'Not allowed'],
      ['Marketing', '_fbp _gcl_*', 'Not allowed'],
    ]);
    await expect(banner(page)).toBeVisible();
    await expectNoAxeViolations(page);

    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => rows(page).then((all) => all.map((row) => row[2]))).toEqual(['Always on', 'Allowed', 'Allowed', 'Allowed']);

    const change = page.locator('assent-cookie-table').getByRole('button', { name: 'Change' });
    await change.click();
    await expect(preferences(page)).toBeVisible();
    await preferences(page).getByRole('switch', { name: 'Marketing' }).uncheck();
    await preferences(page).getByRole('button', { name: 'Save choices' }).click();
    await expect(preferences(page)).toBeHidden();
    await expect(change).toBeFocused();
    await expect.poll(() => rows(page).then((all) => all.map((row) => row[2]))).toEqual(['Always on', 'Allowed', 'Allowed', 'Not allowed']);
    await expectNoAxeViolations(page);
  });

  test('is no configuration mistake: the privacy page with the table warns nothing', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' && message.text().startsWith('[assent]')) warnings.push(message.text());
    });
    await page.goto('/privacy.html');
    await expect(table(page)).toBeVisible();
    // The markup is looked over when the browser is idle: an idle callback asked for now runs after that.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })));
    await page.waitForTimeout(500);
    expect(warnings).toEqual([]);
  });

  test('is loaded only on a page that has one: the shop page loads no table, the privacy page loads it after the UI part', async ({ page }) => {
    const parts: string[] = [];
    page.on('request', (request) => {
      const name = new URL(request.url()).pathname.split('/').pop()!;
      if (/^assent-(ui|cookie-table|preferences)\.js$/.test(name)) parts.push(name);
    });
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expect(banner(page)).toBeHidden();
    await page.reload();
    await page.evaluate(() => window.assent.ready);
    await page.waitForTimeout(300);
    expect(parts.filter((name) => name === 'assent-cookie-table.js')).toEqual([]);

    // A returning shopper on the privacy page: no banner, but the table, with its part after the UI part.
    parts.length = 0;
    await page.goto('/privacy.html');
    await expect(table(page)).toBeVisible();
    await expect(banner(page)).toBeHidden();
    expect(parts).toEqual(['assent-ui.js', 'assent-cookie-table.js']);
    expect(await rows(page).then((all) => all.map((row) => row[2]))).toEqual(['Always on', 'Not allowed', 'Not allowed', 'Not allowed']);
  });
});

test.describe('the cookie table on a phone', () => {
  test.use({ viewport: { width: 375, height: 667 }, reducedMotion: 'reduce' });

  test('stacks each category as a card and stays a table for assistive technology, within the screen', async ({ page }) => {
    await page.goto('/privacy.html');
    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    await expect(table(page)).toBeVisible();
    // Still a table with its rows, cells and headers, though laid out as cards.
    await expect(table(page).getByRole('row')).toHaveCount(5);
    await expect(table(page).getByRole('rowheader')).toHaveText(['Strictly necessary', 'Functional', 'Analytics', 'Marketing']);
    await expect(table(page).getByRole('columnheader')).toHaveCount(4);
    const analytics = table(page).locator('tr[data-category="analytics"]');
    const [name, choice] = await Promise.all([analytics.locator('th').boundingBox(), analytics.locator('[part="choice"]').boundingBox()]);
    expect(Math.abs(name!.y - choice!.y)).toBeLessThan(4);
    expect(choice!.x).toBeGreaterThan(name!.x);
    const host = (await page.locator('assent-cookie-table').boundingBox())!;
    expect(await page.locator('assent-cookie-table').evaluate((element) => element.shadowRoot!.querySelector('.surface')!.scrollWidth <= element.clientWidth)).toBe(true);
    expect(host.x + host.width).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(page);
  });
});

test.describe('the cookie table with the reference endpoint', () => {
  let demo: Awaited<ReturnType<typeof demoWithEndpoint>>;
  test.beforeEach(async () => {
    demo = await demoWithEndpoint();
  });
  test.afterEach(async () => {
    await demo.dispose();
  });

  test('shows "Not yet confirmed", then the id of the receipt the endpoint signed for the decision', async ({ page }) => {
    await page.goto(`${demo.url}privacy.html`);
    const receipt = page.locator('assent-cookie-table [part="receipt"]');
    await expect(receipt).toHaveText(/Receipt\s*Not yet confirmed/);

    await banner(page).getByRole('button', { name: 'Reject all' }).click();
    const state = (await page.evaluate(() => window.assent.state))!;
    await expect(receipt.locator('code')).toHaveText(state.id);
    const kept = (await page.evaluate(() => window.assent.receipt()))!;
    expect([kept.receipt.id, kept.receipt.revision]).toEqual([state.id, state.revision]);
    await expect(receipt.locator('time')).toHaveAttribute('datetime', kept.receipt.receivedAt);
    // What the endpoint stored under that id.
    expect((await demo.records()).map(({ id, revision, method }) => [id, revision, method])).toEqual([[state.id, state.revision, 'reject-all']]);
    await expectNoAxeViolations(page);
  });
});
