import { expect } from '@open-wc/testing';
import { createConsentApi } from '../../src/core/api.js';
import type { ConsentManager } from '../../src/core/consent.js';
import { createIndexedDbOutbox } from '../../src/core/outbox.js';
import { syncToEndpoint } from '../../src/core/sync.js';
import { deepActiveElement } from '../../src/ui/focus.js';
import { mountConsent, settle, unmountAll } from '../helpers/mount.js';
import { recordWarnings } from '../helpers/warnings.js';

const CATEGORIES = `
  <assent-category name="analytics" cookies="_ga _ga_* _gid"></assent-category>
  <assent-category name="marketing" cookies="_fbp _gcl_*" sale></assent-category>`;
const TABLE = '<assent-cookie-table></assent-cookie-table>';

/** The table as the shopper reads it, row by row. */
function read(root: HTMLElement) {
  const shadow = root.querySelector('assent-cookie-table')!.shadowRoot!;
  const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  return {
    shadow,
    table: shadow.querySelector('table')!,
    caption: text(shadow.querySelector('caption')),
    headers: [...shadow.querySelectorAll('thead th')].map(text),
    rows: [...shadow.querySelectorAll('tbody tr')].map((row) => ({
      category: text(row.querySelector('th[scope="row"]')),
      purpose: text(row.querySelector('td')),
      cookies: [...row.querySelectorAll('code')].map(text),
      choice: text(row.querySelector('[part="choice"]')),
    })),
    receipt: text(shadow.querySelector('[part="receipt"]')),
    change: shadow.querySelector<HTMLButtonElement>('button[part~="button-change"]')!,
  };
}

const stops: Array<() => void> = [];

