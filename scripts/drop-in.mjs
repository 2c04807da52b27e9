// The last step of `npm run build`: checks that dist/drop-in/ is one flat folder of scripts (what a
// shop uploads), moves the classic builds' source maps out of it into dist/maps/, writes each
// file's Subresource Integrity hash to dist/integrity.json, and prints them.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dropIn = new URL('../dist/drop-in/', import.meta.url);
const maps = new URL('../dist/maps/', import.meta.url);

mkdirSync(maps, { recursive: true });
for (const name of readdirSync(dropIn).filter((name) => name.endsWith('.map'))) renameSync(new URL(name, dropIn), new URL(name, maps));

const names = readdirSync(dropIn).sort(byLoadingOrder);
const strays = names.filter((name) => !statSync(new URL(name, dropIn)).isFile() || !/^assent[\w.-]*\.js$/.test(name));
if (strays.length) {
  console.error(`dist/drop-in/ must hold only Assent's scripts, side by side; found ${strays.join(', ')}`);
  process.exit(1);
}

const integrity = {};
console.log(`dist/drop-in/: ${names.length} files to upload side by side`);
console.log('file                          bytes    gzip  integrity');
for (const name of names) {
  const source = readFileSync(new URL(name, dropIn));
  integrity[name] = `sha384-${createHash('sha384').update(source).digest('base64')}`;
  console.log(`${name.padEnd(26)} ${String(source.length).padStart(8)} ${String(gzipSync(source, { level: 9 }).length).padStart(7)}  ${integrity[name]}`);
}
writeFileSync(new URL('../dist/integrity.json', import.meta.url), `${JSON.stringify(integrity, null, 2)}\n`);

/** The parts in the order a page loads them, then the language files by code. */
function byLoadingOrder(a, b) {
  const parts = ['assent-head.js', 'assent.iife.js', 'assent-ui.js', 'assent-preferences.js', 'assent-cookie-table.js', 'assent-platform.js', 'assent-signals.js', 'assent-sync.js', 'assent-warnings.js', 'assent-debug.js', 'assent-opt-out-link.js'];
  const rank = (name) => (parts.includes(name) ? parts.indexOf(name) : parts.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}
