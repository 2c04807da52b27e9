import { expect } from '@open-wc/testing';
import { mountConsent, settle, unmountAll } from '../helpers/mount.js';

const CONSENT = `<assent-consent categories="analytics">
  <assent-category name="marketing" label="Ads & videos"></assent-category>
</assent-consent>`;

describe('<assent-embed>', () => {
  afterEach(unmountAll);

  async function mountEmbed(attributes = 'categories="marketing" frame-title="Winter film"') {
    const mounted = await mountConsent(CONSENT, { before: `<assent-embed ${attributes}></assent-embed>` });
    const embed = mounted.root.querySelector('assent-embed')!;
    await settle();
    return { ...mounted, embed, button: () => embed.shadowRoot!.querySelector('button')! };
  }

  it('names the held-back content and the category, as text, and offers to allow it', async () => {
    const { embed, button } = await mountEmbed();
    const group = embed.shadowRoot!.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).to.equal('Winter film');
    expect(group.textContent).to.contain('Winter film');
    expect(group.textContent).to.contain('It loads once you allow Ads & videos.');
    expect(button().textContent!.trim()).to.equal('Allow Ads & videos and load');
  });

  it('is accessible', async () => {
    const { embed } = await mountEmbed();
    await expect(embed).to.be.accessible();
  });

  it('grants exactly its categories when the shopper allows them', async () => {
    const { button, manager } = await mountEmbed('categories="analytics marketing" frame-title="Map"');
    expect(button().textContent!.trim()).to.equal('Allow Analytics and Ads & videos and load');
    button().click();
    await settle();
    expect(manager.state?.decisions).to.deep.include({ analytics: true, marketing: true });
    expect(manager.state?.method).to.equal('custom');
  });

  it('renders an untitled iframe’s placeholder with a generic name', async () => {
    const { embed } = await mountEmbed('categories="marketing" frame-title=""');
    expect(embed.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Blocked content');
  });

  it('renders a title with markup as text', async () => {
    const { embed } = await mountEmbed('categories="marketing" frame-title="<img src=x onerror=alert(1)>"');
    expect(embed.shadowRoot!.querySelector('img')).to.equal(null);
    expect(embed.shadowRoot!.querySelector('.title')!.textContent).to.equal('<img src=x onerror=alert(1)>');
  });

  it('names a category whose label holds $& or $\' as written, not as a replacement pattern', async () => {
    const mounted = await mountConsent('<assent-consent><assent-category name="marketing" label="Ads $& $\' videos"></assent-category></assent-consent>', {
      before: '<assent-embed categories="marketing" frame-title="Map"></assent-embed>',
    });
    await settle();
    const embed = mounted.root.querySelector('assent-embed')!;
    expect(embed.shadowRoot!.querySelector('button')!.textContent!.trim()).to.equal("Allow Ads $& $' videos and load");
    expect(embed.shadowRoot!.querySelector('[role="group"]')!.textContent).to.contain("It loads once you allow Ads $& $' videos.");
  });
});
