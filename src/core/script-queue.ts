import { timingOf } from './script-activation.js';

/**
 * Keeps the browser's order for activated scripts: `ordered` ones one after another (each waits
 * for the one before to load or fail), `async` ones at once, `deferred` ones after the document
 * is parsed and after the ordered scripts of their batch, in their own order.
 */
export class ScriptQueue {
  #ordered: Promise<void> = Promise.resolve();
  #deferred: Promise<void>;

  constructor(
    /** Runs one script; settles when the next in order may run. Never rejects. */
    private readonly run: (script: HTMLScriptElement) => Promise<void>,
    /** Settles when the document is parsed. */
    parsed: Promise<void>,
  ) {
    this.#deferred = parsed;
  }

  /** Adds scripts that became runnable together, in document order. */
  add(scripts: readonly HTMLScriptElement[]): void {
    const deferred: HTMLScriptElement[] = [];
    for (const script of scripts) {
      const timing = timingOf(script);
      if (timing === 'async') void this.run(script);
      else if (timing === 'ordered') this.#ordered = this.#ordered.then(() => this.run(script));
      else deferred.push(script);
    }
    if (deferred.length === 0) return;
    let chain: Promise<void> = Promise.all([this.#deferred, this.#ordered]).then(() => undefined);
    for (const script of deferred) chain = chain.then(() => this.run(script));
    this.#deferred = chain;
  }
}
