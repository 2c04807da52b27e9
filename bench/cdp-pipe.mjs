// The system Chromium driven through the DevTools protocol over a pipe, with nothing enabled but
// what a measurement asks for. Playwright always enables the Network domain, and with it Blink
// records the initiator's stack (and source positions) of every request a script makes: at 4× CPU
// slowdown that adds 5–20 ms to each script Assent inserts, which no shopper's browser does.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the machine needs, and no background work or throttling of a page that is not in front. */
const BROWSER_ARGS = [
  '--headless',
  '--disable-field-trial-config',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--remote-debugging-pipe',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--hide-scrollbars',
  '--mute-audio',
];

/**
 * Starts Chromium and returns a protocol client: `send` to the browser or a session, `on` to
 * follow an event (it returns the function that stops following), `close`.
 */
export async function launchChromiumOverPipe() {
  const profile = await mkdtemp(join(tmpdir(), 'assent-bench-'));
  const browser = spawn(process.env.CHROME_PATH ?? '/usr/bin/chromium', [...BROWSER_ARGS, `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const [toBrowser, fromBrowser] = [browser.stdio[3], browser.stdio[4]];
  const pending = new Map();
  const followers = new Map(); // event method → its listeners
  let nextId = 1;
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk) => {
    const messages = (buffered + chunk).split('\0');
    buffered = messages.pop();
    for (const message of messages) {
      const { id, result, error, method: event, params } = JSON.parse(message);
      if (event) for (const listener of followers.get(event) ?? []) listener(params);
      if (!pending.has(id)) continue;
      const { resolve, reject, method } = pending.get(id);
      pending.delete(id);
      if (error) reject(new Error(`${method}: ${error.message}`));
      else resolve(result);
    }
  });
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  exited.then(() => {
    for (const { reject, method } of pending.values()) reject(new Error(`${method}: the browser exited`));
  });

  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  const on = (event, listener) => {
    if (!followers.has(event)) followers.set(event, new Set());
    followers.get(event).add(listener);
    return () => followers.get(event).delete(listener);
  };

  const close = async () => {
    if (browser.exitCode === null) {
      send('Browser.close').catch(() => {});
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      browser.kill();
    }
    await rm(profile, { recursive: true, force: true });
  };
  return { send, on, close };
}

/** A fresh browser context (its own storage) with one page; `send` talks to that page. */
export async function openPage(cdp, url = 'about:blank') {
  const { browserContextId } = await cdp.send('Target.createBrowserContext');
  const { targetId } = await cdp.send('Target.createTarget', { url, browserContextId });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  return {
    send: (method, params) => cdp.send(method, params, sessionId),
    close: () => cdp.send('Target.disposeBrowserContext', { browserContextId }),
  };
}

/** Evaluates `fn(...args)` in the page and returns its value (awaited). */
export async function evaluate(page, fn, ...args) {
  const expression = `(${fn})(...${JSON.stringify(args)})`;
  const { result, exceptionDetails } = await page.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

/** Polls `fn(...args)` in the page until it is truthy, every `everyMs`, failing after `timeoutMs`. */
export async function waitInPage(page, fn, args, { timeoutMs, everyMs = 50 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await evaluate(page, fn, ...args)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${fn.name || 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
