// Turns the runs into tables: one per metric, each system's median, min–max and its ratio to the
// best peer (the best system that is not an Assent variant), for the console and as Markdown.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Lower is better for every metric. `format` turns a raw value into the shown number. */
export const METRICS = [
  { key: 'toolBytes', title: 'a. Consent tool bytes transferred, first visit until banner + 2 s idle', unit: 'KB', format: (bytes) => (bytes / 1024).toFixed(1) },
  { key: 'bannerVisible', title: 'b. Time to banner visible, from navigation start', unit: 'ms', format: (ms) => ms.toFixed(0) },
  { key: 'scriptTime', title: 'c. Main-thread script time, first visit until banner + 2 s idle', unit: 'ms', format: (seconds) => (seconds * 1000).toFixed(0) },
  { key: 'longTasks', title: 'd. Long-task time beyond 50 ms, first visit (sum of duration − 50)', unit: 'ms', format: (ms) => ms.toFixed(0) },
  { key: 'cls', title: 'e. Cumulative layout shift, first visit (shifts without recent input, summed)', unit: '', format: (cls) => cls.toFixed(4) },
  { key: 'clickToScripts', title: 'f. Click on "accept all" → both gated scripts ran', unit: 'ms', format: (ms) => ms.toFixed(0) },
  { key: 'returnToScripts', title: 'g. Returning visitor: navigation start → both gated scripts ran', unit: 'ms', format: (ms) => ms.toFixed(0) },
  { key: 'vendorRequestsBeforeConsent', title: 'h. Requests to the vendor origin before consent, must be 0', unit: 'count', format: (count) => String(count) },
  { key: 'shopFirstPaint', title: "i. The shop's own first contentful paint, first visit", unit: 'ms', format: (ms) => ms.toFixed(0) },
];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Per system, the summary of one metric over its successful runs (null when none measured it). */
function summarize(values) {
  return values.length ? { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length } : null;
}

/** Each system's summary of one metric over its runs (null where no run measured it). */
function summariesOf(metric, systems, results) {
  return systems.map((system) => ({
    system,
    summary: summarize(results.get(system.name).map((run) => run.metrics[metric.key]).filter((value) => value !== undefined)),
  }));
}

/** The rows of one metric's table, with each system's ratio to the best peer's median. */
export function metricRows(metric, systems, results) {
  const summaries = summariesOf(metric, systems, results);
  const peerMedians = summaries.filter(({ system, summary }) => system.kind === 'peer' && summary).map(({ summary }) => summary.median);
  const bestPeer = peerMedians.length ? Math.min(...peerMedians) : null;
  return summaries.map(({ system, summary }) => ({
    name: system.note ? `${system.name} †` : system.name,
    median: summary ? metric.format(summary.median) : 'n/a',
    range: summary ? `${metric.format(summary.min)}–${metric.format(summary.max)}` : 'n/a',
    ratio: summary && bestPeer ? `${(summary.median / bestPeer).toFixed(2)}×` : '—',
    runs: summary ? summary.count : 0,
  }));
}

const metricByKey = (key) => METRICS.find((metric) => metric.key === key);

/**
 * The goals: Assent's median over the best peer's median of the same run (or over one named
 * peer's), lower is better. `goal` is the ratio to stay at or under; `aim`, where set, the one to reach.
 */
export const RATIO_GOALS = [
  { key: 'returnToScripts', label: 'revisit → scripts', goal: 1.0, aim: 0.8 },
  { key: 'clickToScripts', label: 'click → scripts', goal: 1.0 },
  { key: 'bannerVisible', label: 'time to banner visible', goal: 1.0 },
  { key: 'toolBytes', label: 'first-visit bytes', goal: 1.3, peer: 'vanilla-cookieconsent' },
];

/** Every system's median of every metric, from the same summaries the tables show: name → key → median. */
export function systemMedians(systems, results, metrics = METRICS) {
  const medians = new Map(systems.map((system) => [system.name, {}]));
  for (const metric of metrics) {
    for (const { system, summary } of summariesOf(metric, systems, results)) {
      if (summary) medians.get(system.name)[metric.key] = summary.median;
    }
  }
  return medians;
}

/**
 * Pure: for every Assent variant and goal, the peer it is held against (the peer with the lowest
 * median of that metric, or the goal's named peer), both medians, the ratio and whether the goal
 * (and the aim) is met. `systems` are `{ name, kind, note? }`; `medians` is what systemMedians returns.
 * The ratio is null, and the goal not met, when a median is missing or the peer's is 0.
 */
export function assentRatios(systems, medians, goals = RATIO_GOALS) {
  const medianOf = (name, key) => medians.get(name)?.[key];
  const peers = systems.filter((system) => system.kind === 'peer');
  const rows = [];
  for (const goal of goals) {
    const candidates = peers
      .filter((peer) => (goal.peer ? peer.name === goal.peer : true))
      .filter((peer) => typeof medianOf(peer.name, goal.key) === 'number');
    const peer = candidates.reduce((best, candidate) => (best && medianOf(best.name, goal.key) <= medianOf(candidate.name, goal.key) ? best : candidate), null);
    const peerMedian = peer ? medianOf(peer.name, goal.key) : null;
    for (const assent of systems.filter((system) => system.kind === 'assent')) {
      const assentMedian = medianOf(assent.name, goal.key) ?? null;
      const ratio = assentMedian !== null && peerMedian ? assentMedian / peerMedian : null;
      rows.push({
        key: goal.key,
        label: goal.label,
        assent: assent.name,
        assentMedian,
        peer: peer?.name ?? goal.peer ?? null,
        peerNote: Boolean(peer?.note),
        peerMedian,
        ratio,
        goal: goal.goal,
        aim: goal.aim ?? null,
        met: ratio !== null && ratio <= goal.goal,
        aimMet: goal.aim === undefined ? null : ratio !== null && ratio <= goal.aim,
      });
    }
  }
  return rows;
}