/** The page's endpoint, a bucket of the test server's own, with the real sender and outbox wired as the endpoint's part does. */
function withEndpoint() {
  const url = `/test-endpoint/b${crypto.randomUUID().replaceAll('-', '')}`;
  return {
    url,
    script: (plan: Record<string, unknown>) => fetch(`${url}/script`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(plan) }),
    receipt: (manager: ConsentManager) => {
      const warn = recordWarnings();
      const outbox = createIndexedDbOutbox(`assent-outbox-test-${crypto.randomUUID()}`, warn);
      stops.push(syncToEndpoint(manager, { outbox, warn, retry: { baseMs: 20, maxMs: 100 } }));
      const api = createConsentApi(manager, async () => outbox);
      return () => api.receipt();
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 8000; !condition(); await new Promise((resolve) => setTimeout(resolve, 25))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('<assent-cookie-table>', () => {
  afterEach(() => {
    unmountAll();
    for (const stop of stops.splice(0)) stop();
  });

  it('lists every category in a real table: label, description, declared cookies and the shopper\'s current choice', async () => {
    const { root, manager } = await mountConsent(`<assent-consent categories="functional analytics marketing">${CATEGORIES}</assent-consent>`, { before: TABLE });
    const table = read(root);
    expect(table.caption).to.equal('Your privacy choices');
    expect(table.headers).to.deep.equal(['Category', 'Purpose', 'Cookies', 'Your choice']);
    expect([...table.table.querySelectorAll('th')].every((th) => th.getAttribute('scope'))).to.equal(true);
    expect(table.rows).to.deep.equal([
      { category: 'Strictly necessary', purpose: 'Keep the shop working: your cart, checkout, security, and remembering this choice.', cookies: [], choice: 'Always on' },
      { category: 'Functional', purpose: 'Remember your preferences, such as language, region and recently viewed products.', cookies: [], choice: 'Not allowed' },
      { category: 'Analytics', purpose: 'Help us understand how the shop is used, so we can improve it.', cookies: ['_ga', '_ga_*', '_gid'], choice: 'Not allowed' },
      { category: 'Marketing', purpose: 'Let advertising partners show you relevant ads and measure their campaigns, here and on other sites.', cookies: ['_fbp', '_gcl_*'], choice: 'Not allowed' },
    ]);
    await expect(root.querySelector('assent-cookie-table')!).to.be.accessible();

    await manager.update({ analytics: true });
    await settle();
    expect(read(root).rows.map((row) => row.choice)).to.deep.equal(['Always on', 'Not allowed', 'Allowed', 'Not allowed']);
    // No endpoint, no receipt to show.
    expect(read(root).receipt).to.equal(null);
  });

  it('shows the shop\'s own labels, descriptions and cookie names as text', async () => {
    const { root } = await mountConsent(
      `<assent-consent categories="analytics"><assent-category name="live-chat" label="&lt;img src=x onerror=alert(1)&gt;" description="&lt;b&gt;Chat&lt;/b&gt;" cookies="chat_&lt;i&gt;"></assent-category></assent-consent>`,
      { before: TABLE },
    );
    const { rows, shadow } = read(root);
    expect(rows[2]).to.deep.equal({ category: '<img src=x onerror=alert(1)>', purpose: '<b>Chat</b>', cookies: [], choice: 'Not allowed' });
    expect(shadow.querySelector('img, b')).to.equal(null);
  });

  it('opens the preference center from Change, and focus comes back to Change when it closes', async () => {
    const { root, manager, dialog } = await mountConsent(`<assent-consent categories="analytics"></assent-consent>`, { before: TABLE });
    const { change } = read(root);
    expect(change.textContent!.trim()).to.equal('Change');
    change.focus();
    change.click();
    await settle();
    expect(dialog().open).to.equal(true);
    expect(manager.state).to.equal(null);
    dialog().close();
    await settle();
    expect(deepActiveElement() === change, 'focus is back on Change').to.equal(true);
  });

  it('shows the id of the endpoint\'s receipt for the decision in force once the endpoint has confirmed it, and "Not yet confirmed" until then', async () => {
    const endpoint = withEndpoint();
    const { root, manager } = await mountConsent(`<assent-consent categories="analytics" endpoint="${endpoint.url}"></assent-consent>`, { before: TABLE, receipt: endpoint.receipt });
    expect(read(root).receipt).to.equal('Receipt Not yet confirmed');

    const accepted = await manager.acceptAll();
    await until(() => read(root).receipt?.includes(accepted.id) === true, 'the receipt of the first decision');
    const time = read(root).shadow.querySelector('time')!;
    expect(read(root).shadow.querySelector('.receipt-id')!.textContent).to.equal(accepted.id);
    expect(Date.parse(time.dateTime)).to.be.closeTo(Date.now(), 10_000);
    expect(time.textContent).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(time.dateTime)));
    await expect(root.querySelector('assent-cookie-table')!).to.be.accessible();

    // The next decision is refused once: until it is delivered, the earlier receipt is not its receipt.
    await endpoint.script({ post: [503] });
    const rejected = await manager.rejectAll();
    await settle();
    expect(read(root).receipt).to.equal('Receipt Not yet confirmed');
    await until(() => read(root).shadow.querySelector('time')?.dateTime !== time.dateTime && read(root).receipt?.includes(rejected.id) === true, 'the receipt of the second decision');
    expect(read(root).rows.map((row) => row.choice)).to.deep.equal(['Always on', 'Not allowed']);
  });

  it('speaks the page\'s language, and follows the theme', async () => {
    const { root } = await mountConsent(`<assent-consent lang="de" theme="dark" categories="analytics">${CATEGORIES}</assent-consent>`, { before: TABLE });
    const table = read(root);
    expect(table.caption).to.equal('Ihre Datenschutz-Auswahl');
    expect(table.headers).to.deep.equal(['Kategorie', 'Zweck', 'Cookies', 'Ihre Auswahl']);
    expect(table.rows.map((row) => [row.category, row.choice])).to.deep.equal([
      ['Unbedingt erforderlich', 'Immer aktiv'],
      ['Statistik', 'Nicht erlaubt'],
      ['Marketing', 'Nicht erlaubt'],
    ]);
    expect(table.change.textContent!.trim()).to.equal('Ändern');
    const surface = table.shadow.querySelector('.surface')!;
    expect([surface.getAttribute('lang'), getComputedStyle(surface).backgroundColor]).to.deep.equal(['de', 'rgb(28, 28, 33)']);
    await expect(root.querySelector('assent-cookie-table')!).to.be.accessible();
  });

  it('is themed by the shop\'s --assent-* tokens and parts, and replaces its caption from a slot', async () => {
    const style = document.createElement('style');
    style.textContent = `assent-cookie-table { --assent-accent: rgb(0, 90, 50); --assent-surface: rgb(250, 250, 240); }
      assent-cookie-table::part(cookie) { color: rgb(1, 2, 3); }`;
    document.head.append(style);
    try {
      const { root } = await mountConsent(`<assent-consent categories="analytics">${CATEGORIES}</assent-consent>`, {
        before: '<assent-cookie-table><span slot="caption">Cookies at Nordlicht</span></assent-cookie-table>',
      });
      const table = read(root);
      expect(getComputedStyle(table.change).backgroundColor).to.equal('rgb(0, 90, 50)');
      expect(getComputedStyle(table.shadow.querySelector('.surface')!).backgroundColor).to.equal('rgb(250, 250, 240)');
      expect(getComputedStyle(table.shadow.querySelector('code')!).color).to.equal('rgb(1, 2, 3)');
      const slot = table.shadow.querySelector<HTMLSlotElement>('caption slot')!;
      expect(slot.assignedNodes().map((node) => node.textContent)).to.deep.equal(['Cookies at Nordlicht']);
    } finally {
      style.remove();
    }
  });
});
