import type { Locator, Page } from 'playwright-core';
import { bannerButton } from './assent-controls.js';
import { contrastRatio } from './contrast.js';
import type { BannerReport, ChoiceButton } from './types.js';

/** Computed style properties compared between Accept all and Reject all. */
export const COMPARED_STYLES = [
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-decoration-line',
  'text-transform',
  'letter-spacing',
  'color',
  'background-color',
  'background-image',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-radius',
  'padding-top',
  'padding-left',
  'opacity',
  'box-shadow',
] as const;

interface MeasuredInPage {
  text: string;
  box: { x: number; y: number; width: number; height: number };
  inViewport: boolean;
  order: number;
  style: Record<string, string>;
  /** Background colours from the button outwards, up to the first opaque one. */
  backgrounds: string[];
  fontSizePx: number;
  fontWeight: number;
}

/** Runs in the page, on one of the banner's buttons. */
function measureButton(button: Element, properties: readonly string[]): MeasuredInPage {
  const style = getComputedStyle(button);
  const rect = button.getBoundingClientRect();
  const backgrounds: string[] = [];
  for (let node: Element | null = button; node; ) {
    const color = getComputedStyle(node).backgroundColor;
    backgrounds.push(color);
    if (/^rgb\(/.test(color) || /^rgba\([^)]*,\s*1\)$/.test(color)) break;
    const parent: Node | null = node.parentNode;
    node = parent instanceof ShadowRoot ? parent.host : parent instanceof Element ? parent : null;
  }
  const actions = button.closest('[part~="actions"]') ?? button.parentElement;
  const siblings = actions ? [...actions.querySelectorAll('[part~="button"]')] : [button];
  return {
    text: (button.textContent ?? '').trim(),
    box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
    inViewport: rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0 && rect.bottom <= innerHeight && rect.right <= innerWidth,
    order: siblings.indexOf(button),
    style: Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)])),
    backgrounds,
    fontSizePx: parseFloat(style.fontSize),
    fontWeight: Number(style.fontWeight) || 400,
  };
}

/** Waits (up to 3 s) until the element's box stays the same for 100 ms: a banner that slides in is measured where it stops. */
async function standingStill(element: Locator): Promise<void> {
  let last = '';
  for (const deadline = Date.now() + 3_000; Date.now() < deadline; ) {
    const box = JSON.stringify(await element.boundingBox().catch(() => null));
    if (box === last) return;
    last = box;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(page: Page, part: 'button-accept' | 'button-reject'): Promise<ChoiceButton | undefined> {
  const button = bannerButton(page, part);
  if (!(await button.isVisible().catch(() => false))) return undefined;
  await standingStill(button);
  const measured = await button.evaluate(measureButton, COMPARED_STYLES);
  const { backgrounds, fontSizePx, fontWeight, ...rest } = measured;
  return {
    ...rest,
    contrast: contrastRatio(measured.style['color'] ?? '', backgrounds),
    // WCAG: 18 pt (24 px), or 14 pt (18.66 px) bold.
    largeText: fontSizePx >= 24 || (fontSizePx >= 18.66 && fontWeight >= 700),
  };
}

/** What the banner offered: its Accept all and Reject all buttons, measured, and the order of its buttons. */
export async function measureBanner(page: Page): Promise<BannerReport> {
  const accept = await measure(page, 'button-accept');
  const reject = await measure(page, 'button-reject');
  const order = await page
    .locator('assent-consent [part~="banner"] [part~="actions"]')
    .first()
    .evaluate((actions) => [...actions.querySelectorAll('[part~="button"]')].map((button) => (button.getAttribute('part') ?? '').split(/\s+/).find((part) => part !== 'button') ?? 'button'))
    .catch(() => [] as string[]);
  return { ...(accept ? { accept } : {}), ...(reject ? { reject } : {}), order };
}
