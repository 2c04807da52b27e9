import { expect } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { mountConsent, settle, unmountAll } from '../helpers/mount.js';

const CATEGORIES = 'categories="functional analytics marketing" privacy-url="/privacy"';

/** The text a shopper sees in a shadow root, slotted copy included. */
function visibleText(root: ShadowRoot): string {
  const walk = (node: Node): string =>
    node instanceof HTMLSlotElement
      ? node.assignedNodes({ flatten: true }).length
        ? node.assignedNodes({ flatten: true }).map(walk).join('')
        : [...node.childNodes].map(walk).join('')
      : node.nodeType === Node.TEXT_NODE
        ? node.textContent!
        : [...(node as Element).shadowRoot?.childNodes ?? node.childNodes].map(walk).join(' ');
  return [...root.childNodes].map(walk).join(' ').replace(/\s+/g, ' ');
}

/** What makes two choice buttons look alike: size and every style of weight. */
function look(button: HTMLElement) {
  const style = getComputedStyle(button);
  const { width, height } = button.getBoundingClientRect();
  const properties = ['background-color', 'color', 'font-size', 'font-weight', 'font-family', 'border-top-width', 'border-top-style', 'border-top-color', 'padding-top', 'padding-left', 'border-radius', 'text-decoration-line', 'opacity', 'box-shadow'];
  return { width: Math.round(width), height: Math.round(height), ...Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)])) };
}

describe('languages', () => {
  afterEach(unmountAll);

  it('renders the banner in the lang attribute\'s language, with lang and dir on its own root only', async () => {
    const { bannerRegion, banner } = await mountConsent(`<assent-consent lang="de" ${CATEGORIES}></assent-consent>`);
    const region = bannerRegion()!;
    expect([region.getAttribute('lang'), region.getAttribute('dir')]).to.deep.equal(['de', 'ltr']);
    expect(region.getAttribute('aria-label')).to.equal('Cookie-Einwilligung');
    const names = [...banner().shadowRoot!.querySelectorAll('button')].map((button) => button.textContent!.trim());
    expect(names).to.deep.equal(['Alle akzeptieren', 'Alle ablehnen', 'Anpassen']);
    expect(visibleText(banner().shadowRoot!)).not.to.match(/Accept|Reject|privacy/i);
    expect(document.documentElement.getAttribute('lang')).not.to.equal('de');
    await expect(banner()).to.be.accessible();
  });

  it('lays out Arabic right to left: the banner, the preference center and its switches', async () => {
    const { bannerRegion, banner, consent, manager, dialog, switchFor } = await mountConsent(`<assent-consent lang="ar" ${CATEGORIES}></assent-consent>`);
    expect([bannerRegion()!.getAttribute('lang'), bannerRegion()!.getAttribute('dir')]).to.deep.equal(['ar', 'rtl']);
    expect(getComputedStyle(bannerRegion()!).direction).to.equal('rtl');
    await expect(banner()).to.be.accessible();
    manager.openPreferences();
    await settle();
    expect([dialog().getAttribute('lang'), dialog().getAttribute('dir')]).to.deep.equal(['ar', 'rtl']);
    // The first switch's label starts at the right edge, its switch at the left.
    const analytics = switchFor('analytics');
    const label = analytics.closest('li')!.querySelector('label')!;
    expect(label.getBoundingClientRect().right).to.be.greaterThan(analytics.getBoundingClientRect().right);
    await expect(consent.shadowRoot!.querySelector('assent-preferences')!).to.be.accessible();
  });

  it('translates the well-known categories, and keeps the shop\'s own labels', async () => {
    const { manager, preferences } = await mountConsent(`<assent-consent lang="fr" ${CATEGORIES}>
      <assent-category name="marketing" label="Publicité sur mesure"></assent-category>
    </assent-consent>`);
    manager.openPreferences();
    await settle();
    const labels = [...preferences().shadowRoot!.querySelectorAll('label')].map((label) => label.textContent!.trim());
    expect(labels).to.have.length(4);
    expect(labels[3]).to.equal('Publicité sur mesure');
    expect(labels.slice(0, 3).join()).not.to.match(/Strictly|Functional|Analytics/);
  });

  it('shows English, with a warning, when the language file cannot load', async () => {
    const { bannerRegion, warn } = await mountConsent(`<assent-consent lang="de"></assent-consent>`, {
      language: () => Promise.reject(new Error('HTTP 500')),
    });
    expect(bannerRegion()!.getAttribute('lang')).to.equal('en');
    expect(bannerRegion()!.getAttribute('aria-label')).to.equal('Cookie consent');
    expect(warn.messages.join()).to.contain('could not load the de texts (HTTP 500)');
  });
});

