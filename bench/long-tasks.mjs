// Which long tasks (> 50 ms) Assent causes on the benchmark storefront with the CPU slowed down 4×:
// a first visit until the banner shows plus 2 s, the click on "accept all", and a returning visit.
// Every long task is matched with the scripts that ran in it (long-animation-frame attribution), and
// counts as Assent's when Assent's scripts ran in it and it would have stayed under 50 ms without
// them. Rendering work the browser does for the banner's first frame runs outside any script and is
// listed as "render" with the frame it belongs to.
// Each task is also found in a trace of the browser, for the main thread's CPU time in it: the time
// the task took on the 4× slower CPU, without the time the machine's other processes held the core
// (bench/main-thread-cpu.mjs). A task counts as Assent's on CPU time when that time is over 50 ms
// and would have stayed under 50 ms without all of the wall time Assent's scripts took in it. A task
// the trace lacks (seldom) shows "CPU ?" and counts at its wall time. The rendering of the banner's
// first frame is Assent's too, and so is that of any frame in which one of Assent's scripts ran
// while it rendered (a resize observer): the browser's style, layout and paint of such a frame are
// mostly the banner's. On a first visit an animation-frame callback in the page finds the banner's
// first frame (the browser names a script in a frame only when it ran 5 ms or more); it asks for
// frames until the banner shows, a little work the storefront alone does not have.
// Chromium is driven over a bare DevTools pipe (bench/cdp-pipe.mjs) with nothing watching the
// network, as in a shopper's browser; `--devtools-network` turns that on, as Playwright does.
// Usage: npm run build && node bench/long-tasks.mjs [--runs 5] [--page assent-head.html] [--devtools-network]
//        [--dist folder] (another build, to compare) [--json file] (the counts and every entry's durations)
// Each run also loads the storefront without a consent system: its long tasks are the machine's own.
// Exits with 1 when any run had a long task caused by Assent on CPU time; the count on wall time,
// with this machine's contention in it, is printed beside it.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluate, launchChromiumOverPipe, openPage, waitInPage } from './cdp-pipe.mjs';
import { cpuTimeOf, SHORTEST_TRACED_TASK_MS, startTrace, stopWithTasks, tracedTaskAt } from './main-thread-cpu.mjs';
import { bothVendorScriptsRan, CPU_SLOWDOWN } from './peers/measure.mjs';
import { startBenchServer, VENDOR_SCRIPTS } from './peers/server.mjs';
import { sourceLocator } from '../scripts/source-map.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const LONG_TASK_MS = 50;
const IDLE_MS = 2000;
/** The quiet time after each step, in which late work of that step still shows up. */
const idle = () => new Promise((resolve) => setTimeout(resolve, IDLE_MS));
const ASSENT_FILES = '/assent/';
/** The benchmark storefront without any consent system. */
const STOREFRONT_ALONE = 'storefront-only.html';

function readOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      page: { type: 'string', multiple: true },
      'devtools-network': { type: 'boolean', default: false },
      dist: { type: 'string', default: join(REPO_ROOT, 'dist') },
      json: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not ${values.runs}`);
  return {
    runs,
    pages: values.page ?? ['assent-head.html', 'assent.html'],
    devtoolsNetwork: values['devtools-network'],
    dist: resolve(values.dist),
    json: values.json,
  };
}

/** Runs in the page before its own scripts: keeps every long task and long animation frame. */
function recordTasks() {
  const seen = { tasks: [], frames: [] };
  window.longTaskLog = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) seen.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      seen.frames.push({
        start: frame.startTime,
        duration: frame.duration,
        renderStart: frame.renderStart,
        styleAndLayoutStart: frame.styleAndLayoutStart,
        scripts: frame.scripts.map((script) => ({
          start: script.startTime,
          duration: script.duration,
          source: script.sourceURL,
          invoker: script.invoker,
          invokerType: script.invokerType,
          position: script.sourceCharPosition,
          layout: script.forcedStyleAndLayoutDuration,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}

/**
 * Runs in the page on a first visit, after `recordTasks`: notes when the first animation frame
 * that shows the banner rendered (`bannerFrameAt`), the frame in which the browser paints the
 * banner, and styles and lays it out unless that was done in an earlier task.
 */
function watchForBanner(path) {
  const bannerIsShown = () => {
    let root = document;
    let element = null;
    for (const selector of path) {
      element = root?.querySelector(selector);
      if (!element) return false;
      root = element.shadowRoot;
    }
    // Shown, not only there: a banner may be added hidden and shown in a later task.
    return element.checkVisibility();
  };
  const check = () => {
    if (bannerIsShown()) window.longTaskLog.bannerFrameAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

const shortSource = (url) => url.replace(/^https?:\/\/[^/]+/, '') || '(inline)';

const invokerOf = (script) => (script.invokerType === 'classic-script' ? 'evaluation' : script.invoker);

const locators = new Map();
/** The build being measured (`--dist`), for its source maps. */
let distFolder = join(REPO_ROOT, 'dist');
/** Where in Assent's sources a script entry point is, through the bundle's source map. */
function sourceOf(script) {
  const file = /\/assent\/([\w.-]+\.js)$/.exec(script.source)?.[1];
  if (!file || !(script.position >= 0)) return shortSource(script.source);
  if (!locators.has(file)) locators.set(file, sourceLocator(join(distFolder, 'drop-in', file), join(distFolder, 'maps', `${file}.map`)));
  return `${file} ${locators.get(file)(script.position)}`;
}

/**
 * Assent's files, and event listeners without a source: the storefront has no script of its own,
 * and Lit registers an object as the listener of a template's `@click`, which names no source.
 */
const isAssents = (script) => script.source.includes(ASSENT_FILES) || (!script.source && script.invokerType === 'event-listener');

/**
 * Why the rendering of `frame` is Assent's: it is the banner's first frame (`banner`), or one of
 * Assent's scripts ran while it rendered (`script`: a resize observer, an animation frame
 * callback). Else null.
 */
function whyAssentsRendering(frame, bannerFrameAt) {
  if (!frame) return null;
  if (bannerFrameAt >= frame.renderStart && bannerFrameAt <= frame.start + frame.duration) return 'banner';
  return frame.scripts.some((script) => isAssents(script) && script.start >= frame.renderStart) ? 'script' : null;
}

/**
 * Each long task with the scripts that started inside it, its main thread's CPU time (from the
 * traced tasks; a task the trace lacks keeps its wall time), and whether Assent caused it, on wall
 * time and on CPU time.
 */
function attribute({ tasks, frames, bannerFrameAt }, tracedTasks) {
  const scripts = frames.flatMap((frame) => frame.scripts);
  return tasks.map((task) => {
    const end = task.start + task.duration;
    const inside = scripts.filter((script) => script.start >= task.start - 1 && script.start < end);
    const frame = frames.find((candidate) => candidate.renderStart > 0 && candidate.renderStart >= task.start - 1 && candidate.renderStart < end);
    // All of an Assent frame's rendering is Assent's share, and an Assent script in it counts once
    // more as a script: the share leans toward Assent.
    const assentsRendering = whyAssentsRendering(frame, bannerFrameAt);
    const renderingMs = assentsRendering ? frame.start + frame.duration - frame.renderStart : 0;
    const assentMs = inside.filter(isAssents).reduce((sum, script) => sum + script.duration, renderingMs);
    const cpu = cpuTimeOf(task, tracedTasks);
    const cpuOrWall = cpu ?? task.duration;
    return {
      ...task,
      cpu,
      scripts: inside,
      assentMs,
      causedByAssentOnWall: assentMs > 0 && task.duration - assentMs <= LONG_TASK_MS,
      causedByAssent: assentMs > 0 && cpuOrWall > LONG_TASK_MS && cpuOrWall - assentMs <= LONG_TASK_MS,
      render: !inside.length && frame ? frame : null,
      assentsRendering,
    };
  });
}

/**
 * The traced task the banner's first frame rendered in, as `{ wall, cpu }`, or `{ wall: null,
 * cpu: null }` when the trace left it out as shorter than it keeps (10 ms); undefined when no
 * banner frame was seen.
 */
function bannerFrameTask(bannerFrameAt, tracedTasks) {
  if (bannerFrameAt === undefined) return undefined;
  const task = tracedTaskAt(bannerFrameAt, tracedTasks);
  return task ? { wall: task.wall, cpu: task.cpu } : { wall: null, cpu: null };
}

/** The banner and its "Accept all" button, each as a path of selectors through open shadow roots. */
const BANNER = ['assent-consent', 'assent-banner', 'section.banner'];
const ACCEPT_BUTTON = ['assent-consent', 'assent-banner', '[part~="button-accept"]'];

/** Runs in the page: the centre of the element at the end of `path`, or null while there is none. */
function centreAt(path) {
  let root = document;
  let element = null;
  for (const selector of path) {
    element = root?.querySelector(selector);
    if (!element) return null;
    root = element.shadowRoot;
  }
  const box = element.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A plain mouse click held down as long as a person's: press and release in tasks of their own. */
async function clickLikeAPerson(page, { x, y }) {
  const mouse = { x, y, button: 'left', clickCount: 1 };
  await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  await page.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...mouse });
  await new Promise((resolve) => setTimeout(resolve, 80));
  await page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...mouse });
}

/** A fresh page, slowed down and recording its long tasks from the start of every document. */
async function recordingPage(cdp, { devtoolsNetwork }) {
  const page = await openPage(cdp);
  await page.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 720, deviceScaleFactor: 1, mobile: false });
  await page.send('Emulation.setLocaleOverride', { locale: 'en-US' });
  await page.send('Page.enable');
  if (devtoolsNetwork) await page.send('Network.enable');
  await page.send('Page.addScriptToEvaluateOnNewDocument', { source: `(${recordTasks})()` });
  return page;
}

/**
 * The same storefront with no consent system, loaded as a first visit: its long tasks are the
 * machine's and the browser's own, the floor that Assent's counts are read against.
 */
async function visitStorefrontAlone(cdp, pageUrl, options) {
  const page = await recordingPage(cdp, options);
  try {
    const trace = await startTrace(cdp);
    await page.send('Page.navigate', { url: pageUrl });
    await waitInPage(page, () => document.readyState === 'complete', [], { timeoutMs: 20_000 });
    await idle();
    const tracedTasks = await stopWithTasks(page, trace);
    return (await evaluate(page, () => window.longTaskLog.tasks)).map((task) => ({ wall: task.duration, cpu: cpuTimeOf(task, tracedTasks) }));
  } finally {
    await page.close();
  }
}

async function visit(cdp, pageUrl, options) {
  const page = await recordingPage(cdp, options);
  try {
    const phases = [];
    let trace = await startTrace(cdp);
    const collect = async (name) => {
      const tracedTasks = await stopWithTasks(page, trace);
      const log = await evaluate(page, () => window.longTaskLog);
      phases.push({
        name,
        found: attribute(log, tracedTasks),
        assentScripts: log.frames.flatMap((frame) => frame.scripts).filter(isAssents),
        bannerFrame: bannerFrameTask(log.bannerFrameAt, tracedTasks),
      });
    };

    const watcher = await page.send('Page.addScriptToEvaluateOnNewDocument', { source: `(${watchForBanner})(${JSON.stringify(BANNER)})` });
    await page.send('Page.navigate', { url: pageUrl });
    await waitInPage(page, centreAt, [BANNER], { timeoutMs: 20_000 });
    await idle();
    await collect('first visit');
    await page.send('Page.removeScriptToEvaluateOnNewDocument', watcher);

    await evaluate(page, () => {
      const log = window.longTaskLog;
      log.tasks.splice(0);
      log.frames.splice(0);
      delete log.bannerFrameAt;
    });
    trace = await startTrace(cdp);
    await clickLikeAPerson(page, await evaluate(page, centreAt, ACCEPT_BUTTON));
    await waitInPage(page, bothVendorScriptsRan, [VENDOR_SCRIPTS], { timeoutMs: 15_000 });
    await idle();
    await collect('accept all');

    // Coming back to the page: a new document, with the stored decision and a warm cache.
    trace = await startTrace(cdp);
    await page.send('Page.navigate', { url: pageUrl });
    await waitInPage(page, bothVendorScriptsRan, [VENDOR_SCRIPTS], { timeoutMs: 15_000 });
    await idle();
    await collect('returning visit');
    return phases;
  } finally {
    await page.close();
  }
}

/** The median, 90th percentile and largest of `values`, each in ms and padded for a table. */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))].toFixed(0).padStart(4);
  return `${at(0.5)} ${at(0.9)} ${sorted.at(-1).toFixed(0).padStart(4)}`;
}

/** The banner's first frame as found in the trace: its wall and CPU time, or that it was short. */
const frameLabel = ({ wall, cpu }) => (wall === null ? `under ${SHORTEST_TRACED_TASK_MS} ms` : `${wall.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms)`);

/** A task's main-thread CPU time, or "?" where the trace lacks the task. */
const cpuLabel = (cpu) => `CPU ${cpu === undefined ? '  ?' : `${cpu.toFixed(0).padStart(3)} ms`}`;

function describe(task) {
  const flag = task.causedByAssent ? 'ASSENT' : task.causedByAssentOnWall ? 'wall  ' : '      ';
  const head = `${flag} ${task.duration.toFixed(0).padStart(4)} ms (${cpuLabel(task.cpu)}) at ${task.start.toFixed(0).padStart(5)}`;
  const bannersFrame = task.assentsRendering === 'banner' ? ", the banner's first frame" : '';
  if (task.render) return `${head}  render (frame of ${task.render.duration.toFixed(0)} ms${bannersFrame})`;
  if (!task.scripts.length) return `${head}  no script (parsing, style, layout or garbage collection)`;
  const parts = task.scripts.map((script) => `${sourceOf(script)} ${invokerOf(script)} ${script.duration.toFixed(0)} ms${script.layout ? ` (forced layout ${script.layout.toFixed(0)})` : ''}`);
  if (task.assentsRendering) parts.push(bannersFrame ? `with the rendering of the banner's first frame` : `with the rendering of a frame Assent's script ran in`);
  return `${head}  ${parts.join('; ')}`;
}

async function main() {
  const options = readOptions();
  const { runs, pages } = options;
  distFolder = options.dist;
  const server = await startBenchServer({ mounts: { '/assent/': join(options.dist, 'drop-in') } });
  const cdp = await launchChromiumOverPipe();
  let caused = 0;
  let causedOnWall = 0;
  const entryPoints = new Map(); // where Assent's work starts → durations of its script entries (≥ 5 ms, as the browser lists them)
  const alone = []; // the long tasks of the storefront without a consent system, load by load
  const bannerFrames = new Map(); // page → the banner's first frame on each first visit, as { wall, cpu }
  try {
    for (let run = 1; run <= runs; run++) {
      alone.push(await visitStorefrontAlone(cdp, `${server.shopOrigin}/${STOREFRONT_ALONE}`, options));
      const tasksAlone = alone.at(-1).map(({ wall, cpu }) => `${wall.toFixed(0)} ms (${cpuLabel(cpu)})`);
      console.log(`run ${run} ${STOREFRONT_ALONE} (no consent system): ${tasksAlone.length} long task(s)${tasksAlone.length ? `: ${tasksAlone.join(', ')}` : ''}`);
      for (const pageName of pages) {
        for (const { name, found, assentScripts, bannerFrame } of await visit(cdp, `${server.shopOrigin}/${pageName}`, options)) {
          for (const script of assentScripts) {
            const key = `${pageName.padEnd(17)} ${name.padEnd(15)} ${sourceOf(script)} ${invokerOf(script)}`;
            entryPoints.set(key, [...(entryPoints.get(key) ?? []), script.duration]);
          }
          const longest = Math.max(0, ...found.filter((task) => task.causedByAssent).map((task) => task.cpu ?? task.duration));
          caused += found.filter((task) => task.causedByAssent).length;
          causedOnWall += found.filter((task) => task.causedByAssentOnWall).length;
          if (bannerFrame) bannerFrames.set(pageName, [...(bannerFrames.get(pageName) ?? []), bannerFrame]);
          const bannerLine = bannerFrame ? `; the banner's first frame ${frameLabel(bannerFrame)}` : '';
          console.log(`run ${run} ${pageName} ${name}: ${found.length} long task(s), caused by Assent on CPU time: ${longest ? `longest ${longest.toFixed(0)} ms of CPU time` : 'none'}${bannerLine}`);
          for (const task of found) console.log(`  ${describe(task)}`);
        }
      }
    }
  } finally {
    await cdp.close();
    await server.close();
  }
  console.log(`\nAssent's script entries of 5 ms or more, by where they start (${runs} run${runs === 1 ? '' : 's'}): count, median, 90th percentile, max (ms)`);
  for (const [key, durations] of [...entryPoints].sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]))) {
    console.log(`  ${String(durations.length).padStart(3)} ${spread(durations)}  ${key}`);
  }
  console.log(`\nThe banner's first frame, CPU time of its task (a task under ${SHORTEST_TRACED_TASK_MS} ms counts as ${SHORTEST_TRACED_TASK_MS}): count, median, 90th percentile, max (ms); over ${LONG_TASK_MS} ms`);
  for (const [pageName, frames] of bannerFrames) {
    const cpuTimes = frames.map(({ cpu }) => cpu ?? SHORTEST_TRACED_TASK_MS);
    console.log(`  ${String(frames.length).padStart(3)} ${spread(cpuTimes)}  ${cpuTimes.filter((cpu) => cpu > LONG_TASK_MS).length}  ${pageName}`);
  }
  const aloneTasks = alone.flat();
  const aloneOnCpu = aloneTasks.filter(({ wall, cpu }) => (cpu ?? wall) > LONG_TASK_MS);
  console.log(
    `\nThe storefront alone, with no consent system: ${aloneTasks.length} long task(s) in ${runs} load(s)` +
      `${aloneTasks.length ? `, longest ${Math.max(...aloneTasks.map(({ wall }) => wall)).toFixed(0)} ms` : ''}; ${aloneOnCpu.length} of them over ${LONG_TASK_MS} ms of CPU time (of wall time where the trace lacks the task).`,
  );
  if (options.json) {
    const counts = { runs, pages, caused, causedOnWall, storefrontAlone: alone, entryPoints: Object.fromEntries(entryPoints), bannerFrames: Object.fromEntries(bannerFrames) };
    writeFileSync(options.json, JSON.stringify(counts, null, 1));
  }
  console.log(`\nCaused by Assent on wall time, with this machine's contention in it ("wall" above): ${causedOnWall}.`);
  console.log(caused ? `FAIL: ${caused} long task(s) caused by Assent on CPU time ("ASSENT" above)` : 'No long task caused by Assent on CPU time.');
  if (caused) process.exitCode = 1;
}

await main();
