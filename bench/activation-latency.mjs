// Activation latency: from the shopper's "Accept all" click to the demo's gated scripts having run.
// Runs the demo storefront (built dist/) on free ports in the system Chromium, 10 fresh visits by
// default, and prints the median with min–max. Usage: npm run build && node bench/activation-latency.mjs [runs]
import { chromium } from '@playwright/test';
import { cpus } from 'node:os';
import { startDemoServer } from '../demo/server.mjs';

const RUNS = Number(process.argv[2] ?? 10);
/** Every gated script of the demo storefront logs one of these when it runs. */
const GATED_SCRIPTS = 8;

const server = await startDemoServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Timestamps, on the page's clock, of the click and of each gated script's first statement. */
function instrument() {
  const ran = [];
  window.benchRan = ran;
  window.thirdPartyLog = new Proxy([], {
    get(target, key) {
      if (key === 'push') return (...names) => (names.forEach((name) => ran.push([name, performance.now()])), target.push(...names));
      return Reflect.get(target, key);
    },
  });
  document.addEventListener('click', (event) => (window.benchClickAt = event.timeStamp), true);
}

const toFirst = [];
const toLast = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(instrument);
    await page.goto(server.url);
    const accept = page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' });
    await accept.waitFor();
    await page.waitForLoadState('networkidle');
    await accept.click();
    await page.waitForFunction((count) => window.benchRan.length >= count, GATED_SCRIPTS);
    const { clickAt, times } = await page.evaluate(() => ({ clickAt: window.benchClickAt, times: window.benchRan.map(([, at]) => at) }));
    toFirst.push(Math.min(...times) - clickAt);
    toLast.push(Math.max(...times) - clickAt);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const row = (label, values) =>
  `${label.padEnd(44)} ${median(values).toFixed(1).padStart(7)} ms   (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;

console.log(`Activation latency, ${RUNS} fresh visits, Chromium ${browser.version()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log(row('click → first gated script ran', toFirst));
console.log(row(`click → last of ${GATED_SCRIPTS} gated scripts ran`, toLast));
console.log('(the demo\'s gtag.js answers after 150 ms on purpose, and the scripts after it wait for it)');
