// Side-by-side benchmark of Assent and other open-source consent banners on the same storefront
// page: bytes, time to banner, script and long-task time, layout shift, how fast the gated vendor
// scripts run after "accept all" and for a returning visitor, and that nothing reaches the vendors
// before consent. The systems and their pages are listed in bench/peers/systems.mjs.
// Usage: npm run bench   (or: npm run build && node bench/peers.mjs [--runs 7] [--only Assent,Klaro]
// [--network slow-4g] [--out RESULTS-slow-4g.md])
// Writes bench/RESULTS.md (or the --out file, in bench/). Exits with 1 when a system failed a check (lines starting with FAIL).
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CPU_SLOWDOWN, launchChromium, measureOnce, measureStorefrontAlone, useNetworkProfile } from './peers/measure.mjs';
import {
  assentRatios, consoleRatios, consoleReference, consoleTable, machineDescription, markdownRatios, markdownReference, markdownTable, METRICS,
  metricRows, packageVersion, referenceRows, systemMedians,
} from './peers/report.mjs';
import { startBenchServer } from './peers/server.mjs';
import { allMounts, SYSTEMS } from './peers/systems.mjs';

/** The storefront without any consent system, measured in every run as the floor. */
const REFERENCE_PAGE = 'storefront-only.html';

function readOptions() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '7' }, only: { type: 'string' }, network: { type: 'string', default: 'none' }, out: { type: 'string', default: 'RESULTS.md' } },
  });
  useNetworkProfile(values.network);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not ${values.runs}`);
  const names = values.only?.split(',').map((name) => name.trim().toLowerCase());
  const systems = names ? SYSTEMS.filter((system) => names.includes(system.name.toLowerCase())) : SYSTEMS;
  if (!systems.length) throw new Error(`--only matches none of: ${SYSTEMS.map((system) => system.name).join(', ')}`);
  return { runs, systems, network: values.network, resultsFile: new URL(values.out, new URL('./', import.meta.url)) };
}

function progressLine(run, runs, system, { metrics, problems }) {
  const shown = METRICS.filter((metric) => metrics[metric.key] !== undefined)
    .map((metric) => `${metric.key.replace(/([A-Z])/g, ' $1').toLowerCase()} ${metric.format(metrics[metric.key])}`)
    .join(', ');
  return `run ${run}/${runs}  ${system.name.padEnd(22)} ${shown}${problems.length ? `  PROBLEM: ${problems.join('; ')}` : ''}`;
}

const allPassed = (runs) =>
  `All checks passed in ${runs} run${runs === 1 ? '' : 's'} of every system: every banner showed, "accept all" ran both gated scripts, so did the returning visit, and nothing reached the vendor origin before consent.`;

/** Every check that failed, as "FAIL …" lines. */
function failureLines(systems, results) {
  const lines = [];
  for (const system of systems) {
    results.get(system.name).forEach(({ metrics, problems }, index) => {
      const run = `run ${index + 1}`;
      if (metrics.vendorRequestsBeforeConsent > 0) {
        lines.push(`FAIL ${system.name} ${run}: ${metrics.vendorRequestsBeforeConsent} request(s) to the vendor origin before consent`);
      }
      for (const problem of problems) lines.push(`FAIL ${system.name} ${run}: ${problem}`);
    });
  }
  return lines;
}

/** The consent system's own files on its first successful first visit, with their transfer sizes. */
function filesLoaded(systems, results, shopOrigin) {
  return systems.map((system) => {
    const run = results.get(system.name).find(({ metrics }) => metrics.toolBytes !== undefined);
    const files = (run?.files ?? []).map(({ url, bytes }) => `${url.replace(shopOrigin, '')} (${((bytes ?? 0) / 1024).toFixed(1)} KB)`);
    return `- ${system.name}: ${files.join(', ') || 'n/a'}`;
  });
}

function versionLines(systems) {
  return systems.map((system) => `- ${system.name}: \`${system.packageName}\` ${packageVersion(system.packageName)}`);
}

