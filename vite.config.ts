import { defineConfig } from 'vite';
import { minifyLitTemplates } from './scripts/minify-lit-templates.js';

/**
 * Two library builds into dist/, chosen by `--mode`:
 * - default: `assent.js`, the ES module for bundlers, with lit, @lit/* and idb-keyval left external;
 * - `iife`: `assent.iife.js`, the classic script a shop drops into `<head>`, everything inlined.
 */
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    plugins: [minifyLitTemplates()],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      minify: iife ? 'oxc' : false,
      reportCompressedSize: false,
      lib: iife
        ? { entry: 'src/iife.ts', formats: ['iife'], name: 'assentScript', fileName: () => 'assent.iife.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'assent.js' },
      rolldownOptions: {
        external: iife ? [] : [/^lit(\/|$)/, /^@lit\//, /^idb-keyval(\/|$)/],
      },
    },
  };
});
