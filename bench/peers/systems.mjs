// The consent systems the peer benchmark compares, one entry each. To add a variant, add an entry
// here and its page in pages/ (a full HTML page that includes the storefront with
// `<!--#include storefront-->` and names the vendors' origin as %VENDOR%).
//
// - name: shown in the tables.
// - kind: 'assent' for every Assent variant, 'peer' for the others ("best peer" is the best 'peer').
// - page: the file in pages/.
// - banner: how to find the banner in the page, as a path of CSS selectors; each one after the
//   first is looked up in the open shadow root of the element the one before it found. The banner
//   counts as visible once that element renders, on screen, with non-zero opacity.
// - acceptAll: the Playwright locator of the banner's "accept all" button.
// - mounts: URL prefixes on the shop origin and the folders they serve.
// - packageName: the npm package whose version the report names (Assent: this repository).
// - setup: how the page loads and configures it, for the report.
// - note: marks the system with † in the tables, when a result needs this to be read right.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** The folder of an installed package (resolved from its package.json, which every package has). */
const packageFolder = (name) => dirname(require.resolve(`${name}/package.json`));

/** What both ways of loading Assent share: the page is the same but for the first tag. */
const ASSENT = {
  kind: 'assent',
  banner: ['assent-consent', 'assent-banner', 'section.banner'],
  acceptAll: (page) => page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' }),
  mounts: { '/assent/': join(REPO_ROOT, 'dist', 'drop-in') },
  packageName: 'assent',
};

export const SYSTEMS = [
  {
    ...ASSENT,
    name: 'Assent',
    page: 'assent.html',
    setup: '`/assent/assent.iife.js` first in `<head>`, `<assent-consent policy-version="1" categories="analytics marketing">`, gated tags `type="text/plain" data-consent`',
  },
  {
    ...ASSENT,
    name: 'Assent head part',
    page: 'assent-head.html',
    setup: '`/assent/assent-head.js` (Consent Mode default, early `window.assent`) first in `<head>`; it loads `assent.iife.js` without blocking the page; otherwise as Assent',
  },
  {
    name: 'vanilla-cookieconsent',
    kind: 'peer',
    page: 'vanilla-cookieconsent.html',
    banner: ['#cc-main .cm'],
    acceptAll: (page) => page.locator('#cc-main .cm [data-role="all"]'),
    mounts: { '/vendor/vanilla-cookieconsent/': join(packageFolder('vanilla-cookieconsent'), 'dist') },
    packageName: 'vanilla-cookieconsent',
    setup: '`cookieconsent.css` in `<head>`, a module script importing `cookieconsent.umd.js` and calling `CookieConsent.run()` in `<body>`, gated tags `type="text/plain" data-category`; `hideFromBots: false`, since by default it shows nothing to automated browsers such as this one',
  },
  {
    name: 'Klaro',
    kind: 'peer',
    page: 'klaro.html',
    banner: ['#klaro-cookie-notice'],
    acceptAll: (page) => page.locator('#klaro-cookie-notice .cm-btn-success'),
    mounts: { '/vendor/klaro/': join(packageFolder('klaro'), 'dist') },
    packageName: 'klaro',
    setup: '`window.klaroConfig`, then `klaro.js` (CSS and every translation included) with `defer`, gated tags `type="text/plain" data-type data-name data-src`',
  },
  {
    name: 'tarteaucitron',
    kind: 'peer',
    page: 'tarteaucitron.html',
    banner: ['#tarteaucitronAlertBig'],
    acceptAll: (page) => page.locator('#tarteaucitronPersonalize2'),
    mounts: { '/vendor/tarteaucitron/': packageFolder('tarteaucitronjs') },
    packageName: 'tarteaucitronjs',
    setup: '`tarteaucitron.min.js` and `tarteaucitron.init()` in `<head>` (it then loads its services file, English language file and CSS itself), two custom services pushed to `tarteaucitron.job`',
  },
  {
    name: 'Osano cookieconsent',
    kind: 'peer',
    page: 'osano-cookieconsent.html',
    banner: ['.cc-window'],
    acceptAll: (page) => page.locator('.cc-window .cc-allow'),
    mounts: { '/vendor/cookieconsent/': join(packageFolder('cookieconsent'), 'build') },
    packageName: 'cookieconsent',
    setup: '`cookieconsent.min.css` and `cookieconsent.min.js` in `<head>`, `cookieconsent.initialise({ type: \'opt-in\' })` on window `load`',
    note: 'does not gate by itself: the page adds both scripts from its onStatusChange/onInitialise callbacks',
  },
];

/** Every mount of every system, for the one server that serves them all. */
export function allMounts(systems = SYSTEMS) {
  return Object.assign({}, ...systems.map((system) => system.mounts));
}
