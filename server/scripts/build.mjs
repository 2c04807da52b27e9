// `npm run build` of assent-server: src/ → a fresh dist/ (no stale module from an earlier build
// reaches the package), the command made executable (npm sets that bit only at install), and the
// dashboard (admin/src, Lit) bundled by Vite into one script, dist/admin/dashboard.js.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'vite';

const dist = new URL('../dist/', import.meta.url);
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', new URL('../tsconfig.json', import.meta.url).pathname], { stdio: 'inherit' });
chmodSync(new URL('main.js', dist), 0o755);

await build({
  configFile: false,
  root: new URL('../', import.meta.url).pathname,
  logLevel: 'warn',
  build: {
    outDir: new URL('admin/', dist).pathname,
    emptyOutDir: false,
    target: 'es2022',
    minify: 'oxc',
    reportCompressedSize: false,
    // An application build, not a library one: Vite leaves a library's whitespace in.
    rolldownOptions: { input: 'admin/src/dashboard.ts', output: { entryFileNames: 'dashboard.js', format: 'es' } },
  },
});
