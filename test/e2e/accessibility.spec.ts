import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

const banner = (page: Page) => page.getByRole('region', { name: 'Cookie consent' });
const preferences = (page: Page) => page.getByRole('dialog', { name: 'Privacy preferences' });

/** Every axe rule (WCAG 2.2 A/AA and best practices) on the whole page: no violation of any impact. */
async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map(({ id, impact, nodes }) => `${id} (${impact}): ${nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/** The element that has focus, through shadow roots. */
const focusedBox = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return null;
    const { top, bottom, left, right, width, height } = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {
      label: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40),
      inBanner: Boolean(element.getRootNode() instanceof ShadowRoot && (element.getRootNode() as ShadowRoot).host.localName === 'assent-banner'),
      top, bottom, left, right, width, height,
      outline: `${style.outlineStyle} ${parseFloat(style.outlineWidth)}`,
    };
  });

const boxOf = async (locator: Locator) => (await locator.boundingBox())!;

test.describe('accessibility', () => {
  test.use({ reducedMotion: 'reduce' });

  for (const [state, url] of [
    ['the banner', '/'],
    ['the banner in the dark theme', '/?theme=dark'],
    ['the banner in Arabic, right to left', '/?lang=ar'],
    ['the opt-out notice', '/?region=US-CA'],
    ['the banner as a box in the corner', '/?layout=box&position=bottom-right'],
  ] as const) {
    test(`axe finds nothing on the storefront with ${state}`, async ({ page }) => {
      await page.goto(url);
      await expect(page.locator('assent-banner [role="region"]')).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }

  test('axe finds nothing with the preference center open, in light and dark', async ({ page }) => {
    for (const theme of ['light', 'dark']) {
      await page.goto(`/?theme=${theme}`);
      await banner(page).getByRole('button', { name: 'Customize' }).click();
      await expect(preferences(page)).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });

  test('axe finds nothing on the iframe placeholder, nor on the GPC note', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    await page.goto('/?region=US-CA');
    await expect(banner(page).getByText('Opt-Out Request Honored')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Winter collection film' })).toBeVisible();
    await expectNoAxeViolations(page);
    await banner(page).getByRole('button', { name: 'Do Not Sell or Share My Personal Information' }).click();
    await expect(preferences(page).getByText('Opt-Out Request Honored')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('a saved choice is confirmed by a short visible note that axe finds nothing on, takes no focus and goes', async ({ page }) => {
    await page.goto('/');
    const settings = page.getByRole('link', { name: 'Cookie settings' });
    await settings.click();
    await preferences(page).getByRole('button', { name: 'Save choices' }).click();
    await expect(preferences(page)).toBeHidden();
    const note = page.locator('assent-banner [part="confirmation"]');
    await expect(note).toBeVisible();
    await expect(note).toHaveText(/Your privacy choices are saved\.\s*Change/);
    // Focus went back to the link that opened the preference center, and stays there.
    await expect(settings).toBeFocused();
    await expectNoAxeViolations(page);
    // It goes by itself (after 6 s by default), and focus has not moved.
    await expect(note).toBeHidden({ timeout: 10_000 });
    await expect(settings).toBeFocused();
    await expect(page.locator('assent-banner [role="status"]')).toHaveText('Your privacy choices are saved.');
  });

  test('at 320 CSS px the banner and the preference center reflow without horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/');
    await expect(banner(page)).toBeVisible();
    await expectNoAxeViolations(page);
    const overflow = () =>
      page.evaluate(() => {
        const inner = [...document.querySelector('assent-consent')!.shadowRoot!.querySelectorAll('*')].flatMap((host) =>
          host.shadowRoot ? [...host.shadowRoot.querySelectorAll<HTMLElement>('section, dialog, .content, .actions, button, p, h2')] : [],
        );
        return {
          page: document.documentElement.scrollWidth,
          clipped: inner.filter((element) => element.getClientRects().length && element.scrollWidth > element.clientWidth + 1).map((element) => element.textContent!.trim().slice(0, 30)),
        };
      });
    expect(await overflow()).toEqual({ page: 320, clipped: [] });
    const region = await boxOf(banner(page));
    expect(region.x).toBeGreaterThanOrEqual(0);
    expect(region.x + region.width).toBeLessThanOrEqual(320);
    await banner(page).getByRole('button', { name: 'Customize' }).click();
    await expect(preferences(page)).toBeVisible();
    expect(await overflow()).toEqual({ page: 320, clipped: [] });
    // On a phone the preference center is a full-screen sheet.
    expect(await boxOf(preferences(page))).toEqual({ x: 0, y: 0, width: 320, height: 640 });
    await expectNoAxeViolations(page);
  });
});

test.describe('keyboard', () => {
  test.use({ reducedMotion: 'reduce' });

  test('the whole flow works from the keyboard: Tab to the banner, Customize, Space, Save, Escape', async ({ page }) => {
    await page.goto('/');
    await expect(banner(page)).toBeVisible();
    // One labelled region, not a live region: announced once when reached, never re-read.
    await expect(page.getByRole('region', { name: 'Cookie consent' })).toHaveCount(1);
    expect(await banner(page).evaluate((region) => [region.getAttribute('aria-live'), region.getAttribute('role')])).toEqual([null, 'region']);

    // Tab from the top of the page reaches the banner's buttons after the page's own controls.
    const reached: string[] = [];
    for (let step = 0; step < 60 && !reached.includes('Customize'); step++) {
      await page.keyboard.press('Tab');
      const focused = await focusedBox(page);
      if (focused?.inBanner) reached.push(focused.label);
    }
    expect(reached.slice(-3)).toEqual(['Accept all', 'Reject all', 'Customize']);

    // Customize opens the dialog with focus on its first control.
    await page.keyboard.press('Enter');
    await expect(preferences(page)).toBeVisible();
    expect((await focusedBox(page))?.label).toBe('Close');

    // Escape cancels: nothing decided, focus back on Customize.
    await page.keyboard.press('Escape');
    await expect(preferences(page)).toBeHidden();
    expect((await focusedBox(page))?.label).toBe('Customize');
    expect(await page.evaluate(() => window.assent.state)).toBeNull();

    // Again, then Tab to the analytics switch and toggle it with Space: nothing is saved yet.
    await page.keyboard.press('Enter');
    await expect(preferences(page)).toBeVisible();
    const analytics = preferences(page).getByRole('switch', { name: 'Analytics' });
    for (let step = 0; step < 10 && !(await analytics.evaluate((element) => element.matches(':focus'))); step++) await page.keyboard.press('Tab');
    await expect(analytics).toBeFocused();
    await page.keyboard.press('Space');
    await expect(analytics).toBeChecked();
    await expect(preferences(page)).toBeVisible();
    expect(await page.evaluate(() => window.assent.state)).toBeNull();

    // Save choices: the dialog closes, the choice is stored and the save is announced politely.
    for (let step = 0; step < 10 && (await focusedBox(page))?.label !== 'Save choices'; step++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(preferences(page)).toBeHidden();
    expect(await page.evaluate(() => window.assent.state?.decisions)).toMatchObject({ analytics: true, marketing: false });
    await expect(page.locator('assent-banner [role="status"]')).toHaveText('Your privacy choices are saved.');

    // Reopened from the footer link by keyboard, focus returns to that link when it closes.
    const settings = page.getByRole('link', { name: 'Cookie settings' });
    await settings.focus();
    await page.keyboard.press('Enter');
    await expect(preferences(page)).toBeVisible();
    await expect(preferences(page).getByRole('switch', { name: 'Analytics' })).toBeChecked();
    await page.keyboard.press('Escape');
    await expect(settings).toBeFocused();
  });

  test('focus is always visible, and every control is at least 24 by 24 px', async ({ page }) => {
    await page.goto('/');
    await banner(page).getByRole('button', { name: 'Accept all' }).focus();
    for (const name of ['Accept all', 'Reject all', 'Customize']) {
      const focused = await focusedBox(page);
      expect(focused?.label).toBe(name);
      expect(focused?.outline).toMatch(/^solid [2-9]/);
      expect(Math.min(focused!.width, focused!.height)).toBeGreaterThanOrEqual(24);
      await page.keyboard.press('Tab');
    }
    await banner(page).getByRole('button', { name: 'Customize' }).click();
    await expect(preferences(page)).toBeVisible();
    const controls = preferences(page).locator('button, input');
    for (let index = 0; index < (await controls.count()); index++) {
      const box = await boxOf(controls.nth(index));
      expect(Math.min(box.width, box.height), await controls.nth(index).evaluate((element) => element.outerHTML)).toBeGreaterThanOrEqual(24);
    }
    await page.keyboard.press('Tab');
    const focused = await focusedBox(page);
    expect(focused?.outline).toMatch(/^solid [2-9]/);
  });

  // A banner at the top, or in the center, moves to the bottom edge when it covers what has focus.
  for (const position of ['bottom', 'top', 'bottom-right', 'center']) {
    test(`the banner (${position}) never hides what has focus while tabbing through the page`, async ({ page }) => {
      await page.setViewportSize({ width: 800, height: 600 });
      await page.goto(`/?position=${position}`);
      await expect(banner(page)).toBeVisible();
      let checked = 0;
      for (let step = 0; step < 80; step++) {
        await page.keyboard.press('Tab');
        // A few frames: the banner checks what got focus in the next one, and may move and scroll after.
        await page.evaluate(async () => {
          for (let frame = 0; frame < 5; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
        });
        const focused = await focusedBox(page);
        if (!focused || focused.inBanner || focused.width === 0) continue;
        checked++;
        const region = await boxOf(banner(page));
        const overlaps = focused.bottom > region.y && focused.top < region.y + region.height && focused.right > region.x && focused.left < region.x + region.width;
        expect(overlaps, `"${focused.label}" at ${focused.top}–${focused.bottom} under the banner at ${region.y}–${region.y + region.height}`).toBe(false);
      }
      expect(checked).toBeGreaterThan(20);
      // The page's own scroll padding comes back once the banner is gone.
      await banner(page).getByRole('button', { name: 'Reject all' }).click();
      await expect(banner(page)).toBeHidden();
      expect(await page.evaluate(() => document.documentElement.style.cssText)).toBe('');
    });
  }
});

test.describe('languages on the storefront', () => {
  test('a shopper never sees English first: the banner waits for its language file, then shows in Arabic, right to left', async ({ page }) => {
    let releaseFile!: () => void;
    const fileHeld = new Promise<void>((resolve) => (releaseFile = resolve));
    await page.route('**/assent/assent-lang-ar.js', async (route) => {
      await fileHeld;
      await route.continue();
    });
    const uiLoaded = page.waitForRequest('**/assent/assent-ui.js');
    await page.goto('/?lang=ar', { waitUntil: 'commit' });
    await uiLoaded;
    await page.waitForFunction(() => customElements.get('assent-banner'));
    // The UI part is there, the language file is not: nothing is rendered, in English or otherwise.
    await page.waitForTimeout(300);
    expect(await page.locator('assent-banner').evaluate((element) => element.shadowRoot?.textContent?.trim() ?? '')).toBe('');
    releaseFile();
    const region = page.locator('assent-banner [role="region"]');
    await expect(region).toBeVisible();
    expect(await region.evaluate((element) => [element.getAttribute('lang'), element.getAttribute('dir'), getComputedStyle(element).direction])).toEqual(['ar', 'rtl', 'rtl']);
    await expect(region).not.toContainText(/Accept|Reject|Customize/);
    // The page's own language and direction are untouched.
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', '']);
  });

  test('follows the page\'s <html lang>, and the browser\'s languages when the page has none', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.route('**/', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('<html lang="en">', '<html>') });
    });
    await page.goto('/');
    await expect(page.locator('assent-banner [role="region"]')).toHaveAttribute('lang', 'sv');
    // The footer's opt-out link speaks the same language.
    await expect(page.locator('assent-opt-out-link')).toHaveText(/\S/);
    expect(await page.locator('assent-opt-out-link').evaluate((link) => link.shadowRoot!.querySelector('slot')!.textContent)).not.toContain('Do Not Sell');
    await context.close();
  });

  test('loads only the language the page needs, and no language file for English', async ({ page }) => {
    const languageFiles: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/assent-lang-')) languageFiles.push(new URL(request.url()).pathname);
    });
    await page.goto('/');
    await expect(page.locator('assent-banner [role="region"]')).toBeVisible();
    await page.goto('/?lang=de-AT');
    await expect(page.getByRole('region', { name: 'Cookie-Einwilligung' })).toBeVisible();
    expect(languageFiles).toEqual(['/assent/assent-lang-de.js']);
  });
});

test.describe('visual preferences', () => {
  test('text spacing raised as WCAG 1.4.12 asks clips no text', async ({ page }) => {
    await page.goto('/?lang=de');
    const region = page.locator('assent-banner [role="region"]');
    await expect(region).toBeVisible();
    // What a text-spacing bookmarklet does, reaching into Assent's shadow roots.
    const raiseTextSpacing = () =>
      page.evaluate(() => {
        const spacing = '*{line-height:1.5!important;letter-spacing:.12em!important;word-spacing:.16em!important}p{margin-bottom:2em!important}';
        const hosts = [...document.querySelector('assent-consent')!.shadowRoot!.children].filter((host) => host.shadowRoot);
        for (const root of [document, ...hosts.map((host) => host.shadowRoot!)]) {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(spacing);
          root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        }
      });
    await raiseTextSpacing();
    const clipped = () =>
      page.evaluate(() =>
        [...document.querySelector('assent-consent')!.shadowRoot!.children]
          .flatMap((host) => [...(host.shadowRoot?.querySelectorAll<HTMLElement>('button, p, h2, label') ?? [])])
          .filter((element) => element.getClientRects().length && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1))
          .map((element) => element.textContent!.trim().slice(0, 40)),
      );
    expect(await clipped()).toEqual([]);
    await region.getByRole('button', { name: 'Anpassen' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await raiseTextSpacing();
    expect(await clipped()).toEqual([]);
  });

  test('prefers-reduced-motion removes the banner\'s slide and the switches\' animation', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/');
    const region = page.locator('assent-banner [role="region"]');
    await expect(region).toBeVisible();
    const motion = (element: Element) => [getComputedStyle(element).translate, getComputedStyle(element).transitionDuration];
    // Never lowered, and nothing to slide.
    expect(await region.evaluate(motion)).toEqual(['none', '0s']);
    await region.getByRole('button', { name: 'Customize' }).click();
    const analytics = page.getByRole('switch', { name: 'Analytics' });
    expect(await analytics.evaluate((element) => [getComputedStyle(element).transitionDuration, getComputedStyle(element, '::before').transitionDuration])).toEqual(['0s', '0s']);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto('/');
    const sliding = page.locator('assent-banner [role="region"]');
    await expect(sliding).toBeVisible();
    // Once the browser has rendered the banner, its slide has started (the component test checks
    // the first frame itself).
    await expect(sliding).not.toHaveAttribute('data-entering');
    await expect.poll(() => sliding.evaluate(motion)).toEqual(['none', '0.2s']);
  });

  test('forced colors keep every control\'s edge and state visible', async ({ page }) => {
    await page.emulateMedia({ forcedColors: 'active' });
    await page.goto('/');
    const region = page.locator('assent-banner [role="region"]');
    await expect(region).toBeVisible();
    const edges = (locator: Locator) =>
      locator.evaluateAll((elements) =>
        elements.map((element) => {
          const style = getComputedStyle(element);
          return { width: parseFloat(style.borderTopWidth), style: style.borderTopStyle, transparent: style.borderTopColor === 'rgba(0, 0, 0, 0)' };
        }),
      );
    for (const edge of [...(await edges(region)), ...(await edges(region.getByRole('button')))]) {
      expect(edge.width).toBeGreaterThanOrEqual(1);
      expect(edge.style).not.toBe('none');
      expect(edge.transparent).toBe(false);
    }
    await region.getByRole('button', { name: 'Customize' }).click();
    const switches = page.getByRole('dialog').getByRole('switch');
    for (const edge of await edges(switches)) expect(edge).toMatchObject({ style: 'solid', transparent: false });
    // On and off differ in forced colors too: the thumb's position and the track's fill.
    // The track's colour has a 150 ms transition: read it once the transition has ended.
    const settledBackground = (locator: Locator) =>
      locator.evaluate(async (element) => {
        await Promise.all(element.getAnimations().map((animation) => animation.finished));
        return getComputedStyle(element).backgroundColor;
      });
    const analytics = page.getByRole('switch', { name: 'Analytics' });
    const off = await settledBackground(analytics);
    await analytics.check();
    const on = await settledBackground(analytics);
    expect(on).not.toBe(off);
  });
});
