/** When an activated script runs, as the browser would have run it (HTML's script processing model). */
export type ScriptTiming = 'ordered' | 'async' | 'deferred';

/** Attributes that belong to the inert copy, not to the script that runs. */
const INERT_ONLY = new Set(['type', 'data-type', 'nonce']);

export function timingOf(script: HTMLScriptElement): ScriptTiming {
  const external = script.hasAttribute('src');
  if (script.dataset['type'] === 'module') return script.hasAttribute('async') ? 'async' : 'deferred';
  if (external && script.hasAttribute('async')) return 'async';
  if (external && script.hasAttribute('defer')) return 'deferred';
  return 'ordered';
}

export interface Activation {
  /** The script that runs, in the inert one's place. */
  readonly script: HTMLScriptElement;
  /** Settles when it ran, failed to load, or took longer than the timeout (`timedOut` true). */
  readonly settled: Promise<{ readonly timedOut: boolean }>;
}

/**
 * Runs an inert gated script. Changing `type` on the element itself would not run it, so a new
 * element takes its place with its attributes; the nonce comes from the property, since the
 * attribute reads "" once the browser hides it. `beforeRun` sees the new element before it can run.
 */
export function activateScript(inert: HTMLScriptElement, timeoutMs: number, beforeRun: (script: HTMLScriptElement) => void): Activation {
  const script = inert.ownerDocument.createElement('script');
  for (const { name, value } of inert.attributes) if (!INERT_ONLY.has(name)) script.setAttribute(name, value);
  if (inert.dataset['type'] === 'module') script.type = 'module';
  if (inert.nonce) script.nonce = inert.nonce;
  const external = inert.hasAttribute('src');
  // A created script is async: the browser's own in-order list would let one dead vendor hold
  // back every later script, even after the gate's timeout; the queue keeps the order instead.
  if (!external) script.text = inert.text;
  const settled = external ? loadOf(script, timeoutMs) : Promise.resolve({ timedOut: false });
  beforeRun(script); // an inline script runs during the insertion below
  inert.replaceWith(script);
  return { script, settled };
}

/**
 * Starts fetching an external script that must wait for the ones before it, as the browser's own
 * preload scanner would: the network works in parallel while the queue keeps the order. The link
 * carries what the script will carry (nonce, integrity, CORS mode), so the browser reuses the
 * response. Returns the link, to remove once the script ran. An async script runs as soon as it is
 * released and needs none, unless it is fetched ahead of its release (`evenAsync`).
 */
export function preloadScript(inert: HTMLScriptElement, { evenAsync = false } = {}): HTMLLinkElement | undefined {
  const src = inert.getAttribute('src');
  if (src === null || (inert.hasAttribute('async') && !evenAsync)) return undefined;
  const doc = inert.ownerDocument;
  const link = doc.createElement('link');
  const module = inert.dataset['type'] === 'module';
  link.rel = module ? 'modulepreload' : 'preload';
  if (!module) link.as = 'script';
  for (const name of ['crossorigin', 'integrity', 'referrerpolicy']) {
    const value = inert.getAttribute(name);
    if (value !== null) link.setAttribute(name, value);
  }
  if (inert.nonce) link.nonce = inert.nonce;
  link.href = src;
  doc.head.append(link);
  return link;
}

function loadOf(script: HTMLScriptElement, timeoutMs: number): Promise<{ timedOut: boolean }> {
  return new Promise((resolve) => {
    const finish = (timedOut: boolean) => {
      clearTimeout(timer);
      script.removeEventListener('load', onEnd);
      script.removeEventListener('error', onEnd);
      resolve({ timedOut });
    };
    const onEnd = () => finish(false);
    const timer = setTimeout(() => finish(true), timeoutMs);
    script.addEventListener('load', onEnd);
    script.addEventListener('error', onEnd);
  });
}
