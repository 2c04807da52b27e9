// One run of one consent system: a first visit in a fresh browser context (banner, then 2 s of
// idle), a click on "accept all", and a reload as a returning visitor. Every time is taken in the
// page on its own performance.now() clock; bytes, script time and requests come from CDP.
import { chromium } from '@playwright/test';
import { VENDOR_SCRIPTS } from './server.mjs';

export const CPU_SLOWDOWN = 4;

/** The system Chromium, with what this machine needs (no sandbox as root, no GPU, no background traffic). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Network conditions the runs may add (`--network`): none (loopback as it is), or a slow 4G link
 * like Lighthouse's mobile preset: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
 */
export const NETWORK_PROFILES = {
  none: null,
  'slow-4g': { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
};
let networkConditions = NETWORK_PROFILES.none;

export function useNetworkProfile(name) {
  if (!Object.hasOwn(NETWORK_PROFILES, name)) throw new Error(`--network must be one of ${Object.keys(NETWORK_PROFILES).join(', ')}, not ${name}`);
  networkConditions = NETWORK_PROFILES[name];
}
const IDLE_AFTER_BANNER_MS = 2000;
const BANNER_TIMEOUT_MS = 20_000;
const SCRIPTS_TIMEOUT_MS = 15_000;
/** Time for the system to store the decision before the reload (IndexedDB and cookies are async). */
const SETTLE_BEFORE_RELOAD_MS = 1000;
/** How long the returning visit is watched for a banner that should not come back. */
const RETURN_BANNER_WATCH_MS = 500;
/** waitForFunction polls every this many ms instead of every frame, to stay out of the way. */
const POLL_MS = 50;
const CONTEXT_OPTIONS = { locale: 'en-US', viewport: { width: 1280, height: 720 } };

/**
 * Runs in the page before any of its scripts (addInitScript), on every navigation. Records the
 * first frame in which the banner is visible, long tasks, layout shifts and the click's time.
 */
function instrumentPage({ bannerPath, watchMs }) {
  const bench = { bannerVisibleAt: null, longTaskExcess: 0, layoutShift: 0, clickAt: null };
  window.bench = bench;

  const observe = (type, onEntry) => new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
  observe('longtask', (entry) => (bench.longTaskExcess += Math.max(0, entry.duration - 50)));
  observe('layout-shift', (entry) => {
    if (!entry.hadRecentInput) bench.layoutShift += entry.value;
  });
  // The click event's timeStamp is on the performance.now() clock and includes any input delay.
  addEventListener('click', (event) => (bench.clickAt ??= event.timeStamp), true);

  if (!bannerPath.length) return; // the reference page has no banner
  const findBanner = () => {
    let root = document;
    let element = null;
    for (const selector of bannerPath) {
      element = root?.querySelector(selector);
      if (!element) return null;
      root = element.shadowRoot;
    }
    return element;
  };
  const isOnScreen = (element) => {
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  };
  // Checked in each frame's requestAnimationFrame, so the time is that of the frame that paints it.
  const stopWatchingAt = performance.now() + watchMs;
  const watchForBanner = () => {
    const banner = findBanner();
    if (banner && isOnScreen(banner)) bench.bannerVisibleAt = performance.now();
    else if (performance.now() < stopWatchingAt) requestAnimationFrame(watchForBanner);
  };
  requestAnimationFrame(watchForBanner);
}

/** Network activity of one page, from CDP, split into the first visit and what follows. */
function recordNetwork(cdp, { pageUrl, shopOrigin, vendorOrigin }) {
  const requests = new Map(); // requestId → { url, phase, bytes }
  const log = { phase: 'first-visit', requests };
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (!requests.has(requestId)) requests.set(requestId, { url: request.url, phase: log.phase, bytes: null });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId);
    if (request && request.bytes === null) request.bytes = encodedDataLength;
  });

  const storefrontFiles = new Set([pageUrl, `${shopOrigin}/storefront.css`]);
  const firstVisit = () => [...requests.values()].filter((request) => request.phase === 'first-visit');
  const isTransferred = (url) => url.startsWith('http:') || url.startsWith('https:');
  return {
    log,
    /** The consent system's own files: everything but the storefront and the vendors. */
    toolFiles: () =>
      firstVisit().filter(({ url }) => isTransferred(url) && !storefrontFiles.has(url) && !url.startsWith(vendorOrigin)),
    vendorRequestsBeforeConsent: () => firstVisit().filter(({ url }) => url.startsWith(vendorOrigin)).length,
    otherOrigins: () =>
      [...new Set([...requests.values()].map(({ url }) => url).filter(isTransferred).map((url) => new URL(url).origin))].filter(
        (origin) => origin !== shopOrigin && origin !== vendorOrigin,
      ),
  };
}

async function scriptSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0;
}

export const bothVendorScriptsRan = (names) => names.every((name) => window.benchRan?.[name] !== undefined);
const lastVendorScriptAt = (names) => Math.max(...names.map((name) => window.benchRan[name]));

/** Resolves to whether `predicate(arg)` became true in the page within `timeout` ms. */
const becomesTrue = (page, predicate, arg, timeout) =>
  page.waitForFunction(predicate, arg, { timeout, polling: POLL_MS }).then(() => true, () => false);

/** A step that cannot go on throws this; its message is the run's problem. */
class StepFailed extends Error {}

