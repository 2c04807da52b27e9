import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEMO_ADMIN_TOKEN as DASHBOARD_TOKEN, startDashboard } from '../../demo/dashboard.mjs';

// The consent-insights dashboard at /admin, in Chromium, against the real endpoint and its real
// /api/stats on a SQLite database seeded with shoppers whose figures are known (below).

const DAY_MS = 24 * 60 * 60 * 1000;
/** The UTC day the test runs on; the browser's clock is fixed to its noon, so the presets cannot straddle midnight. */
const TODAY = new Date().toISOString().slice(0, 10);
const day = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);

/** The subject of a signed-in customer who used two browsers (E and H). */
const SUBJECT = 'Xq3vJ8dE2kP0aL7nR5tY1wZ9cB4mF6hG2sK8uQ0xVbN';

type Shopper = { id: string; variant: string | null; mode: 'opt-in' | 'opt-out'; region: string; language: string; policyVersion?: string; subject?: string };
type Decision = [daysAgo: number, method: string, analytics: boolean, marketing: boolean, gpc?: boolean];

const shopper = (variant: string | null, mode: Shopper['mode'], region: string, language: string, extra: Partial<Shopper> = {}): Shopper => ({
  id: randomUUID(),
  variant,
  mode,
  region,
  language,
  ...extra,
});

const A = shopper('a', 'opt-in', 'DE', 'de');
const B = shopper('b', 'opt-in', 'DE', 'de');
const C = shopper('a', 'opt-out', 'US-CA', 'en');
const D = shopper('b', 'opt-out', 'US-CA', 'en');
const E = shopper('a', 'opt-in', 'FR', 'fr', { subject: SUBJECT });
const F = shopper('b', 'opt-in', 'DE', 'de', { policyVersion: '2026-09' });
const G = shopper('b', 'opt-out', 'US-CA', 'en');
const H = shopper('a', 'opt-in', 'FR', 'fr', { subject: SUBJECT });
const I = shopper(null, 'opt-in', 'DE', 'de');
const J = shopper(null, 'opt-in', 'DE', 'de');
const K = shopper('a', 'opt-in', 'DE', 'de');

/**
 * In the order received. Today: A B C D H → 5 shoppers, analytics 3/5, marketing 1/5, one withdrawal.
 * 7 days: + E F G (and H's first decision) → 8 shoppers, 9 decisions, analytics 4/8, marketing 3/8.
 * 30 days: + I J → 10 shoppers, 11 decisions, analytics 4/10, marketing 3/10; the 30 days before: K alone.
 */
const DECISIONS: Array<[Shopper, Decision]> = [
  [K, [40, 'accept-all', true, true]],
  [I, [20, 'reject-all', false, false]],
  [J, [20, 'reject-all', false, false]],
  [E, [3, 'accept-all', true, true]],
  [F, [3, 'reject-all', false, false]],
  [G, [3, 'custom', false, true]],
  [H, [3, 'accept-all', true, true]],
  [A, [0, 'accept-all', true, true]],
  [B, [0, 'reject-all', false, false]],
  [C, [0, 'custom', true, false]],
  [D, [0, 'gpc', true, false, true]],
  [H, [0, 'withdraw', false, false]],
];

function seedRecords() {
  const revisions = new Map<string, number>();
  return DECISIONS.map(([{ id, variant, mode, region, language, policyVersion = '2026-11', subject = null }, [daysAgo, method, analytics, marketing, gpc = false]]) => {
    const revision = (revisions.get(id) ?? 0) + 1;
    revisions.set(id, revision);
    const receivedAt = `${day(-daysAgo)}T11:00:00.000Z`;
    const record = {
      id,
      revision,
      timestamp: receivedAt,
      expiresAt: new Date(Date.parse(receivedAt) + 180 * DAY_MS).toISOString(),
      policyVersion,
      decisions: { necessary: true, analytics, marketing },
      method,
      gpc,
      language,
      url: 'https://shop.example/',
      region,
      subject,
      client: 'assent/0.2.0',
      mode,
      ...(variant === null ? {} : { variant }),
    };
    return { receivedAt, record };
  });
}

let endpoint: Awaited<ReturnType<typeof startDashboard>>;

test.beforeAll(async () => {
  endpoint = await startDashboard({ records: seedRecords() });
});
test.afterAll(async () => {
  await endpoint?.close();
});

/** What went wrong on the page: CSP violations, script errors and console errors (failed requests included). */
interface PageTrouble {
  violations: string[];
  errors: string[];
}
let trouble: PageTrouble;

