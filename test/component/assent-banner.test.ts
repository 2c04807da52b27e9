import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActiveElement } from '../../src/ui/focus.js';
import { mountConsent, settle, unmountAll } from '../helpers/mount.js';
import { freshIndexedDbStore } from '../helpers/stores.js';

const CONSENT = '<assent-consent policy-version="3" categories="analytics marketing" privacy-url="/privacy"></assent-consent>';

/** The first value `read` gives after a mutation of `target`, read in the task that made it. */
function whenMutated<T>(target: Node, options: MutationObserverInit, read: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const value = read();
      if (value === undefined) return;
      observer.disconnect();
      resolve(value);
    });
    observer.observe(target, options);
  });
}

describe('<assent-banner>', () => {
  afterEach(unmountAll);

  it('shows a region named "Cookie consent" with Accept all, Reject all and Customize on a first visit', async () => {
    const { bannerRegion, banner } = await mountConsent(CONSENT);
    expect(bannerRegion()).to.exist;
    expect(bannerRegion()!.getAttribute('aria-label')).to.equal('Cookie consent');
    const names = [...banner().shadowRoot!.querySelectorAll('button')].map((button) => button.textContent!.trim());
    expect(names).to.deep.equal(['Accept all', 'Reject all', 'Customize']);
  });

  it('is accessible', async () => {
    const { banner } = await mountConsent(CONSENT);
    await expect(banner()).to.be.accessible();
  });

  it('gives Accept all, Reject all and Customize the same size and the same style', async () => {
    const { bannerButton } = await mountConsent(CONSENT);
    const buttons = ['Accept all', 'Reject all', 'Customize'].map(bannerButton);
    const look = (button: HTMLElement) => {
      const style = getComputedStyle(button);
      const { width, height } = button.getBoundingClientRect();
      return {
        width: Math.round(width),
        height: Math.round(height),
        ...Object.fromEntries(
          ['background-color', 'color', 'font-size', 'font-weight', 'border-top-width', 'border-top-color', 'padding-top', 'padding-left', 'border-radius', 'text-decoration-line'].map(
            (property) => [property, style.getPropertyValue(property)],
          ),
        ),
      };
    };
    expect(look(buttons[1]!)).to.deep.equal(look(buttons[0]!));
    expect(look(buttons[2]!)).to.deep.equal(look(buttons[0]!));
  });

  it('follows the theme attribute: dark surface and text for theme="dark"', async () => {
    const light = await mountConsent('<assent-consent theme="light"></assent-consent>');
    const lightStyle = getComputedStyle(light.bannerRegion()!);
    expect([lightStyle.backgroundColor, lightStyle.color]).to.deep.equal(['rgb(255, 255, 255)', 'rgb(28, 28, 33)']);
    unmountAll();
    const dark = await mountConsent('<assent-consent theme="dark"></assent-consent>');
    const darkStyle = getComputedStyle(dark.bannerRegion()!);
    expect([darkStyle.backgroundColor, darkStyle.color]).to.deep.equal(['rgb(28, 28, 33)', 'rgb(242, 242, 245)']);
    await expect(dark.banner()).to.be.accessible();
  });

  it('links the privacy policy when privacy-url is set, and never an unsafe URL', async () => {
    const withUrl = await mountConsent(CONSENT);
    expect(withUrl.banner().shadowRoot!.querySelector('a')!.getAttribute('href')).to.equal('/privacy');
    unmountAll();
    const unsafe = await mountConsent('<assent-consent privacy-url="javascript:alert(1)"></assent-consent>');
    expect(unsafe.banner().shadowRoot!.querySelector('a')).to.equal(null);
    expect(unsafe.warn.messages.join()).to.contain('privacy-url="javascript:alert(1)"');
  });

  it('does not block the page: it is no modal and the page stays operable', async () => {
    const { root, bannerRegion } = await mountConsent(CONSENT, { before: '<button id="page-button">Add to cart</button>' });
    expect(bannerRegion()!.closest('dialog')).to.equal(null);
    const pageButton = root.querySelector<HTMLButtonElement>('#page-button')!;
    pageButton.focus();
    expect(document.activeElement).to.equal(pageButton);
    expect(pageButton.matches(':where([inert], [inert] *)')).to.equal(false);
  });

  it('is reached with Tab: the privacy link, then all three buttons', async () => {
    const { root } = await mountConsent(CONSENT, { before: '<button id="page-button">Add to cart</button>' });
    root.querySelector<HTMLButtonElement>('#page-button')!.focus();
    const reached: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      reached.push(deepActiveElement()!.textContent!.trim());
    }
    expect(reached).to.deep.equal(['Privacy policy', 'Accept all', 'Reject all', 'Customize']);
  });

  it('renders the banner hidden, shows it lowered in a task of its own, and slides it up after its first frame', async () => {
    const { consent, manager, banner, bannerRegion } = await mountConsent(CONSENT);
    await manager.acceptAll();
    await settle();
    expect(bannerRegion()).to.equal(null);
    // Seen as soon as it is rendered, in the task that renders it.
    const rendered = whenMutated(banner().shadowRoot!, { childList: true, subtree: true }, () => bannerRegion() ?? undefined);
    consent.setAttribute('policy-version', '4'); // a new policy asks again
    const region = await rendered;
    // Not laid out in the task that rendered it.
    expect(getComputedStyle(region).display).to.equal('none');
    // Seen as soon as it is shown, in the later task that lays it out, before a frame with it.
    const shown = whenMutated(region, { attributes: true }, () => {
      if (region.hasAttribute('data-pending')) return undefined;
      const { display, translate } = getComputedStyle(region);
      return { display, entering: region.hasAttribute('data-entering'), translate, animations: region.getAnimations().length };
    });
    expect(await shown).to.include({ display: 'grid', entering: true, translate: '0px 12px', animations: 0 });
    await settle();
    expect(region.hasAttribute('data-entering')).to.equal(false);
    const [slide] = region.getAnimations() as CSSTransition[];
    expect(slide?.transitionProperty).to.equal('translate');
  });

  it('records Accept all and goes away', async () => {
    const { manager, bannerButton, bannerRegion } = await mountConsent(CONSENT);
    bannerButton('Accept all').click();
    await settle();
    expect(manager.state).to.deep.include({ method: 'accept-all', decisions: { necessary: true, analytics: true, marketing: true } });
    expect(bannerRegion()).to.equal(null);
  });

  it('records Reject all and goes away', async () => {
    const { manager, bannerButton, bannerRegion } = await mountConsent(CONSENT);
    bannerButton('Reject all').click();
    await settle();
    expect(manager.state).to.deep.include({ method: 'reject-all', decisions: { necessary: true, analytics: false, marketing: false } });
    expect(bannerRegion()).to.equal(null);
  });

  it('opens the preference center from Customize without deciding', async () => {
    const { manager, bannerButton, dialog } = await mountConsent(CONSENT);
    bannerButton('Customize').click();
    await settle();
    expect(dialog().open).to.equal(true);
    expect(manager.state).to.equal(null);
  });

  it('stays hidden for a returning shopper with a decision in force', async () => {
    const store = freshIndexedDbStore();
    const first = await mountConsent(CONSENT, { store });
    await first.manager.acceptAll();
    unmountAll();
    const returning = await mountConsent(CONSENT, { store });
    expect(returning.manager.state?.method).to.equal('accept-all');
    expect(returning.bannerRegion()).to.equal(null);
  });

  it('renders nothing from a second <assent-consent>, with a warning', async () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args[0]);
    try {
      const { root } = await mountConsent(`${CONSENT}<assent-consent id="second"></assent-consent>`);
      const second = root.querySelector('#second')!;
      expect(second.shadowRoot?.querySelector('assent-banner') ?? null).to.equal(null);
      expect(warnings).to.deep.equal(['[assent] more than one <assent-consent> on the page; only the first is used.']);
    } finally {
      console.warn = original;
    }
  });
});
