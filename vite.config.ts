import { defineConfig, type UserConfig } from 'vite';
import { compileLitTemplates } from './scripts/compile-lit-templates.js';
import { minifyLitTemplates } from './scripts/minify-lit-templates.js';
import { runtimeBridge } from './scripts/runtime-bridge.js';

/** Must be the file's first line. */
const COMPILE_WHOLE_FILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Twelve library builds, chosen by `--mode`:
 * - default: `dist/assent.js`, the ES module for bundlers (lit, @lit/* and idb-keyval left
 *   external), with the UI, the preference center and each language as chunks in `dist/chunks/`
 *   that it imports when needed; and `dist/receipt.js` (`assent/receipt`), the standalone
 *   receipt check for shops and auditors, which shares nothing with it;
 * and eleven classic scripts into the flat drop-in folder, `dist/drop-in/` (source maps go to
 * `dist/maps/`, see scripts/drop-in.mjs):
 * - `iife`: `assent.iife.js`, the classic script a shop drops into `<head>`: configuration,
 *   decisions, storage and gating, without Lit;
 * - `ui`: `assent-ui.js`, Lit with the banner and the embed placeholder, loaded when something
 *   must show (a shopper who decided before never loads it);
 * - `lazy`: `assent-preferences.js`, the preference center, which takes Lit from `assent-ui.js`
 *   (see src/ui/bridged-exports.ts);
 * - `table`: `assent-cookie-table.js`, `<assent-cookie-table>` for the privacy page, which takes
 *   Lit from `assent-ui.js` too;
 * - `platform`: `assent-platform.js`, the Shopify and WordPress bridges, for pages that name a `platform`;
 * - `signals`: `assent-signals.js`, the vendors' consent updates, for pages that name a vendor signal;
 * - `sync`: `assent-sync.js`, the outbox and the sender, for pages that name an `endpoint`;
 * - `warnings`: `assent-warnings.js`, the texts of configuration warnings, for pages with a mistake;
 * - `debug`: `assent-debug.js`, the in-page diagnostics, for pages with `debug` or `?assent-debug`;
 * - `optout`: `assent-opt-out-link.js`, what `<assent-opt-out-link>` shows, for pages with one;
 * - `head`: `assent-head.js`, the small synchronous part for `<head>` that loads `assent.iife.js`
 *   without blocking the page (Consent Mode default, an early `window.assent`).
 * The `ui`, `lazy` and `table` parts carry their Lit templates prepared at build time; the ES module keeps
 * them as written, for the shop's own bundler and copy of Lit.
 */
export default defineConfig(({ mode }): UserConfig => {
  const classic = (entry: string, fileName: string, name: string, { runsOnLoad = false } = {}): UserConfig['build'] => ({
    minify: 'oxc',
    outDir: 'dist/drop-in',
    // Maps are for Assent's own tools (bench, size): no comment in the file points at them.
    sourcemap: 'hidden',
    lib: { entry, formats: ['iife'], name, fileName: () => fileName },
    // V8's explicit compile hint (Chrome 136+): a file whose functions nearly all run as soon as
    // it loads is compiled whole while it streams in, off the main thread, instead of function by
    // function on first call, which made up half of its main-thread time at load.
    ...(runsOnLoad ? { rolldownOptions: { output: { postBanner: COMPILE_WHOLE_FILE_HINT } } } : {}),
  });
  const builds: Record<string, UserConfig['build']> = {
    iife: classic('src/iife.ts', 'assent.iife.js', 'assentScript', { runsOnLoad: true }),
    head: classic('src/head.ts', 'assent-head.js', 'assentHead'),
    ui: classic('src/ui-part.ts', 'assent-ui.js', 'assentUi', { runsOnLoad: true }),
    platform: classic('src/platform-part.ts', 'assent-platform.js', 'assentPlatform'),
    signals: classic('src/signals-part.ts', 'assent-signals.js', 'assentSignals'),
    sync: classic('src/sync-part.ts', 'assent-sync.js', 'assentSync'),
    warnings: classic('src/warnings-part.ts', 'assent-warnings.js', 'assentWarnings'),
    debug: classic('src/debug-part.ts', 'assent-debug.js', 'assentDebug'),
    optout: classic('src/opt-out-link-part.ts', 'assent-opt-out-link.js', 'assentOptOutLink'),
    lazy: classic('src/preferences-part.ts', 'assent-preferences.js', 'assentPreferences'),
    table: classic('src/cookie-table-part.ts', 'assent-cookie-table.js', 'assentCookieTable'),
    production: {
      minify: false,
      outDir: 'dist',
      // The shop's bundler maps and minifies; a map here would point at sources the package leaves out.
      sourcemap: false,
      lib: { entry: { assent: 'src/index.ts', receipt: 'src/receipt.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, /^idb-keyval(\/|$)/],
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
  return {
    plugins: [
      minifyLitTemplates(),
      ...(mode === 'ui' || mode === 'lazy' || mode === 'table' ? [compileLitTemplates()] : []),
      ...(mode === 'lazy' || mode === 'table' ? [runtimeBridge()] : []),
    ],
    // Templates prepared at build time import Lit's part classes: from a small local module in
    // the UI part, from the UI part's runtime in the preference center's.
    resolve: mode === 'ui' ? { alias: { 'lit-html/private-ssr-support.js': '/src/ui/lit-part-constructors.ts' } } : {},
    build: {
      emptyOutDir: false,
      target: 'es2022',
      reportCompressedSize: false,
      ...builds[mode],
    },
  };
});