test.use({ locale: 'en-US', timezoneId: 'UTC' });

test.beforeEach(async ({ page }) => {
  trouble = { violations: [], errors: [] };
  await page.exposeFunction('reportViolation', (text: string) => void trouble.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') trouble.errors.push(`${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => void trouble.errors.push(error.message));
  await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00Z`));
});

test.afterEach(() => {
  expect(trouble.violations, 'Content-Security-Policy violations').toEqual([]);
  expect(trouble.errors, 'errors in the console').toEqual([]);
});

/** Takes the console errors a test provoked on purpose (a refused request), so that no other is hidden. */
function expectConsoleError(pattern: RegExp) {
  const index = trouble.errors.findIndex((error) => pattern.test(error));
  expect(index, `a console error matching ${pattern} in ${JSON.stringify(trouble.errors)}`).toBeGreaterThanOrEqual(0);
  trouble.errors.splice(index, 1);
}

const tokenInput = (page: Page) => page.getByLabel('Admin token');

async function signIn(page: Page) {
  await page.goto(`${endpoint.url}admin`);
  await tokenInput(page).fill(DASHBOARD_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Key figures' })).toBeVisible();
}

/** The text of every row of a table (header cells included), as shown. */
async function rowsOf(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell as HTMLElement).innerText.trim())));
}

const table = (page: Page, caption: string) => page.getByRole('table', { name: caption, exact: true });
const categories = (page: Page) => table(page, 'Shoppers allowing each category');
const periodButton = (page: Page, name: string) => page.getByRole('group', { name: 'Period' }).getByRole('button', { name, exact: true });

/** Shares as the table view shows them: [category, shoppers asked, allowing, share]. */
async function shares(page: Page) {
  return (await rowsOf(categories(page))).map((row) => row.slice(0, 4));
}

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map(({ id, impact, nodes }) => `${id} (${impact}): ${nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A CSV file's lines as fields (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const lines: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (field += '"'), (index += 1);
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') fields.push(field), (field = '');
    else if (char === '\r' && text[index + 1] === '\n') {
      fields.push(field), lines.push(fields), (fields = []), (field = ''), (index += 1);
    } else field += char;
  }
  return lines;
}

/** How the table view shows a CSV value of the given column. */
function shown(value: string, column: string): string {
  if (value === '') return '–';
  if (/share|allowed/i.test(column)) return `${(Number(value) * 100).toFixed(1)}%`;
  if (column === 'Change') return `${Number(value) > 0 ? '+' : Number(value) < 0 ? '-' : ''}${Math.abs(Number(value) * 100).toFixed(1)} pp`;
  if (column === 'Day (UTC)') return new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(value));
  return /^-?\d+$/.test(value) ? Number(value).toLocaleString('en') : value;
}

test.describe('the consent-insights dashboard', () => {
  test('signs in with the admin token only: a wrong one gets an error and no session', async ({ page, context }) => {
    await page.goto(`${endpoint.url}admin`);
    await tokenInput(page).fill(`${DASHBOARD_TOKEN}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('That is not the admin token.');
    expectConsoleError(/status of 401.*\/admin\/session$/);
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual([]);
    await expect(page.getByRole('heading', { name: 'Key figures' })).toHaveCount(0);

    await tokenInput(page).fill(DASHBOARD_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Key figures' })).toBeVisible();
    const [session] = await context.cookies();
    expect(session).toMatchObject({ name: 'assent_admin', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session!.expires * 1000 - Date.now()).toBeGreaterThan(7.9 * 60 * 60 * 1000);
    // The token went in a POST body and stayed there: not in the address, not in the page's storage.
    expect(page.url()).toBe(`${endpoint.url}admin`);
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
    expect(stored).toBe('[{},{},""]');
    await expect(tokenInput(page)).toHaveCount(0);

    // A reload keeps the session.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Key figures' })).toBeVisible();
  });

  test('shows the seeded shares in its table view, and the period switch changes them', async ({ page }) => {
    await signIn(page);
    await expect(periodButton(page, '30 days')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => shares(page)).toEqual([
      ['analytics', '10', '4', '40.0%'],
      ['marketing', '10', '3', '30.0%'],
    ]);
    expect((await rowsOf(categories(page))).map((row) => row.slice(4))).toEqual([
      ['100.0%', '-60.0 pp'],
      ['100.0%', '-70.0 pp'],
    ]);
    expect(await rowsOf(table(page, 'Key figures'))).toEqual([
      ['Decisions', '11', '–', '1', '–'],
      ['Shoppers', '10', '–', '1', '–'],
      ['With Global Privacy Control', '1', '10.0%', '0', '0.0%'],
      ['Withdrawn', '1', '10.0%', '0', '0.0%'],
      ['On an old policy version', '1', '10.0%', '0', '0.0%'],
    ]);
    // Each variant's shares, with the shoppers behind them.
    const variants = await rowsOf(table(page, 'By variant'));
    expect(variants.sort()).toEqual([
      ['a', '4', '75.0%', '50.0%', '0'],
      ['b', '4', '25.0%', '25.0%', '1'],
      ['no variant', '2', '0.0%', '0.0%', '0'],
    ]);
    expect(await rowsOf(table(page, 'By regime'))).toEqual([
      ['opt-in', '7', '28.6%', '28.6%', '0'],
      ['opt-out', '3', '66.7%', '33.3%', '1'],
    ]);

    await periodButton(page, '7 days').click();
    await expect(periodButton(page, '7 days')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => shares(page)).toEqual([
      ['analytics', '8', '4', '50.0%'],
      ['marketing', '8', '3', '37.5%'],
    ]);

    await periodButton(page, 'Today').click();
    await expect.poll(() => shares(page)).toEqual([
      ['analytics', '5', '3', '60.0%'],
      ['marketing', '5', '1', '20.0%'],
    ]);
    await expect(page.getByText(/^\w{3} \d+, \d{4} \(1 day, UTC\), compared with/)).toBeVisible();

    await periodButton(page, 'Custom').click();
    await page.getByLabel('From (UTC)').fill(day(-20));
    await page.getByLabel('To (UTC)').fill(day(-20));
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => shares(page)).toEqual([
      ['analytics', '2', '0', '0.0%'],
      ['marketing', '2', '0', '0.0%'],
    ]);
  });

  test('downloads, as CSV, exactly what its tables show', async ({ page }) => {
    await signIn(page);
    await expect.poll(() => shares(page)).toContainEqual(['analytics', '10', '4', '40.0%']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`consent-insights-${day(-29)}-to-${TODAY}.csv`);
    const [header, ...lines] = parseCsv(await readFile((await download.path())!, 'utf8'));
    expect(header).toEqual(['table', 'row', 'column', 'value']);

    const captions = ['Key figures', 'Decisions per day, by method', 'Shoppers allowing each category', 'By regime', 'By region', 'By language', 'By policy version', 'By variant', 'By method of the latest decision'];
    expect([...new Set(lines.map(([caption]) => caption))]).toEqual(captions);
    for (const caption of captions) {
      const shownTable = table(page, caption);
      const columns = await shownTable.locator('thead th').allInnerTexts();
      const fromCsv = lines.filter(([name]) => name === caption);
      const rows = await rowsOf(shownTable);
      // Every cell of the table is a line of the CSV, and the CSV has no line the table lacks.
      expect(fromCsv.length, caption).toBe(rows.length * (columns.length - 1));
      const csvRows = new Map<string, string[]>();
      for (const [, row, column, value] of fromCsv) csvRows.set(row!, [...(csvRows.get(row!) ?? []), shown(value!, column!)]);
      expect(
        rows.map(([label, ...cells]) => [label, ...cells]),
        caption,
      ).toEqual([...csvRows].map(([row, cells]) => [caption === 'Decisions per day, by method' ? shown(row, 'Day (UTC)') : row, ...cells]));
    }
  });

  test('signs out: the session ends on the server, and the old cookie gets 401 from /api/stats', async ({ page, context }) => {
    await signIn(page);
    const [session] = await context.cookies();
    const statsWithCookie = () =>
      fetch(`${endpoint.url}api/stats`, { headers: { cookie: `assent_admin=${session!.value}`, 'assent-admin': '1', 'sec-fetch-site': 'same-origin' } });
    expect((await statsWithCookie()).status).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByText('You are signed out.')).toBeVisible();
    await expect(tokenInput(page)).toBeVisible();
    expect(await context.cookies()).toEqual([]);
    expect((await statsWithCookie()).status).toBe(401);
  });

  test('the data-rights desk finds a shopper by receipt id or subject, shows the verified history, exports it, and erases after a confirmation', async ({ page }) => {
    const urls: string[] = [];
    page.on('request', (request) => void urls.push(request.url()));
    await signIn(page);
    const desk = page.locator('assent-rights-desk');

    await desk.getByRole('textbox', { name: 'Receipt id' }).fill('not-a-receipt-id');
    await desk.getByRole('button', { name: 'Look up' }).click();
    await expect(desk.getByRole('alert')).toHaveText('Receipt id must be a lower-case UUID v4.');

    await desk.getByRole('textbox', { name: 'Receipt id' }).fill(randomUUID());
    await desk.getByRole('button', { name: 'Look up' }).click();
    await expect(desk.getByRole('alert')).toHaveText('No record of this shopper.');
    expectConsoleError(/status of 404.*\/api\/export$/);

    await desk.getByRole('radio', { name: 'Subject' }).check();
    await desk.getByRole('textbox', { name: 'Subject' }).fill(SUBJECT);
    await desk.getByRole('button', { name: 'Look up' }).click();
    await expect(desk.getByRole('heading', { name: '3 records of 2 browsers' })).toBeVisible();
    expect(await rowsOf(table(page, `Browser ${H.id}`))).toEqual([
      ['1', expect.any(String), 'Accept all', 'necessary yes, analytics yes, marketing yes', '2026-11', 'off', 'kept'],
      ['2', expect.any(String), 'Withdraw', 'necessary yes, analytics no, marketing no', '2026-11', 'off', 'kept'],
    ]);
    await expect(desk.getByText('Chain intact; receipt signatures: 2 verified, 0 on erased records')).toBeVisible();
    await expect(desk.getByText('Chain intact; receipt signatures: 1 verified, 0 on erased records')).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), desk.getByRole('button', { name: 'Download JSON' }).click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.shopper).toEqual({ subject: SUBJECT });
    expect(exported.ids.map(({ id }: { id: string }) => id)).toEqual([E.id, H.id]);
    expect(exported.ids[1].records.map(({ receipt }: { receipt: { signature: string } }) => typeof receipt.signature)).toEqual(['string', 'string']);
    expect(urls.filter((url) => url.includes(SUBJECT)), 'a subject never travels in a URL').toEqual([]);

    // Erasure asks first; cancelling erases nothing.
    await desk.getByRole('radio', { name: 'Receipt id' }).check();
    await desk.getByRole('textbox', { name: 'Receipt id' }).fill(K.id);
    await desk.getByRole('button', { name: 'Look up' }).click();
    await expect(desk.getByRole('heading', { name: '1 record of 1 browser' })).toBeVisible();
    const confirm = page.getByRole('dialog', { name: "Erase this shopper's personal fields?" });
    await desk.getByRole('button', { name: 'Erase personal fields…' }).click();
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    expect((await rowsOf(table(page, `Browser ${K.id}`)))[0]!.at(-1)).toBe('kept');

    await desk.getByRole('button', { name: 'Erase personal fields…' }).click();
    await confirm.getByRole('button', { name: 'Erase' }).click();
    await expect(desk.getByRole('status')).toHaveText(/^Erased the personal fields of 1 record/);
    await expect.poll(async () => (await rowsOf(table(page, `Browser ${K.id}`)))[0]!.at(-1)).toMatch(/^erased /);
    await expect(desk.getByText('Chain intact; receipt signatures: 0 verified, 1 on erased records')).toBeVisible();
  });

  test('axe finds no violation, in light and in dark', async ({ page }) => {
    test.slow(); // four full axe runs over a page of many tables
    await page.goto(`${endpoint.url}admin`);
    await tokenInput(page).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    expectConsoleError(/status of 401/);
    await expectNoAxeViolations(page);

    await tokenInput(page).fill(DASHBOARD_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Key figures' })).toBeVisible();
    for (const button of await page.getByRole('button', { name: 'Table view' }).all()) await button.click();
    const desk = page.locator('assent-rights-desk');
    await desk.getByRole('textbox', { name: 'Receipt id' }).fill(H.id);
    await desk.getByRole('button', { name: 'Look up' }).click();
    await expect(desk.getByRole('heading', { name: '2 records of 1 browser' })).toBeVisible();

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('assent-dashboard')).toHaveJSProperty('theme', 'auto');
      await expectNoAxeViolations(page);
    }
    // The toggle, over the system's scheme, with the erasure's confirmation open.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('Theme').selectOption('Dark');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('assent-dashboard')!).colorScheme)).toBe('dark');
    await desk.getByRole('button', { name: 'Erase personal fields…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('the dashboard from the keyboard alone', () => {
  /** What has focus, through shadow roots: its tag, its type or role, and its text or name. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      if (!element || element === document.body) return null;
      const input = element as HTMLInputElement;
      /** The label's own words, without those of the control inside it. */
      const label = [...(input.labels?.[0]?.childNodes ?? [])].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('').trim();
      if (element.localName === 'input') return `input[${input.type}] ${input.type === 'radio' ? input.value : label}`;
      if (element.localName === 'select') return `select ${label}`;
      return `${element.localName} ${(element as HTMLElement).innerText.trim()}`;
    });

  async function tabTo(page: Page, target: string, key: 'Tab' | 'Shift+Tab' = 'Tab', limit = 40) {
    for (let step = 0; step < limit; step += 1) {
      await page.keyboard.press(key);
      if ((await focused(page)) === target) return;
    }
    throw new Error(`Tab never reached ${target}`);
  }

  test('Tab reaches every control, in reading order', async ({ page }) => {
    await page.goto(`${endpoint.url}admin`);
    await expect(tokenInput(page)).toBeVisible();
    const order = [];
    for (let step = 0; step < 3; step += 1) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }
    expect(order).toEqual(['select Theme', 'input[password] Admin token', 'button Sign in']);

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(DASHBOARD_TOKEN);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Key figures' })).toBeVisible();
    await page.reload(); // Tab starts again from the top of the page
    await expect(page.getByRole('heading', { name: 'Key figures' })).toBeVisible();
    const signedIn = [];
    for (let step = 0; step < 13; step += 1) {
      await page.keyboard.press('Tab');
      signedIn.push(await focused(page));
    }
    expect(signedIn).toEqual([
      'select Theme',
      'button Sign out',
      'button Today',
      'button 7 days',
      'button 30 days',
      'button Custom',
      'button Download CSV',
      'button Table view',
      'button Table view',
      'button Table view',
      'input[radio] id',
      'input[text] Receipt id',
      'button Look up',
    ]);
  });

  test('Enter and Space work every control', async ({ page }) => {
    await page.goto(`${endpoint.url}admin`);
    await tabTo(page, 'input[password] Admin token');
    await page.keyboard.type(DASHBOARD_TOKEN);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Key figures' })).toBeVisible();
    await page.reload(); // Tab starts again from the top of the page
    await expect.poll(() => shares(page)).toContainEqual(['analytics', '10', '4', '40.0%']);
    await tabTo(page, 'select Theme');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('assent-dashboard')).toHaveAttribute('theme', 'light');

    await tabTo(page, 'button 7 days');
    await page.keyboard.press('Enter');
    await expect.poll(() => shares(page)).toContainEqual(['analytics', '8', '4', '50.0%']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    await expect(periodButton(page, 'Today')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => shares(page)).toContainEqual(['analytics', '5', '3', '60.0%']);

    await tabTo(page, 'button Custom');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('input[date] From (UTC)');
    const [year, month, date] = day(-20).split('-');
    await page.keyboard.type(`${month}${date}${year}`);
    await tabTo(page, 'input[date] To (UTC)'); // through the day picker's own button
    await page.keyboard.type(`${month}${date}${year}`);
    await tabTo(page, 'button Show');
    await page.keyboard.press('Enter');
    await expect.poll(() => shares(page)).toContainEqual(['analytics', '2', '0', '0.0%']);

    await tabTo(page, 'button Download CSV');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe(`consent-insights-${day(-20)}-to-${day(-20)}.csv`);

    await tabTo(page, 'button Table view');
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: 'Table view' }).first()).toHaveAttribute('aria-pressed', 'true');
    await expect(table(page, 'Key figures')).toBeVisible();

    await tabTo(page, 'input[radio] id');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'Subject' })).toBeChecked();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('radio', { name: 'Receipt id' })).toBeChecked();
    await page.keyboard.press('Tab');
    await page.keyboard.type(J.id);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: '1 record of 1 browser' })).toBeVisible();

    await tabTo(page, 'button Download JSON');
    const [exported] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(JSON.parse(await readFile((await exported.path())!, 'utf8')).ids[0].id).toBe(J.id);

    await tabTo(page, 'button Erase personal fields…');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog');
    await expect(confirm).toBeVisible();
    expect(await focused(page)).toBe('button Cancel');
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    expect(await focused(page)).toBe('button Erase personal fields…');
    await page.keyboard.press('Space');
    await expect(confirm).toBeVisible();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button Erase');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toHaveText(/^Erased the personal fields of 1 record/);

    await tabTo(page, 'button Sign out', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(tokenInput(page)).toBeVisible();
  });
});
