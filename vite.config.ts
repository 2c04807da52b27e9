import { defineConfig, type UserConfig } from 'vite';
import { minifyLitTemplates } from './scripts/minify-lit-templates.js';
import { runtimeBridge } from './scripts/runtime-bridge.js';

/**
 * Three library builds into dist/, chosen by `--mode`:
 * - default: `assent.js`, the ES module for bundlers (lit, @lit/* and idb-keyval left external),
 *   with the preference center as a chunk it imports when needed;
 * - `iife`: `assent.iife.js`, the classic script a shop drops into `<head>`, everything inlined
 *   except the preference center;
 * - `lazy`: `assent-preferences.js`, the preference center as a classic script that takes Lit
 *   from `assent.iife.js` (see src/ui/bridged-exports.ts) and is loaded only when needed.
 */
export default defineConfig(({ mode }): UserConfig => {
  const classic = (entry: string, fileName: string, name: string): UserConfig['build'] => ({
    minify: 'oxc',
    lib: { entry, formats: ['iife'], name, fileName: () => fileName },
  });
  const builds: Record<string, UserConfig['build']> = {
    iife: classic('src/iife.ts', 'assent.iife.js', 'assentScript'),
    lazy: classic('src/preferences-part.ts', 'assent-preferences.js', 'assentPreferences'),
    production: {
      minify: false,
      lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'assent.js' },
      rolldownOptions: { external: [/^lit(\/|$)/, /^@lit\//, /^idb-keyval(\/|$)/] },
    },
  };
  return {
    plugins: [minifyLitTemplates(), ...(mode === 'lazy' ? [runtimeBridge()] : [])],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      reportCompressedSize: false,
      ...builds[mode],
    },
  };
});