describe('the shop\'s own copy', () => {
  afterEach(unmountAll);

  it('replaces the banner\'s title and explanation through named slots, as text in any language', async () => {
    const { banner, consent } = await mountConsent(`<assent-consent lang="de" ${CATEGORIES}>
      <span slot="title">Ihre Wahl bei Nordlicht</span>
      <span slot="description">Wir fragen nur einmal. <b>Versprochen.</b></span>
    </assent-consent>`);
    const text = visibleText(banner().shadowRoot!);
    expect(text).to.contain('Ihre Wahl bei Nordlicht');
    expect(text).to.contain('Wir fragen nur einmal. Versprochen.');
    expect(text).not.to.contain('Ihre Datenschutz');
    await expect(banner()).to.be.accessible();

    // Taking the slotted copy away brings the translated text back.
    consent.querySelector('[slot="title"]')!.remove();
    await settle();
    expect(visibleText(banner().shadowRoot!)).not.to.contain('Ihre Wahl bei Nordlicht');
    expect(banner().shadowRoot!.querySelector('h2')!.textContent!.trim()).to.not.equal('');
    expect(visibleText(banner().shadowRoot!)).to.contain(banner().shadowRoot!.querySelector('h2 slot')!.textContent!.trim());
  });

  it('names the preference center by the shop\'s own title', async () => {
    const { manager, dialog, preferences } = await mountConsent(`<assent-consent ${CATEGORIES}>
      <span slot="preferences-title">Cookie choices at Nordlicht</span>
    </assent-consent>`);
    manager.openPreferences();
    await settle();
    expect(dialog().getAttribute('aria-labelledby')).to.equal('title');
    expect(visibleText(preferences().shadowRoot!)).to.contain('Cookie choices at Nordlicht');
    await expect(preferences()).to.be.accessible();
  });
});

