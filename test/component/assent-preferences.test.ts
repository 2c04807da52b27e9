import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActiveElement } from '../../src/ui/focus.js';
import { openPreferencesOnLinks } from '../../src/ui/open-links.js';
import { mountConsent, settle, unmountAll } from '../helpers/mount.js';

const CONSENT = `
  <assent-consent categories="analytics marketing" privacy-url="/privacy">
    <assent-category name="analytics" label="Statistics" description="Counts visits to improve the shop."></assent-category>
  </assent-consent>`;

async function openFromCustomize() {
  const mounted = await mountConsent(CONSENT);
  const customize = mounted.bannerButton('Customize');
  customize.focus();
  customize.click();
  await settle();
  return { ...mounted, customize };
}

describe('<assent-preferences>', () => {
  afterEach(unmountAll);

  it('opens as a modal dialog named "Privacy preferences"', async () => {
    const { dialog, preferences } = await openFromCustomize();
    expect(dialog().open).to.equal(true);
    expect(dialog().matches(':modal')).to.equal(true);
    const titleId = dialog().getAttribute('aria-labelledby')!;
    expect(preferences().shadowRoot!.getElementById(titleId)!.textContent!.trim()).to.equal('Privacy preferences');
  });

  it('is accessible when open', async () => {
    const { preferences } = await openFromCustomize();
    await expect(preferences()).to.be.accessible();
  });

  it('shows one labelled, described switch per configured category, necessary on and disabled', async () => {
    const { switches, preferences } = await openFromCustomize();
    const root = preferences().shadowRoot!;
    const rows = switches().map((input) => ({
      category: input.dataset.category,
      label: root.querySelector(`label[for="${input.id}"]`)!.textContent!.trim(),
      description: input
        .getAttribute('aria-describedby')!
        .split(' ')
        .map((id) => root.getElementById(id)!.textContent!.trim())
        .join(' | '),
      checked: input.checked,
      disabled: input.disabled,
    }));
    expect(rows).to.deep.equal([
      {
        category: 'necessary',
        label: 'Strictly necessary',
        description: 'Keep the shop working: your cart, checkout, security, and remembering this choice. | Always on',
        checked: true,
        disabled: true,
      },
      { category: 'analytics', label: 'Statistics', description: 'Counts visits to improve the shop.', checked: false, disabled: false },
      {
        category: 'marketing',
        label: 'Marketing',
        description: 'Let advertising partners show you relevant ads and measure their campaigns, here and on other sites.',
        checked: false,
        disabled: false,
      },
    ]);
    expect(switches().every((input) => input.getAttribute('role') === 'switch')).to.equal(true);
  });

  it('decides nothing when a switch is toggled, and exactly the switches on Save choices', async () => {
    const { manager, switchFor, dialogButton, dialog } = await openFromCustomize();
    switchFor('analytics').click();
    await settle();
    expect(manager.state).to.equal(null);
    expect(dialog().open).to.equal(true);
    dialogButton('Save choices').click();
    await settle();
    expect(manager.state).to.deep.include({ method: 'custom', decisions: { necessary: true, analytics: true, marketing: false } });
    expect(dialog().open).to.equal(false);
  });

  it('toggles a switch with the Space key', async () => {
    const { switchFor } = await openFromCustomize();
    switchFor('marketing').focus();
    await sendKeys({ press: 'Space' });
    expect(switchFor('marketing').checked).to.equal(true);
  });

  it('closes on Escape without deciding and gives focus back to Customize', async () => {
    const { manager, dialog, customize } = await openFromCustomize();
    await sendKeys({ press: 'Escape' });
    await settle();
    expect(dialog().open).to.equal(false);
    expect(manager.state).to.equal(null);
    expect(manager.snapshot.preferencesOpen).to.equal(false);
    expect(deepActiveElement()).to.equal(customize);
  });

  it('closes with the close button without deciding and gives focus back', async () => {
    const { manager, dialog, dialogButton, customize } = await openFromCustomize();
    dialogButton('Close').click();
    await settle();
    expect(dialog().open).to.equal(false);
    expect(manager.state).to.equal(null);
    expect(deepActiveElement()).to.equal(customize);
  });

  it('records Accept all and Reject all from the dialog', async () => {
    const accepted = await openFromCustomize();
    accepted.dialogButton('Accept all').click();
    await settle();
    expect(accepted.manager.state).to.deep.include({ method: 'accept-all', decisions: { necessary: true, analytics: true, marketing: true } });
    unmountAll();
    const rejected = await openFromCustomize();
    rejected.dialogButton('Reject all').click();
    await settle();
    expect(rejected.manager.state).to.deep.include({ method: 'reject-all', decisions: { necessary: true, analytics: false, marketing: false } });
  });

  it('reopens with the stored switches', async () => {
    const { manager, switchFor } = await mountConsent(CONSENT);
    await manager.update({ marketing: true });
    manager.openPreferences();
    await settle();
    expect([switchFor('analytics').checked, switchFor('marketing').checked]).to.deep.equal([false, true]);
  });

  it('is opened by any [data-assent-open] element, also one added later, and focus returns to it', async () => {
    const stop = openPreferencesOnLinks(document);
    try {
      const { root, manager, dialog } = await mountConsent(CONSENT);
      await manager.rejectAll();
      const link = document.createElement('a');
      link.href = '#settings';
      link.dataset.assentOpen = '';
      link.textContent = 'Cookie settings';
      root.append(link);
      link.focus();
      link.click();
      await settle();
      expect(dialog().open).to.equal(true);
      expect(location.hash).not.to.equal('#settings');
      await sendKeys({ press: 'Escape' });
      await settle();
      expect(deepActiveElement()).to.equal(link);
    } finally {
      stop();
    }
  });

  it('renders shop-provided labels as text, never as markup', async () => {
    const { manager, preferences } = await mountConsent(
      '<assent-consent><assent-category name="chat" label="&lt;img src=x onerror=alert(1)&gt;Chat" description="&lt;b&gt;bold&lt;/b&gt;"></assent-category></assent-consent>',
    );
    manager.openPreferences();
    await settle();
    const root = preferences().shadowRoot!;
    expect(root.querySelector('img, b')).to.equal(null);
    expect(root.querySelector('label[for="category-chat"]')!.textContent).to.equal('<img src=x onerror=alert(1)>Chat');
  });

  it('reads the configuration again when attributes or categories change after load', async () => {
    const { consent, manager, switches } = await mountConsent(CONSENT);
    await manager.acceptAll();
    const category = document.createElement('assent-category');
    category.setAttribute('name', 'personalization');
    consent.append(category);
    await settle();
    manager.openPreferences();
    await settle();
    expect(switches().map((input) => input.dataset.category)).to.deep.equal(['necessary', 'analytics', 'marketing', 'personalization']);
    consent.setAttribute('policy-version', '2');
    await settle();
    expect(manager.snapshot.config.policyVersion).to.equal('2');
    expect(manager.state).to.equal(null);
  });
});
