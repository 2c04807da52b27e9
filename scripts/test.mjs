// `npm test`: every check in order — types, build, docs, the Tag Manager template, the benchmark's
// report, endpoint, unit, component, end-to-end, the audit command, packaging, size budget — and a
// summary with the test count of each kind. Exits non-zero when anything fails.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'typecheck', command: 'npm run --silent typecheck' },
  { name: 'build', command: 'npm run --silent build' },
  { name: 'docs', command: 'npm run --silent test:docs', count: nodeTestCount },
  { name: 'gtm', command: 'npm run --silent test:gtm', count: nodeTestCount },
  { name: 'bench', command: 'npm run --silent test:bench', count: nodeTestCount },
  { name: 'server', command: 'npm run --silent test:server', count: nodeTestCount },
  { name: 'unit', command: 'npx web-test-runner --files "test/unit/**/*.test.ts"', count: wtrCount },
  { name: 'component', command: 'npx web-test-runner --files "test/component/**/*.test.ts"', count: wtrCount },
  { name: 'e2e', command: 'npx playwright test', count: playwrightCount },
  { name: 'audit', command: 'npm run --silent test:audit', count: nodeTestCount },
  { name: 'packaging', command: 'npm run --silent test:packaging', count: nodeTestCount },
  { name: 'size', command: 'node scripts/size.mjs' },
];

const results = [];
for (const stage of stages) {
  console.log(`\n▶ ${stage.name}: ${stage.command}`);
  const started = Date.now();
  const { code, output } = await run(stage.command);
  const counts = stage.count?.(output) ?? null;
  const failures = code === 0 ? [] : failedTitles(output);
  const flaky = stage.name === 'e2e' ? playwrightSection(output, 'flaky') : [];
  results.push({ ...stage, ok: code === 0, counts, failures, flaky, seconds: (Date.now() - started) / 1000 });
  if (code !== 0 && (stage.name === 'typecheck' || stage.name === 'build')) break;
}

console.log('\nSummary');
let passed = 0;
let failed = 0;
for (const { name, ok, counts, seconds } of results) {
  const detail = counts ? `${counts.passed} passed, ${counts.failed} failed` : ok ? 'ok' : 'FAILED';
  console.log(`  ${name.padEnd(10)} ${detail.padEnd(24)} ${seconds.toFixed(1)} s`);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (!ok && (!counts || counts.failed === 0)) failed += 1;
}
// CI keeps only the end of a long log: name what failed here, not only far above.
for (const { name, failures, flaky } of results) {
  for (const title of failures) console.log(`  ✘ ${name}: ${title}`);
  for (const title of flaky) console.log(`  ! ${name}: flaky, failed once and passed on its retry: ${title}`);
}
const skipped = stages.length - results.length;
if (skipped) console.log(`  ${skipped} stage(s) not run after a failure`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && skipped === 0 && results.every((result) => result.ok) ? 0 : 1);

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const forward = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk;
        target.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output: output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') }));
  });
}

/**
 * The titles of failed tests, from each runner's own marks: Playwright's "  1) file:line:column › title",
 * node:test's "not ok 3 - title" (suites included), web-test-runner's "❌ title" and its "file:line" errors.
 */
function failedTitles(output) {
  const failed = playwrightSection(output, 'failed');
  if (failed.length > 0) return failed;
  const patterns = [/^\s*\d+\) (\S+:\d+:\d+ › .+)$/gm, /^\s*not ok \d+ - (.+)$/gm, /^\s*❌ (.+)$/gm];
  const titles = patterns.flatMap((pattern) => [...output.matchAll(pattern)].map((match) => match[1].replace(/[\s─]+$/, '')));
  return [...new Set(titles)].slice(0, 20);
}

/** web-test-runner's last progress line: "… | 62 passed, 0 failed". */
function wtrCount(output) {
  const matches = [...output.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = matches.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : { passed: 0, failed: 1 };
}

/** node:test's closing summary, TAP ("# pass 60") or spec ("ℹ pass 60"); skipped tests count as neither. */
function nodeTestCount(output) {
  const number = (word) => Number([...output.matchAll(new RegExp(`^(?:#|ℹ) ${word} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  const passed = number('pass');
  const failed = number('fail') + number('cancelled');
  return passed + failed === 0 ? { passed: 0, failed: 1 } : { passed, failed };
}

/**
 * Playwright's list reporter: "  9 passed (14.6s)", "  1 failed". A flaky test (failed, then passed
 * on its one retry, playwright.config.ts) counts as passed and is named in the summary.
 */
function playwrightCount(output) {
  const number = (word) => Number(output.match(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm'))?.[1] ?? 0);
  const passed = number('passed') + number('flaky');
  const failed = number('failed') + number('interrupted');
  return passed + failed === 0 ? { passed: 0, failed: 1 } : { passed, failed };
}

/** The tests Playwright lists under its closing "  2 failed" (or "flaky") line. */
function playwrightSection(output, word) {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s*\\d+ ${word}\\b`).test(line));
  if (start < 0) return [];
  const titles = [];
  for (const line of lines.slice(start + 1)) {
    const test = /^\s{4,}(\S+:\d+:\d+ › .+)$/.exec(line);
    if (!test) break;
    titles.push(test[1].replace(/[\s─]+$/, ''));
  }
  return titles;
}