describe('themes, layouts and parts', () => {
  afterEach(unmountAll);

  for (const theme of ['light', 'dark']) {
    for (const layout of ['bar', 'box']) {
      for (const position of ['bottom', 'top', 'bottom-left', 'bottom-right', 'center']) {
        it(`gives Accept all and Reject all the same size, style and order: ${theme}, ${layout}, ${position}`, async () => {
          const { bannerButton, banner, manager, dialogButton } = await mountConsent(
            `<assent-consent lang="de" theme="${theme}" layout="${layout}" position="${position}" ${CATEGORIES}></assent-consent>`,
          );
          const [accept, reject] = [bannerButton('Alle akzeptieren'), bannerButton('Alle ablehnen')];
          expect(look(reject)).to.deep.equal(look(accept));
          expect(accept.compareDocumentPosition(reject) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
          await expect(banner()).to.be.accessible();
          manager.openPreferences();
          await settle();
          expect(look(dialogButton('Alle ablehnen'))).to.deep.equal(look(dialogButton('Alle akzeptieren')));
        });
      }
    }
  }

  it('lets the page style the inner elements through exported parts and --assent-* tokens', async () => {
    const style = document.createElement('style');
    style.textContent = `assent-consent::part(button-reject) { outline: 5px dotted rgb(1, 2, 3); }
      assent-consent { --assent-accent: rgb(0, 90, 50); --assent-radius: 0px; --assent-font: monospace; }`;
    document.head.append(style);
    try {
      const { bannerButton } = await mountConsent(`<assent-consent theme="light" ${CATEGORIES}></assent-consent>`);
      const reject = getComputedStyle(bannerButton('Reject all'));
      expect([reject.outlineStyle, reject.outlineColor]).to.deep.equal(['dotted', 'rgb(1, 2, 3)']);
      const accept = getComputedStyle(bannerButton('Accept all'));
      expect([accept.backgroundColor, accept.borderTopLeftRadius, accept.fontFamily]).to.deep.equal(['rgb(0, 90, 50)', '0px', 'monospace']);
    } finally {
      style.remove();
    }
  });

  it('is accessible as the opt-out notice, and with the Global Privacy Control note', async () => {
    const { banner, bannerRegion } = await mountConsent(`<assent-consent mode="opt-out" ${CATEGORIES}>
      <assent-category name="marketing" sale></assent-category>
    </assent-consent>`, { gpc: true });
    expect(bannerRegion()!.querySelector('[role="status"]')!.textContent).to.equal('Opt-Out Request Honored');
    await expect(banner()).to.be.accessible();
  });
});

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color.match(/[\d.]+/g)!.slice(0, 3).map((channel) => {
      const c = Number(channel) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('non-text contrast (WCAG 1.4.11)', () => {
  afterEach(unmountAll);

  for (const theme of ['light', 'dark']) {
    it(`keeps buttons, switch outlines and the focus ring at 3:1 or more against the surface: ${theme}`, async () => {
      const { manager, dialog, switchFor, dialogButton } = await mountConsent(`<assent-consent theme="${theme}" ${CATEGORIES}></assent-consent>`);
      manager.openPreferences();
      await settle();
      const surface = getComputedStyle(dialog()).backgroundColor;
      const off = getComputedStyle(switchFor('analytics'));
      const button = getComputedStyle(dialogButton('Accept all'));
      expect(contrast(off.borderTopColor, surface), 'switch outline').to.be.at.least(3);
      expect(contrast(getComputedStyle(switchFor('analytics'), '::before').backgroundColor, surface), 'switch thumb').to.be.at.least(3);
      expect(contrast(button.backgroundColor, surface), 'button').to.be.at.least(3);
      switchFor('analytics').focus();
      expect(contrast(getComputedStyle(switchFor('analytics')).outlineColor, surface), 'focus ring').to.be.at.least(3);
    });
  }
});

describe('small screens and the system theme', () => {
  afterEach(async () => {
    unmountAll();
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light' });
  });

  it('is accessible at 320 CSS px, banner and preference center, without horizontal overflow', async () => {
    await setViewport({ width: 320, height: 640 });
    const { banner, bannerRegion, manager, preferences, dialog } = await mountConsent(`<assent-consent lang="de" ${CATEGORIES}></assent-consent>`);
    expect(bannerRegion()!.scrollWidth).to.be.at.most(bannerRegion()!.clientWidth);
    await expect(banner()).to.be.accessible();
    manager.openPreferences();
    await settle();
    expect(dialog().getBoundingClientRect().width).to.equal(320);
    await expect(preferences()).to.be.accessible();
  });

  it('follows the system colour scheme with theme="auto"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { bannerRegion, banner } = await mountConsent(`<assent-consent theme="auto" ${CATEGORIES}></assent-consent>`);
    expect(getComputedStyle(bannerRegion()!).backgroundColor).to.equal('rgb(28, 28, 33)');
    await expect(banner()).to.be.accessible();
    await emulateMedia({ colorScheme: 'light' });
    expect(getComputedStyle(bannerRegion()!).backgroundColor).to.equal('rgb(255, 255, 255)');
  });
});

describe('status messages', () => {
  afterEach(unmountAll);

  it('announces a saved choice in a polite status region, without moving focus', async () => {
    const { banner, bannerButton } = await mountConsent(`<assent-consent ${CATEGORIES}></assent-consent>`, { before: '<button id="before">Before</button>' });
    const status = () => banner().shadowRoot!.querySelector('[role="status"]')!;
    expect(status().textContent).to.equal('');
    bannerButton('Reject all').focus();
    bannerButton('Reject all').click();
    await settle();
    expect(status().textContent).to.equal('Your privacy choices are saved.');
    expect(status().closest('[aria-live="assertive"], [role="alert"]')).to.equal(null);
  });
});

describe('the visible confirmation of a saved choice', () => {
  afterEach(async () => {
    unmountAll();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  /** A page whose note lasts `duration` (the shop's `--assent-confirmation-duration`). */
  async function mountWithNote(duration: string, before = '') {
    const mounted = await mountConsent(`<assent-consent ${CATEGORIES}></assent-consent>`, { before });
    mounted.root.style.setProperty('--assent-confirmation-duration', duration);
    const note = () => mounted.banner().shadowRoot!.querySelector<HTMLElement>('[part="confirmation"]');
    const gone = async (within: number) => {
      for (const deadline = Date.now() + within; note() && Date.now() < deadline; ) await settle();
      return note() === null;
    };
    return { ...mounted, note, gone };
  }

  it('shows "saved" with Change after Save choices, leaves focus where it was, and goes by itself', async () => {
    const { root, manager, dialogButton, note, gone, banner } = await mountWithNote('600ms', '<button id="settings">Cookie settings</button>');
    const settings = root.querySelector<HTMLButtonElement>('#settings')!;
    settings.focus();
    manager.openPreferences();
    await settle();
    expect(note() === null, 'no note before a choice').to.equal(true);
    dialogButton('Save choices').click();
    await settle();
    const shown = note()!;
    expect(shown.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Your privacy choices are saved. Change');
    const box = shown.getBoundingClientRect();
    expect(box.height).to.be.greaterThan(20);
    expect(box.bottom).to.be.at.most(innerHeight);
    // The dialog gave focus back to what opened it; the note took nothing.
    expect(document.activeElement === settings, 'focus stays on the settings button').to.equal(true);
    expect(shown.matches(':focus-within')).to.equal(false);
    // Announced by the status region, which describes "Change"; the note's own text is not read twice.
    expect(shown.querySelector('[aria-hidden="true"]')!.textContent).to.equal('Your privacy choices are saved.');
    expect(shown.querySelector('button')!.getAttribute('aria-describedby')).to.equal('status');
    expect(banner().shadowRoot!.getElementById('status')!.textContent).to.equal('Your privacy choices are saved.');
    await expect(banner()).to.be.accessible();
    expect(await gone(3000)).to.equal(true);
    expect(document.activeElement === settings, 'focus still on the settings button').to.equal(true);
  });

  it('waits while it has focus, and Change opens the preference center', async () => {
    const { manager, bannerButton, note, gone, dialog } = await mountWithNote('300ms');
    bannerButton('Accept all').click();
    await settle();
    const change = note()!.querySelector('button')!;
    change.focus();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(change.isConnected, 'still shown while it has focus').to.equal(true);
    change.click();
    await settle();
    expect(dialog().open).to.equal(true);
    expect(manager.state?.method).to.equal('accept-all');
    // While the preference center is open the note waits, so that focus can come back to Change.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(change.isConnected, 'still shown while the preference center is open').to.equal(true);
    dialog().close();
    await settle();
    expect(deepActiveElementIn(note()!) === change, 'focus is back on Change').to.equal(true);
    change.blur();
    expect(await gone(3000)).to.equal(true);
  });

  it('goes at once when it would cover what gets focus on the page', async () => {
    const { root, bannerButton, note } = await mountWithNote('30s', '<button id="under" style="position:fixed;bottom:1rem;left:50%;translate:-50%">Under the note</button>');
    bannerButton('Reject all').click();
    await settle();
    expect(note() !== null, 'shown').to.equal(true);
    root.querySelector<HTMLButtonElement>('#under')!.focus();
    await settle();
    expect(note() === null, 'gone').to.equal(true);
  });

  it('slides in only for shoppers who do not prefer reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const still = await mountWithNote('5s');
    still.bannerButton('Reject all').click();
    await settle();
    expect(getComputedStyle(still.note()!).animationName).to.equal('lifetime');
    expect(still.note()!.getAnimations().map((animation) => (animation as CSSAnimation).animationName)).to.deep.equal(['lifetime']);
    unmountAll();
    await emulateMedia({ reducedMotion: 'no-preference' });
    const moving = await mountWithNote('5s');
    moving.bannerButton('Reject all').click();
    await settle();
    expect(getComputedStyle(moving.note()!).animationName).to.equal('lifetime, rise');
  });
});

/** What has focus inside `element`'s shadow root or light DOM, if anything. */
function deepActiveElementIn(element: Element): Element | null {
  const root = element.getRootNode() as ShadowRoot | Document;
  return root.activeElement && element.contains(root.activeElement) ? root.activeElement : null;
}
