import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

// The banner on a 375 × 667 phone leaves the shop in view: it covers at most 40 % of the screen,
// with "Accept all" and "Reject all" side by side and identical, and "Customize" as a link.

const PHONE = { width: 375, height: 667 };
const region = (page: Page) => page.locator('assent-banner [role="region"]');

/** The demo storefront as a shop in that language would serve it: page, footer link and banner in German. */
async function openStorefront(page: Page, lang: 'en' | 'de') {
  if (lang === 'de') {
    await page.route(/\/(\?.*)?$/, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('<html lang="en">', '<html lang="de">').replace('>Cookie settings<', '>Cookie-Einstellungen<');
      await route.fulfill({ response, body });
    });
  }
  await page.goto('/');
  await expect(region(page)).toBeVisible();
  // Laid out and done sliding in.
  await expect(region(page)).not.toHaveAttribute('data-entering');
}

/** The share of the viewport the banner covers. */
const coveredShare = (locator: Locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const width = Math.max(0, Math.min(box.right, innerWidth) - Math.max(box.left, 0));
    const height = Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0));
    return (width * height) / (innerWidth * innerHeight);
  });

/** A button's box and everything that makes it look more or less prominent. */
const look = (locator: Locator) =>
  locator.evaluate((element) => {
    const style = getComputedStyle(element);
    const { x, y, width, height } = element.getBoundingClientRect();
    const properties = ['background-color', 'color', 'font-size', 'font-weight', 'font-family', 'border-top-width', 'border-top-style', 'border-top-color', 'padding-top', 'padding-left', 'border-radius', 'text-decoration-line', 'opacity', 'box-shadow'];
    return { box: { x, y, width, height }, style: Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)])) };
  });

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map(({ id, impact, nodes }) => `${id} (${impact}): ${nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('the banner on a 375 × 667 phone', () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, reducedMotion: 'reduce' });

  for (const [lang, names] of [
    ['en', { accept: 'Accept all', reject: 'Reject all', customize: 'Customize' }],
    ['de', { accept: 'Alle akzeptieren', reject: 'Alle ablehnen', customize: 'Anpassen' }],
  ] as const) {
    test(`covers at most 40 % of the screen, with Accept and Reject side by side and identical (${lang})`, async ({ page }) => {
      await openStorefront(page, lang);
      const share = await coveredShare(region(page));
      test.info().annotations.push({ type: 'covered share', description: `${lang}: ${(share * 100).toFixed(1)} %` });
      expect(share).toBeLessThanOrEqual(0.4);

      const accept = await look(region(page).getByRole('button', { name: names.accept }));
      const reject = await look(region(page).getByRole('button', { name: names.reject }));
      expect(reject.style).toEqual(accept.style);
      expect([reject.box.width, reject.box.height]).toEqual([accept.box.width, accept.box.height]);
      // Side by side, in that order (right to left it would be mirrored): one row.
      expect(reject.box.y).toBe(accept.box.y);
      expect(reject.box.x).toBeGreaterThanOrEqual(accept.box.x + accept.box.width);

      // Customize: a link-styled button, a target of at least 24 × 24 px, in the banner.
      const customize = region(page).getByRole('button', { name: names.customize });
      const target = (await customize.boundingBox())!;
      expect(Math.min(target.width, target.height)).toBeGreaterThanOrEqual(24);
      expect(await customize.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('underline');

      // No tiny text: nothing under 13 px.
      const sizes = await region(page).evaluate((element) =>
        [...element.querySelectorAll('h2, p, a, button')].map((node) => parseFloat(getComputedStyle(node).fontSize)),
      );
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(13);
      await expectNoAxeViolations(page);
    });
  }

  test('every control shows its focus, Customize opens the preference center, axe finds nothing there', async ({ page }) => {
    await openStorefront(page, 'en');
    for (const name of ['Accept all', 'Reject all', 'Customize']) {
      const button = region(page).getByRole('button', { name });
      await button.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      await expect(button).toBeFocused();
      expect(await button.evaluate((element) => [getComputedStyle(element).outlineStyle, parseFloat(getComputedStyle(element).outlineWidth)])).toEqual(['solid', 3]);
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Privacy preferences' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

});

test.describe('the banner on a phone-sized window zoomed to 200 %', () => {
  // Half of 375 × 667 in CSS pixels. Not emulated as a phone, which would widen the layout
  // viewport to the demo page's own minimum width.
  test.use({ viewport: { width: 187, height: 333 }, reducedMotion: 'reduce' });

  test('nothing is clipped and the banner stays within the screen', async ({ page }) => {
    await openStorefront(page, 'de');
    const clipped = await region(page).evaluate((element) =>
      [element, ...element.querySelectorAll<HTMLElement>('h2, p, button')]
        .filter((node) => node.scrollWidth > node.clientWidth + 1)
        .map((node) => node.textContent!.trim().slice(0, 30)),
    );
    expect(clipped).toEqual([]);
    // Within the screen both ways (the demo page itself is at least 320 px wide); the banner
    // scrolls inside itself rather than growing past the screen.
    const box = (await region(page).boundingBox())!;
    expect([box.x, box.y]).toEqual([0, expect.any(Number)]);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.width).toBeLessThanOrEqual(187);
    expect(box.y + box.height).toBeLessThanOrEqual(333 + 1);
    // The two choices stack again, each as wide as the banner allows.
    const [accept, reject] = await Promise.all(['Alle akzeptieren', 'Alle ablehnen'].map((name) => region(page).getByRole('button', { name }).boundingBox()));
    expect(reject!.y).toBeGreaterThan(accept!.y);
    expect(reject!.width).toBe(accept!.width);
  });
});
