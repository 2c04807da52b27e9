// The recipes of docs/recipes/ run exactly as the pages show them (the code blocks marked with
// `file=`), against the packed `assent` package: on a static host for plain HTML and a Shopify
// theme layout, and built by Vite for the bundler recipes. Next.js, Nuxt, WordPress (PHP) and
// Google Tag Manager cannot run here; their pages are checked by reading only.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Liquid } from 'liquidjs';
import { npmInstall, npx, project, writeFiles } from './npm.mjs';
import { recipeFiles } from './recipe-files.mjs';
import { serveFolder } from './static-site.mjs';
import { waitFor } from './wait-for.mjs';
import { versionInRepository } from './versions.mjs';

/** What a bundler recipe's project installs besides the packed `assent`: the versions this repository pins. */
const BUNDLER_TOOLS = ['vite', '@vitejs/plugin-react', 'react', 'react-dom', '@vitejs/plugin-vue', 'vue'];

/**
 * @param {{ scratch: string, tarball: string, browser: import('@playwright/test').Browser,
 *   server: { origin: string, exportRecords(): Promise<Array<{ record: { id: string, method: string } }>> },
 *   dropIn(): string }} shop  filled in by the packaging test's setup
 */
export function describeRecipes(shop) {
  describe('recipe: plain HTML on any host (docs/recipes/plain-html.md)', () => {
    let site;
    before(async () => {
      const root = join(shop.scratch, 'recipe-plain-html');
      project(root, recipeFiles('plain-html.md'));
      cpSync(shop.dropIn(), join(root, 'assent'), { recursive: true });
      site = await serveFolder(root, { api: shop.server.origin });
    });
    after(() => site?.close());

    test('contacts no vendor before a choice; Accept all loads Google Analytics and the video, and the record is stored', async () => {
      const page = await shop.browser.newPage();
      const vendors = await answerForVendors(page);
      await page.goto(site.url);
      const banner = page.getByRole('region', { name: 'Cookie consent' });
      await banner.waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(vendors.hosts(), []);

      await banner.getByRole('button', { name: 'Accept all' }).click();
      await waitFor(() => vendors.hosts().includes('www.googletagmanager.com') && vendors.hosts().includes('www.youtube-nocookie.com'));
      const id = await page.evaluate(() => window.assent.state.id);
      await waitFor(async () => (await shop.server.exportRecords()).some(({ record }) => record.id === id && record.method === 'accept-all'));
      await page.close();
    });

    test('Reject all contacts no vendor, nor does the next visit', async () => {
      const page = await shop.browser.newPage();
      const vendors = await answerForVendors(page);
      await page.goto(site.url);
      await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Reject all' }).click();
      await page.waitForFunction(() => window.assent.state?.method === 'reject-all');
      await page.reload();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByRole('region', { name: 'Cookie consent' }).count(), 0);
      assert.deepEqual(vendors.hosts(), []);
      await page.close();
    });
  });

  describe('recipe: a Shopify theme layout (docs/recipes/shopify.md)', () => {
    let site;
    before(async () => {
      const root = join(shop.scratch, 'recipe-shopify');
      mkdirSync(root, { recursive: true });
      // Shopify's CDN path for a theme's assets/ folder: flat, and asset_url adds ?v=.
      cpSync(shop.dropIn(), join(root, 'cdn', 'shop', 't', '7', 'assets'), { recursive: true });
      site = await serveFolder(root);
      const liquid = new Liquid();
      liquid.registerFilter('asset_url', (name) => `//${new URL(site.url).host}/cdn/shop/t/7/assets/${name}?v=1701234567`);
      const page = await liquid.parseAndRender(recipeFiles('shopify.md')['layout/theme.liquid'], {
        request: { locale: { iso_code: 'de' } },
        page_title: 'Wollmütze',
        content_for_header: FAKE_SHOPIFY_HEADER,
        content_for_layout: '<main><h1>Wollmütze</h1></main>',
      });
      writeFiles(root, { 'index.html': page });
    });
    after(() => site?.close());

    test('the theme loads Assent from assets/ with ?v=, the banner speaks the store\'s language, and Shopify is told each decision', async () => {
      const page = await shop.browser.newPage();
      await page.goto(site.url);
      const banner = page.getByRole('region', { name: 'Cookie-Einwilligung' });
      await banner.waitFor();
      await banner.getByRole('button', { name: 'Alle akzeptieren' }).click();
      await page.waitForFunction(() => window.shopifyTold.length === 1);
      assert.deepEqual(await page.evaluate(() => window.shopifyTold), [{ analytics: true, marketing: true, preferences: true, sale_of_data: true }]);

      await page.evaluate(() => window.assent.rejectAll());
      await page.waitForFunction(() => window.shopifyTold.length === 2);
      assert.deepEqual(await page.evaluate(() => window.shopifyTold[1]), { analytics: false, marketing: false, preferences: false, sale_of_data: false });

      const assets = site.requests.filter((url) => url.startsWith('/cdn/shop/t/7/assets/'));
      assert.ok(assets.length >= 4, assets.join(', '));
      assert.deepEqual(assets.filter((url) => !url.endsWith('?v=1701234567')), []);
      await page.close();
    });
  });

  describe('the bundler recipes, built by Vite', () => {
    const apps = join(shop.scratch, 'recipe-apps');
    before(async () => {
      project(apps);
      await npmInstall(apps, [shop.tarball, ...BUNDLER_TOOLS.map((name) => `${name}@${versionInRepository(name)}`)]);
    });

    /** Writes a recipe's files into its own folder of the shared project, builds it, and serves the build. */
    async function built(recipe, folder) {
      const root = join(apps, folder);
      writeFiles(root, recipeFiles(recipe));
      await npx(['vite', 'build'], root);
      return serveFolder(join(root, 'dist'));
    }

    describe('recipe: Vite (docs/recipes/vite.md)', () => {
      let site;
      before(async () => (site = await built('vite.md', 'vite')));
      after(() => site?.close());

      test('shows the decision on the page and loads Google Analytics only once analytics is allowed', async () => {
        const page = await shop.browser.newPage();
        const vendors = await answerForVendors(page);
        await page.goto(site.url);
        const banner = page.getByRole('region', { name: 'Cookie consent' });
        await banner.waitFor();
        await page.locator('#consent-status', { hasText: 'You have not made a cookie choice yet.' }).waitFor();
        assert.deepEqual(vendors.hosts(), []);

        await banner.getByRole('button', { name: 'Customize' }).click();
        const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
        await dialog.getByRole('switch', { name: 'Analytics' }).check();
        await dialog.getByRole('button', { name: 'Save choices' }).click();
        await page.locator('#consent-status', { hasText: 'Analytics allowed, marketing refused.' }).waitFor();
        await waitFor(() => vendors.hosts().includes('www.googletagmanager.com'));
        assert.equal(await page.evaluate(() => window.dataLayer.some((entry) => entry[0] === 'config')), true);
        await page.close();
      });
    });

    for (const [name, recipe, folder] of [
      ['React', 'react-next.md', 'react'],
      ['Vue', 'vue-nuxt.md', 'vue'],
    ]) {
      describe(`recipe: ${name} (docs/recipes/${recipe})`, () => {
        let site;
        before(async () => (site = await built(recipe, folder)));
        after(() => site?.close());

        test('renders the placeholder until marketing is allowed, then the video; the footer follows the decision', async () => {
          const page = await shop.browser.newPage();
          const vendors = await answerForVendors(page);
          const errors = collectErrors(page);
          await page.goto(site.url);
          await page.getByRole('region', { name: 'Cookie consent' }).waitFor();
          await page.getByText('You have not chosen yet.').waitFor();
          assert.equal(await page.locator('iframe').count(), 0);

          await page.getByRole('button', { name: 'Allow marketing and load' }).click();
          await page.locator('iframe[src^="https://www.youtube-nocookie.com/embed/"]').waitFor();
          await page.getByText(/^You chose on /).waitFor();
          assert.deepEqual(vendors.hosts(), ['www.youtube-nocookie.com']);

          await page.getByRole('button', { name: 'Cookie settings' }).click();
          await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
          assert.deepEqual(errors, []);
          await page.close();
        });
      });
    }
  });
}

/**
 * Answers every request to another site with an empty response, as a vendor would answer, and
 * lists the hosts asked (nothing here reaches the internet).
 */
async function answerForVendors(page) {
  const asked = [];
  await page.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      asked.push(new URL(route.request().url()).hostname);
      const type = route.request().resourceType() === 'script' ? 'text/javascript' : 'text/html';
      return route.fulfill({ status: 200, contentType: type, body: '' });
    },
  );
  return { hosts: () => [...new Set(asked)] };
}

function collectErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}


/**
 * What Shopify's `{{ content_for_header }}` gives a theme, reduced to the Customer Privacy API,
 * which only runs on Shopify: a stand-in that records what it is told, as documented
 * (shopify.dev/docs/api/customer-privacy: setTrackingConsent(consent, callback)).
 */
const FAKE_SHOPIFY_HEADER = `<script>
  window.shopifyTold = [];
  window.Shopify = {
    customerPrivacy: {
      setTrackingConsent(consent, callback) {
        window.shopifyTold.push(JSON.parse(JSON.stringify(consent)));
        setTimeout(callback, 0);
      },
    },
  };
</script>`;
