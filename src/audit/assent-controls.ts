import type { Locator, Page } from 'playwright-core';
import { readState } from './page-reads.js';
import type { ConsentState } from './types.js';

// Assent driven only through its public surface: the parts of its banner and preference center
// (docs/styling.md), `window.assent` (docs/api.md). Nothing of the page's own is ever clicked.

export type BannerPart = 'button-accept' | 'button-reject' | 'button-customize' | 'button-opt-out' | 'button-ok';
export type DialogPart = 'button-accept' | 'button-reject' | 'button-save';

const CLICK_TIMEOUT_MS = 10_000;

/** The banner (or opt-out notice) and the preference center, by their documented parts inside `<assent-consent>`. */
export const banner = (page: Page): Locator => page.locator('assent-consent [part~="banner"]');
export const dialog = (page: Page): Locator => page.locator('assent-consent [part~="dialog"]');

export const bannerButton = (page: Page, part: BannerPart): Locator => page.locator(`assent-consent [part~="banner"] [part~="${part}"]`);
export const dialogButton = (page: Page, part: DialogPart): Locator => page.locator(`assent-consent [part~="dialog"] [part~="${part}"]`);
const categorySwitch = (page: Page, category: string): Locator => page.locator(`assent-consent [part~="dialog"] [part~="switch"][data-category="${category}"]`);

/** Whether the banner shows a button; waits a little for the banner's part to arrive. */
export async function bannerHas(page: Page, part: BannerPart, timeoutMs = 5_000): Promise<boolean> {
  return bannerButton(page, part)
    .waitFor({ state: 'visible', timeout: timeoutMs })
    .then(() => true)
    .catch(() => false);
}

export async function pressBanner(page: Page, part: BannerPart): Promise<void> {
  await bannerButton(page, part).click({ timeout: CLICK_TIMEOUT_MS });
}

export async function pressDialog(page: Page, part: DialogPart): Promise<void> {
  await dialogButton(page, part).click({ timeout: CLICK_TIMEOUT_MS });
}

/** Opens the preference center through the API (`assent.openPreferences()`) and waits for it. */
export async function openPreferences(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { assent: { openPreferences(): void } }).assent.openPreferences());
  await dialog(page).waitFor({ state: 'visible', timeout: CLICK_TIMEOUT_MS });
}

/** In the open preference center: switches `category` on and every other optional one off. */
export async function setOnly(page: Page, category: string, others: readonly string[]): Promise<void> {
  await categorySwitch(page, category).check({ timeout: CLICK_TIMEOUT_MS });
  for (const other of others) await categorySwitch(page, other).uncheck({ timeout: CLICK_TIMEOUT_MS });
}

/** Waits until a decision matching `accept` is in force; resolves to it, or null after the timeout. */
export async function awaitDecision(page: Page, accept: (state: ConsentState) => boolean, previousRevision: number, timeoutMs: number): Promise<ConsentState | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await page.evaluate(readState).catch(() => null);
    if (state && state.revision > previousRevision && accept(state)) return state;
    await page.waitForTimeout(50).catch(() => undefined);
  }
  return null;
}