const RATIO_TITLE = 'Assent against the best peer of this run (goals; lower is better)';
const RATIO_COLUMNS = ['goal', 'Assent', 'median', 'peer', 'peer median', 'ratio', 'goal ≤', 'met'];

/** One ratio row as shown: medians in the metric's own format and unit. */
function ratioCells(row) {
  const metric = metricByKey(row.key);
  const shown = (value) => (value === null ? 'n/a' : `${metric.format(value)}${metric.unit ? ` ${metric.unit}` : ''}`);
  const target = `${row.goal.toFixed(2)}×${row.aim === null ? '' : ` (aim ${row.aim.toFixed(2)}×)`}`;
  const mark = row.ratio === null ? 'n/a' : `${row.met ? 'met' : 'NOT met'}${row.aimMet === null ? '' : row.aimMet ? ', aim met' : ', aim not met'}`;
  return [row.label, row.assent, shown(row.assentMedian), row.peer ? `${row.peer}${row.peerNote ? ' †' : ''}` : 'n/a', shown(row.peerMedian), row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`, target, mark];
}

export function consoleRatios(rows) {
  return [RATIO_TITLE, ...alignedLines([RATIO_COLUMNS, ...rows.map(ratioCells)])].join('\n');
}

export function markdownRatios(rows) {
  return markdownSection(RATIO_TITLE, RATIO_COLUMNS, '|---|---|---:|---|---:|---:|---:|---|', rows.map(ratioCells));
}

/** What the storefront costs without any consent system: the floor under b, c, d and e. */
export const REFERENCE_METRICS = [
  { key: 'firstContentfulPaint', title: 'first contentful paint (compare with b)', unit: 'ms', format: (ms) => ms.toFixed(0) },
  { ...metricByKey('scriptTime'), title: 'main-thread script time (compare with c)', unit: 'ms' },
  { ...metricByKey('longTasks'), title: 'long-task time beyond 50 ms (compare with d)', unit: 'ms' },
  { ...metricByKey('cls'), title: 'cumulative layout shift (compare with e)', unit: '' },
];

/** Rows of the reference table: one per reference metric, over every reference run. */
export function referenceRows(runs) {
  return REFERENCE_METRICS.map((metric) => {
    const summary = summarize(runs.map((run) => run[metric.key]).filter((value) => value !== undefined));
    return {
      name: metric.unit ? `${metric.title} (${metric.unit})` : metric.title,
      median: summary ? metric.format(summary.median) : 'n/a',
      range: summary ? `${metric.format(summary.min)}–${metric.format(summary.max)}` : 'n/a',
    };
  });
}

const REFERENCE_TITLE = 'Reference: the storefront alone, no consent system (until load + 2 s idle)';
const REFERENCE_COLUMNS = ['metric', 'median', 'min–max'];

/** Plain-text table lines: the first column left-aligned, the others right-aligned. */
function alignedLines(table) {
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  return table.map((values) => values.map((value, column) => (column === 0 ? value.padEnd(widths[column]) : value.padStart(widths[column]))).join('   '));
}

export function consoleReference(rows) {
  return [REFERENCE_TITLE, ...alignedLines([REFERENCE_COLUMNS, ...rows.map((row) => [row.name, row.median, row.range])])].join('\n');
}

export function markdownReference(rows) {
  return markdownSection(REFERENCE_TITLE, REFERENCE_COLUMNS, '|---|---:|---:|', rows.map((row) => [row.name, row.median, row.range]));
}

const COLUMNS = ['system', 'median', 'min–max', 'vs best peer'];
const cells = (row) => [row.name, row.median, row.range, row.ratio];

export function consoleTable(metric, rows) {
  const unit = metric.unit ? ` (${metric.unit})` : '';
  return [`${metric.title}${unit}`, ...alignedLines([COLUMNS, ...rows.map(cells)])].join('\n');
}

export function markdownTable(metric, rows) {
  const unit = metric.unit ? ` (${metric.unit})` : '';
  return markdownSection(`${metric.title}${unit}`, COLUMNS, '|---|---:|---:|---:|', rows.map(cells));
}

/** A `###` heading and a Markdown table under it: `alignment` is the separator line. */
function markdownSection(title, columns, alignment, cellRows) {
  return [`### ${title}`, '', `| ${columns.join(' | ')} |`, alignment, ...cellRows.map((values) => `| ${values.join(' | ')} |`)].join('\n');
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((text) => text.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux: fall through to what Node reports
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

function assentVersion() {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return commit ? `${version} (dist/ built from the working tree at ${commit})` : version;
}

export function packageVersion(name) {
  return name === 'assent' ? assentVersion() : require(`${name}/package.json`).version;
}

export function machineDescription(browserVersion) {
  return { cpu: cpuModel(), cores: cpus().length, chromium: browserVersion, node: process.version };
}
