// Checks what bench:long-tasks relies on: that a task's main-thread CPU time in a trace carries
// DevTools' CPU slowdown, and that its wall time also carries the machine's other load. A page runs
// the same busy loop in one task; each round loads it at 1× and at 4×, and the medians of the task's
// wall and CPU time are printed. Usage: node bench/cpu-time-check.mjs [--runs 5]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { launchChromiumOverPipe, openPage, waitInPage } from './cdp-pipe.mjs';
import { startTrace, stopWithTasks } from './main-thread-cpu.mjs';
import { CPU_SLOWDOWN } from './peers/measure.mjs';

const BUSY_PAGE = `<!doctype html><title>busy loop</title><script>
setTimeout(() => {
  let sum = 0;
  for (let i = 0; i < 6e6; i++) sum += Math.sqrt(i);
  window.busyLoopDone = sum > 0;
}, 300);
</script>`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function busyTaskAt(cdp, url, rate) {
  const page = await openPage(cdp);
  try {
    await page.send('Emulation.setCPUThrottlingRate', { rate });
    const trace = await startTrace(cdp);
    await page.send('Page.navigate', { url });
    await waitInPage(page, () => window.busyLoopDone, [], { timeoutMs: 20_000 });
    const tasks = await stopWithTasks(page, trace);
    return tasks.reduce((longest, task) => (task.wall > longest.wall ? task : longest));
  } finally {
    await page.close();
  }
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(BUSY_PAGE));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const cdp = await launchChromiumOverPipe();
const seen = { 1: [], [CPU_SLOWDOWN]: [] };
try {
  for (let run = 0; run < runs; run++) for (const rate of Object.keys(seen)) seen[rate].push(await busyTaskAt(cdp, url, Number(rate)));
} finally {
  await cdp.close();
  server.close();
}
for (const [rate, tasks] of Object.entries(seen)) {
  const wall = tasks.map((task) => task.wall);
  const cpu = tasks.map((task) => task.cpu);
  console.log(
    `${rate}×: wall ${median(wall).toFixed(1)} ms (${Math.min(...wall).toFixed(1)}–${Math.max(...wall).toFixed(1)}), ` +
      `CPU ${median(cpu).toFixed(1)} ms (${Math.min(...cpu).toFixed(1)}–${Math.max(...cpu).toFixed(1)})`,
  );
}
