import { expect } from '@open-wc/testing';
import { mountConsent, unmountAll } from '../helpers/mount.js';

const SETTINGS_LINK = '<footer><a href="#" data-assent-open>Cookie settings</a></footer>';

/** The banner's explanation (its default text, nothing slotted), without the invisible marks that isolate the link's name. */
async function explanation(markup: string, before = ''): Promise<string> {
  return (await rawExplanation(markup, before)).replace(/[\u2068\u2069]/g, '');
}

async function rawExplanation(markup: string, before = ''): Promise<string> {
  const { banner } = await mountConsent(markup, { before });
  const slot = banner().shadowRoot!.querySelector<HTMLSlotElement>('slot[name="description"]')!;
  expect(slot.assignedNodes()).to.have.length(0);
  return slot.textContent!.trim();
}

describe('the banner\'s default explanation', () => {
  afterEach(unmountAll);

  describe('in English', () => {
    it('mentions ads and names the settings link on a page with a marketing category and a settings link', async () => {
      expect(await explanation('<assent-consent categories="analytics marketing"></assent-consent>', SETTINGS_LINK)).to.equal(
        'We use cookies and similar technologies that the shop needs to work. With your consent we also use them to understand how the shop is used and to show you relevant ads. You can change your choice at any time under “Cookie settings”.',
      );
    });

    it('mentions neither ads nor a settings link on a page with neither', async () => {
      expect(await explanation('<assent-consent categories="functional analytics"></assent-consent>')).to.equal(
        'We use cookies and similar technologies that the shop needs to work. With your consent we also use them to understand how the shop is used. You can change your choice at any time.',
      );
    });

    it('mentions ads for a category marked sale, whatever its name, and not for a marketing-free page with a link', async () => {
      const sale = await explanation('<assent-consent categories="analytics"><assent-category name="retargeting" sale></assent-category></assent-consent>');
      expect(sale).to.contain('and to show you relevant ads.').and.to.contain('You can change your choice at any time.');
      unmountAll();
      const linkOnly = await explanation('<assent-consent categories="analytics"></assent-consent>', SETTINGS_LINK);
      expect(linkOnly).not.to.contain('ads');
      expect(linkOnly).to.contain('You can change your choice at any time under “Cookie settings”.');
    });

    it('names the settings link as the page does: its text or its aria-label, not a text too long to quote', async () => {
      const own = await explanation('<assent-consent></assent-consent>', '<button data-assent-open>\n  Privacy   settings\n</button>');
      expect(own).to.contain('under “Privacy settings”.');
      unmountAll();
      const labelled = await explanation('<assent-consent></assent-consent>', '<button data-assent-open aria-label="Manage cookies">⚙</button>');
      expect(labelled).to.contain('under “Manage cookies”.');
      unmountAll();
      const long = await explanation('<assent-consent></assent-consent>', '<a href="#" data-assent-open>Read everything about how we handle cookies and your privacy here</a>');
      expect(long).to.match(/You can change your choice at any time\.$/);
    });
  });

  describe('in German', () => {
    it('mentions ads and names the settings link when the page has both', async () => {
      expect(await explanation('<assent-consent lang="de" categories="analytics marketing"></assent-consent>', '<a href="#" data-assent-open>Cookie-Einstellungen</a>')).to.equal(
        'Wir verwenden Cookies und ähnliche Technologien, die für den Betrieb des Shops erforderlich sind. Mit Ihrer Einwilligung nutzen wir sie auch, um zu verstehen, wie der Shop genutzt wird, und um Ihnen relevante Werbung anzuzeigen. Sie können Ihre Auswahl jederzeit unter „Cookie-Einstellungen“ ändern.',
      );
    });

    it('mentions neither when the page has neither', async () => {
      expect(await explanation('<assent-consent lang="de" categories="analytics"></assent-consent>')).to.equal(
        'Wir verwenden Cookies und ähnliche Technologien, die für den Betrieb des Shops erforderlich sind. Mit Ihrer Einwilligung nutzen wir sie auch, um zu verstehen, wie der Shop genutzt wird. Sie können Ihre Auswahl jederzeit ändern.',
      );
    });
  });

  describe('in Japanese, whose sentences follow each other without a space', () => {
    it('mentions ads and names the settings link when the page has both', async () => {
      expect(await explanation('<assent-consent lang="ja" categories="marketing"></assent-consent>', '<a href="#" data-assent-open>Cookie設定</a>')).to.equal(
        '当ショップでは、ショップの動作に必要なCookieおよび類似の技術を使用しています。お客様の同意がある場合は、ショップの利用状況の把握や、お客様に関連性の高い広告の表示にも使用します。選択内容は「Cookie設定」からいつでも変更できます。',
      );
    });

    it('mentions neither when the page has neither', async () => {
      expect(await explanation('<assent-consent lang="ja" categories="analytics"></assent-consent>')).to.equal(
        '当ショップでは、ショップの動作に必要なCookieおよび類似の技術を使用しています。お客様の同意がある場合は、ショップの利用状況の把握にも使用します。選択内容はいつでも変更できます。',
      );
    });
  });

  it('isolates the link\'s name, so that a name in the other direction leaves the quotes and the full stop in place', async () => {
    const arabic = await rawExplanation('<assent-consent lang="ar" categories="analytics"></assent-consent>', SETTINGS_LINK);
    expect(arabic.endsWith('من خلال «\u2068Cookie settings\u2069».')).to.equal(true);
    unmountAll();
    expect(await rawExplanation('<assent-consent></assent-consent>', SETTINGS_LINK)).to.match(/under “\u2068Cookie settings\u2069”\.$/);
  });

  it('reads the page\'s settings link again whenever it renders', async () => {
    const { root, banner } = await mountConsent('<assent-consent categories="analytics"></assent-consent>');
    const slot = () => banner().shadowRoot!.querySelector('slot[name="description"]')!.textContent!.replace(/[\u2068\u2069]/g, '');
    expect(slot()).not.to.contain('under “');
    root.insertAdjacentHTML('beforeend', SETTINGS_LINK);
    // Any new render (a language, a configuration change) reads the page again.
    root.querySelector('assent-consent')!.setAttribute('categories', 'analytics marketing');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slot()).to.contain('relevant ads').and.to.contain('under “Cookie settings”.');
  });
});