/** First visit: until the banner shows, plus 2 s of idle. */
async function firstVisit({ page, cdp, network, pageUrl }, metrics, problems) {
  const scriptBefore = await scriptSeconds(cdp);
  await page.goto(pageUrl, { waitUntil: 'commit' });
  if (!(await becomesTrue(page, () => window.bench?.bannerVisibleAt != null, null, BANNER_TIMEOUT_MS))) {
    throw new StepFailed(`banner not visible within ${BANNER_TIMEOUT_MS / 1000} s`);
  }
  await page.waitForTimeout(IDLE_AFTER_BANNER_MS);
  const observed = await page.evaluate(() => ({ ...window.bench, vendorScriptsRan: Object.keys(window.benchRan ?? {}) }));
  metrics.toolBytes = network.toolFiles().reduce((sum, { bytes }) => sum + (bytes ?? 0), 0);
  metrics.shopFirstPaint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
  metrics.bannerVisible = observed.bannerVisibleAt;
  metrics.scriptTime = (await scriptSeconds(cdp)) - scriptBefore;
  metrics.longTasks = observed.longTaskExcess;
  metrics.cls = observed.layoutShift;
  if (observed.vendorScriptsRan.length) problems.push(`vendor script ran before consent: ${observed.vendorScriptsRan.join(', ')}`);
}

/** "Accept all", until both gated scripts have run. */
async function acceptAll({ page, network, system }, metrics) {
  network.log.phase = 'after-consent';
  metrics.vendorRequestsBeforeConsent = network.vendorRequestsBeforeConsent();
  await system.acceptAll(page).click({ timeout: 10_000 });
  if (!(await becomesTrue(page, bothVendorScriptsRan, VENDOR_SCRIPTS, SCRIPTS_TIMEOUT_MS))) {
    const ran = await page.evaluate(() => Object.keys(window.benchRan ?? {}));
    throw new StepFailed(`after "accept all", not every gated script ran within ${SCRIPTS_TIMEOUT_MS / 1000} s (ran: ${ran.join(', ') || 'none'})`);
  }
  const clickAt = await page.evaluate(() => window.bench.clickAt);
  metrics.clickToScripts = (await page.evaluate(lastVendorScriptAt, VENDOR_SCRIPTS)) - clickAt;
}

/** Returning visitor: a reload once the decision is stored, until both gated scripts have run. */
async function returningVisit({ page, network }, metrics, problems) {
  await page.waitForTimeout(SETTLE_BEFORE_RELOAD_MS);
  network.log.phase = 'return-visit';
  await page.reload({ waitUntil: 'commit' });
  if (!(await becomesTrue(page, bothVendorScriptsRan, VENDOR_SCRIPTS, SCRIPTS_TIMEOUT_MS))) {
    throw new StepFailed(`returning visitor: not every gated script ran within ${SCRIPTS_TIMEOUT_MS / 1000} s`);
  }
  metrics.returnToScripts = await page.evaluate(lastVendorScriptAt, VENDOR_SCRIPTS);
  await page.waitForTimeout(RETURN_BANNER_WATCH_MS);
  if (await page.evaluate(() => window.bench.bannerVisibleAt != null)) problems.push('returning visitor: the banner showed again');
}

/** A page in `context`, CPU slowed down, with CDP recording and the in-page instrumentation. */
async function openPage(context, system, origins) {
  const pageUrl = `${origins.shopOrigin}/${system.page}`;
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Network.enable');
  if (networkConditions) await cdp.send('Network.emulateNetworkConditions', networkConditions);
  await cdp.send('Performance.enable');
  const network = recordNetwork(cdp, { pageUrl, ...origins });
  await page.addInitScript(instrumentPage, { bannerPath: system.banner, watchMs: BANNER_TIMEOUT_MS });
  return { page, cdp, network, pageUrl, system };
}

/**
 * Measures the storefront without any consent system once, in a fresh context of `browser`, under
 * the same conditions as a first visit: until the load event plus 2 s of idle. Resolves to its
 * first contentful paint, script time, long-task time and layout shift.
 */
export async function measureStorefrontAlone(browser, page, origins) {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  try {
    const run = await openPage(context, { page, banner: [] }, origins);
    const scriptBefore = await scriptSeconds(run.cdp);
    await run.page.goto(run.pageUrl, { waitUntil: 'load' });
    await run.page.waitForTimeout(IDLE_AFTER_BANNER_MS);
    const observed = await run.page.evaluate(() => ({
      ...window.bench,
      firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
    return {
      firstContentfulPaint: observed.firstContentfulPaint,
      scriptTime: (await scriptSeconds(run.cdp)) - scriptBefore,
      longTasks: observed.longTaskExcess,
      cls: observed.layoutShift,
    };
  } finally {
    await context.close();
  }
}

/**
 * Measures `system` once in a fresh context of `browser`. Resolves to { metrics, problems, files }:
 * metrics by key (missing when a step failed), problems as sentences, files as the consent
 * system's requests on the first visit.
 */
export async function measureOnce(browser, system, { shopOrigin, vendorOrigin }) {
  const metrics = {};
  const problems = [];
  const context = await browser.newContext(CONTEXT_OPTIONS);
  let run;
  try {
    run = await openPage(context, system, { shopOrigin, vendorOrigin });
    await firstVisit(run, metrics, problems);
    await acceptAll(run, metrics);
    await returningVisit(run, metrics, problems);
  } catch (error) {
    problems.push(error instanceof StepFailed ? error.message : `run failed: ${error.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  const elsewhere = run?.network.otherOrigins() ?? [];
  if (elsewhere.length) problems.push(`requested other origins: ${elsewhere.join(', ')}`);
  return { metrics, problems, files: run?.network.toolFiles() ?? [] };
}