function methodLines(runs, network) {
  return [
    `- ${runs} run${runs === 1 ? '' : 's'} per system, interleaved (run 1 of every system, then run 2, …), each in a fresh browser context with the CPU slowed down ${CPU_SLOWDOWN}× (CDP \`Emulation.setCPUThrottlingRate\`), 1280×720, ${network === 'none' ? 'no network throttling' : `network conditions \`${network}\` (CDP \`Network.emulateNetworkConditions\`, bench/peers/measure.mjs)`}.`,
    '- Every system shows the same storefront (bench/peers/storefront.html and .css) with three categories (necessary, analytics, marketing), English, its opt-in banner on a first visit, and two gated stand-in vendor scripts from another origin: analytics.js (needs analytics) and marketing.js (needs marketing). Configuration is inline in each page (bench/peers/pages/).',
    '- Served by a node:http server on localhost: text files gzipped; the consent systems\' files and the vendor scripts cacheable for an hour, pages and the storefront stylesheet revalidated.',
    '- a: sum of CDP `Network.loadingFinished` encodedDataLength over the requests that are not the page, its stylesheet or the vendor origin, from navigation until the banner is visible plus 2 s. Inline configuration counts as page, not as tool.',
    '- b: `performance.now()` in the first requestAnimationFrame in which the banner element renders on screen with non-zero opacity.',
    '- c: CDP `Performance.getMetrics` ScriptDuration, before navigation and after the banner + 2 s.',
    '- d, e: PerformanceObserver `longtask` (sum of duration − 50 ms) and `layout-shift` without recent input (summed), until the banner + 2 s.',
    '- f: from the click event\'s timeStamp (performance.now() clock) to the later of the two vendor scripts\' own `performance.now()`.',
    '- g: 1 s after accepting, the page is reloaded; navigation start to the later of the two vendor scripts.',
    '- h: requests to the vendor origin seen by CDP from navigation until the click.',
    `- Reference: the storefront alone (pages/${REFERENCE_PAGE}), measured first in every run until the load event + 2 s, shows what the page itself costs.`,
    '- "vs best peer": the system\'s median over the best median among the systems that are not Assent (lower is better everywhere; — where that best median is 0).',
    '- The goals (the first table): each Assent variant\'s median of g, f and b over the lowest median of any peer in this run, and of a over vanilla-cookieconsent\'s; "met" when the ratio is at or under the goal (computed before rounding). The medians are those of the tables below.',
  ];
}

function markdownReport({ date, machine, runs, network, systems, ratios, tables, reference, failures, files, elapsedSeconds }) {
  const notes = systems.filter((system) => system.note).map((system) => `† ${system.name}: ${system.note}.`);
  return [
    '# Assent and its peers: side-by-side benchmark',
    '',
    `Written by \`node bench/peers.mjs${process.argv.slice(2).map((arg) => ` ${arg}`).join('')}\` on ${date} (${elapsedSeconds.toFixed(0)} s). Every number below was measured in that run.`,
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores`,
    `- Chromium ${machine.chromium}`,
    `- Node ${machine.node}`,
    '',
    '## Versions',
    '',
    ...versionLines(systems),
    '',
    '## Setup on the page',
    '',
    ...systems.map((system) => `- ${system.name}: ${system.setup}.`),
    '',
    '## Method',
    '',
    ...methodLines(runs, network),
    '',
    '## Results',
    '',
    ratios,
    '',
    ...tables.flatMap((table) => [table, '']),
    ...(notes.length ? [...notes, ''] : []),
    reference,
    '',
    '## Checks',
    '',
    ...(failures.length ? failures.map((line) => `- ${line}`) : [`- ${allPassed(runs)}`]),
    '',
    '## Files each consent system loaded on a first visit (bytes transferred, gzipped)',
    '',
    ...files,
    '',
  ].join('\n');
}

/** Runs 1…N, each measuring the reference and then every system in turn, in a fresh context each. */
async function measureAll({ runs, systems, browser, server }) {
  const results = new Map(systems.map((system) => [system.name, []]));
  const referenceRuns = [];
  for (let run = 1; run <= runs; run++) {
    const reference = await measureStorefrontAlone(browser, REFERENCE_PAGE, server).catch((error) => {
      console.log(`run ${run}/${runs}  storefront alone failed: ${error.message.split('\n')[0]}`);
      return {};
    });
    referenceRuns.push(reference);
    for (const system of systems) {
      const result = await measureOnce(browser, system, server);
      results.get(system.name).push(result);
      console.log(progressLine(run, runs, system, result));
    }
  }
  return { results, referenceRuns };
}

function printSummary({ date, machine, runs, systems, rowsByMetric, reference, ratios, failures }) {
  console.log(`\nConsent banners side by side, ${runs} runs each, CPU ${CPU_SLOWDOWN}× slower; ${date}`);
  console.log(`${machine.cpu}, ${machine.cores} cores; Chromium ${machine.chromium}; Node ${machine.node}`);
  console.log(versionLines(systems).join('\n'));
  for (const { metric, rows } of rowsByMetric) console.log(`\n${consoleTable(metric, rows)}`);
  for (const system of systems.filter((candidate) => candidate.note)) console.log(`\n† ${system.name}: ${system.note}.`);
  console.log(`\n${consoleReference(reference)}`);
  console.log(`\n${consoleRatios(ratios)}`);
  console.log(`\n${failures.length ? failures.join('\n') : allPassed(runs)}`);
}

async function main() {
  const { runs, systems, network, resultsFile } = readOptions();
  const started = performance.now();
  const server = await startBenchServer({ mounts: allMounts(systems) });
  let browser;
  let machine;
  let measured;
  try {
    browser = await launchChromium();
    machine = machineDescription(browser.version());
    measured = await measureAll({ runs, systems, browser, server });
  } finally {
    await browser?.close();
    await server.close();
  }

  const summary = {
    date: new Date().toISOString(),
    machine,
    runs,
    network,
    systems,
    rowsByMetric: METRICS.map((metric) => ({ metric, rows: metricRows(metric, systems, measured.results) })),
    reference: referenceRows(measured.referenceRuns),
    ratios: assentRatios(systems, systemMedians(systems, measured.results)),
    failures: failureLines(systems, measured.results),
  };
  printSummary(summary);
  await writeFile(
    resultsFile,
    markdownReport({
      ...summary,
      ratios: markdownRatios(summary.ratios),
      tables: summary.rowsByMetric.map(({ metric, rows }) => markdownTable(metric, rows)),
      reference: markdownReference(summary.reference),
      files: filesLoaded(systems, measured.results, server.shopOrigin),
      elapsedSeconds: (performance.now() - started) / 1000,
    }),
  );
  console.log(`\nWrote ${resultsFile.pathname}`);
  if (summary.failures.length) process.exitCode = 1;
}

await main();
