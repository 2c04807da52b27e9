// `npm run size -- --why`: what each bundle's bytes are made of. Every minified byte is credited
// to the source file its source map names (node_modules by package), so the list shows where a cut
// would pay. No dependency: the source map is read by scripts/source-map.mjs.
import { readFileSync } from 'node:fs';
import { mappedLines } from './source-map.mjs';

/** Minified bytes per source file (node_modules folded into their package). */
export function bytesBySource(file, mapFile) {
  const code = readFileSync(file, 'utf8').split('\n');
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const totals = new Map();
  mappedLines(map).forEach((starts, lineIndex) => {
    starts.forEach((start, index) => {
      const end = index + 1 < starts.length ? starts[index + 1].column : code[lineIndex]?.length ?? start.column;
      const name = start.source === undefined ? '(generated)' : packageOf(map.sources[start.source]);
      totals.set(name, (totals.get(name) ?? 0) + (end - start.column));
    });
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function packageOf(path) {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return inModules ? `${inModules[1]} (package)` : path.replace(/^(\.\.\/)+/, '');
}

/** `mapFile`: the build keeps the drop-in scripts' maps apart, in dist/maps/. */
export function printWhy(file, mapFile, top = 15) {
  const rows = bytesBySource(file, mapFile);
  const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
  console.log(`\n${file}: minified bytes by source (${total} mapped)`);
  for (const [name, bytes] of rows.slice(0, top)) {
    console.log(`  ${String(bytes).padStart(6)}  ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
  const rest = rows.slice(top).reduce((sum, [, bytes]) => sum + bytes, 0);
  if (rest) console.log(`  ${String(rest).padStart(6)}  ${((100 * rest) / total).toFixed(1).padStart(5)} %  (${rows.length - top} more)`);
}
