// npm, run the way a shop runs it: `npm pack` of this repository's packages, and installs into
// folders outside the repository from those tarballs.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const REPO_ROOT = new URL('../..', import.meta.url).pathname;

/**
 * Packs `assent` and `assent-server` (as built: `--ignore-scripts` skips the `prepack` build) into
 * `destination`; resolves to npm's report per package: `{ name, version, filename, size, files }`.
 */
export async function packBoth(destination) {
  const { output } = await npm(['pack', '--json', '--ignore-scripts', '--workspaces', '--include-workspace-root', '--pack-destination', destination], REPO_ROOT);
  const reports = JSON.parse(output.slice(output.indexOf('[')));
  return Object.fromEntries(reports.map((report) => [report.name, { ...report, tarball: join(destination, report.filename) }]));
}

/** A new npm project in `folder` with these files (paths relative to it). */
export function project(folder, files = {}) {
  writeFiles(folder, { 'package.json': JSON.stringify({ name: 'shop', private: true, type: 'module' }, null, 2), ...files });
  return folder;
}

export function writeFiles(folder, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
}

/**
 * `npm install` in `folder`, from the npm cache where it can (CI's `npm ci` filled it). Resolves to
 * npm's whole output, so a test can look for warnings in it.
 */
export async function npmInstall(folder, specs, { omitDev = false } = {}) {
  const { output } = await npm(['install', '--no-audit', '--no-fund', '--prefer-offline', ...(omitDev ? ['--omit=dev'] : []), ...specs], folder, {
    // better-sqlite3 compiles when no prebuilt binary can be fetched: on every core.
    JOBS: 'max',
  });
  return output;
}

/** A command the project installed, run as `npx` runs it (never fetched from the registry). */
export function npx(args, cwd) {
  return npm(['--no', ...args], cwd, {}, 'npx');
}

/** Runs npm (or `command`) in `cwd`; rejects with its output when it fails. */
function npm(args, cwd, env = {}, command = 'npm') {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ output }) : reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}:\n${output}`))));
  });
}
