// `npm run build` of assent-server: src/ → a fresh dist/ (no stale module from an earlier build
// reaches the package), and the command made executable (npm sets that bit only at install).
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const dist = new URL('../dist/', import.meta.url);
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', new URL('../tsconfig.json', import.meta.url).pathname], { stdio: 'inherit' });
chmodSync(new URL('main.js', dist), 0o755);
