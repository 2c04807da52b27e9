import { expect, test, type Page } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 8181);
const THIRD_PARTY = `http://127.0.0.1:${PORT + 1}`;

const thirdPartyLog = (page: Page) => page.evaluate(() => (window as { thirdPartyLog?: string[] }).thirdPartyLog ?? []);

/** Collects every CSP violation the page reports, from before its first script. */
async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => void violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/csp-report') violations.push(`report: ${request.postData() ?? ''}`);
  });
  return violations;
}

test.describe('under a strict Content-Security-Policy', () => {
  test('runs the nonce-carrying gated scripts after consent, not the one without a nonce, and causes no violation', async ({ page }) => {
    const violations = await recordViolations(page);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const response = await page.goto('/strict-csp.html');
    expect(response?.headers()['content-security-policy']).toContain("'strict-dynamic'");
    const banner = page.getByRole('region', { name: 'Cookie consent' });
    await expect(banner).toBeVisible();
    // The browser hides the nonce from the attribute; Assent copies the property.
    expect(await page.locator('script[src*="gtag.js"]').evaluate((script: HTMLScriptElement) => [script.getAttribute('nonce'), Boolean(script.nonce)])).toEqual(['', true]);
    await expect(page.getByRole('group', { name: 'How gift cards work' })).toBeVisible();

    await banner.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => thirdPartyLog(page)).toEqual(['gtag.js', 'gtag-config', 'pixel']);
    await expect(page.locator('iframe[title="How gift cards work"]')).toHaveAttribute('src', `${THIRD_PARTY}/video.html`);
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await expect(page.getByRole('dialog', { name: 'Privacy preferences' })).toBeVisible();
    await page.waitForLoadState('networkidle');

    expect(await thirdPartyLog(page)).not.toContain('chat');
    expect(warnings.filter((text) => text.includes('chat.js') && text.includes('has no nonce'))).toHaveLength(1);
    expect(violations).toEqual([]);
  });

  test('loads the page\'s language file with Assent\'s nonce, without a violation', async ({ page }) => {
    const violations = await recordViolations(page);
    await page.goto('/strict-csp.html?lang=pl');
    const banner = page.locator('assent-banner [role="region"]');
    await expect(banner).toHaveAttribute('lang', 'pl');
    await expect(banner.getByRole('button', { name: 'Odrzuć wszystkie' })).toBeVisible();
    expect(await page.locator('script[src$="/assent-lang-pl.js"]').evaluate((script: HTMLScriptElement) => Boolean(script.nonce))).toBe(true);
    expect(violations).toEqual([]);
  });
});
