// `npm run size`: gzip and brotli sizes of what a shop ships, checked against the budgets.
// `npm run size -- --why`: also what each script's bytes are made of (scripts/size-why.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const budgets = [
  // 16,000 since the returning shopper is decided from a synchronous copy of the decision, shared
  // with sub-domains by `cookie-domain` (core/decision-copy.ts, copy-store.ts: about 1,000);
  // 16,100 since a decision starts fetching the scripts it allows in its own task (core/gate.ts,
  // about 100, after the missing-<assent-consent> warning moved to the warnings part).
  { file: 'dist/drop-in/assent.iife.js', gzip: 16_100, goal: 12_000 },
  // 1,400 since it also sends the vendors' consent defaults (data-signals): about 340 bytes.
  { file: 'dist/drop-in/assent-head.js', gzip: 1_400 },
  // 12,000 since its templates are prepared at build time: about 400 bytes more for half the
  // banner's first render (scripts/compile-lit-templates.ts); 13,000 since the banner's texts
  // follow the page, its phone layout and the visible note that a choice was saved (12,985).
  { file: 'dist/drop-in/assent-ui.js', gzip: 13_000 },
  { file: 'dist/drop-in/assent-preferences.js', gzip: 5_000 },
  // Only on a page with <assent-cookie-table> (the privacy page), after assent-ui.js.
  { file: 'dist/drop-in/assent-cookie-table.js', gzip: 4_000 },
  { file: 'dist/drop-in/assent-platform.js', gzip: 2_000 },
  { file: 'dist/drop-in/assent-signals.js', gzip: 1_500 },
  { file: 'dist/drop-in/assent-sync.js', gzip: 5_000 },
  // For the page's author only: on a page with a configuration mistake, or with `debug`.
  { file: 'dist/drop-in/assent-warnings.js', gzip: 4_000 },
  { file: 'dist/drop-in/assent-debug.js', gzip: 3_000 },
  // Only on a page with <assent-opt-out-link> (US shops' footers).
  { file: 'dist/drop-in/assent-opt-out-link.js', gzip: 1_000 },
  { file: 'dist/assent.js', gzip: null },
  // Each language besides English, loaded before the first render on a page in that language;
  // 1,700 since the banner's explanation comes in sentences per case and the cookie table's texts
  // came (about 150 more; Greek, the largest, is at 1,640).
  ...readdirSync(new URL('../dist/drop-in/', import.meta.url))
    .filter((name) => name.startsWith('assent-lang-'))
    .sort()
    .map((name) => ({ file: `dist/drop-in/${name}`, gzip: 1_700 })),
];

let over = false;
/** Files that carry Lit's development build (its warnings, its checks), which must never reach a shop. */
const devBuilds = [];
console.log('file                                   bytes    gzip  brotli  budget (gzip)');
for (const { file, gzip: budget, goal } of budgets) {
  const source = readFileSync(new URL(`../${file}`, import.meta.url));
  const gzip = gzipSync(source, { level: 9 }).length;
  const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const verdict = budget === null ? '—' : gzip <= budget ? `${budget} ok${goal ? ` (goal ${goal})` : ''}` : `${budget} OVER by ${gzip - budget}`;
  if (budget !== null && gzip > budget) over = true;
  if (source.includes('Lit is in dev mode')) devBuilds.push(file);
  console.log(`${file.padEnd(38)} ${String(source.length).padStart(6)} ${String(gzip).padStart(7)} ${String(brotli).padStart(7)}  ${verdict}`);
}
for (const file of devBuilds) console.log(`${file} contains Lit's development build`);
if (devBuilds.length) over = true;

if (process.argv.includes('--why')) {
  const { printWhy } = await import('./size-why.mjs');
  for (const file of ['assent.iife.js', 'assent-ui.js', 'assent-preferences.js', 'assent-cookie-table.js', 'assent-platform.js', 'assent-signals.js', 'assent-sync.js', 'assent-warnings.js', 'assent-debug.js', 'assent-opt-out-link.js']) printWhy(`dist/drop-in/${file}`, `dist/maps/${file}.map`);
}
process.exit(over ? 1 : 0);
