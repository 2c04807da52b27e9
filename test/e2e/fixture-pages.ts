import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

// Pages of test/fixtures/in-page/, served beside the demo storefront.

const PORT = Number(process.env.E2E_PORT ?? 8181);
/** The demo's stand-in vendors: another port and another site (see demo/server.mjs). */
export const THIRD_PARTY = `http://127.0.0.1:${PORT + 1}`;

/**
 * Serves `test/fixtures/in-page/<name>` at `/<name>` beside the demo (Assent at `/assent/`, the
 * vendors on the other site), each `%KEY%` replaced by `replace[KEY]` (else by nothing). Chromium counts a page fulfilled here as a public one and would
 * block its requests to this machine (Local Network Access), so the page's other requests are
 * fulfilled here too, with what the servers answer.
 */
export async function fixture(page: Page, name: string, replace: Readonly<Record<string, string>> = {}): Promise<string> {
  const values: Record<string, string> = { THIRD_PARTY, ...replace };
  const html = readFileSync(new URL(`../fixtures/in-page/${name}`, import.meta.url), 'utf8').replace(/%([A-Z_]+)%/g, (_, key: string) => values[key] ?? '');
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== THIRD_PARTY && url.pathname === `/${name}`) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
    return route.fulfill({ response: await route.fetch() });
  });
  return `/${name}`;
}

/** The names of Assent's files the page asked for. */
export function assentFiles(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/assent/')) files.push(pathname.slice('/assent/'.length));
  });
  return files;
}
