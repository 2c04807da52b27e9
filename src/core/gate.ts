import type { ConsentManager, ConsentSnapshot } from './consent.js';
import { deleteCookies, deleteStorageKeys, type SiteLocation } from './cookies.js';
import { guardDocumentWrite } from './document-write-guard.js';
import { categoriesOf, documentOrder, elementsNamingConsent, heldSources, isComplete, isGateable, takeEagerAttribute } from './gated-elements.js';
import { activateScript, preloadScript } from './script-activation.js';
import { inNextTask } from './next-task.js';
import { ScriptQueue } from './script-queue.js';
import { safeHttpUrl } from './url.js';
import type { Report } from './problems.js';

export interface GateOptions {
  /** Where mistakes in the marked elements, and what their scripts do wrong, are told. */
  readonly report: Report;
  readonly document?: Document;
  /** Assent's own script carries a nonce: a gated script without one must not run (docs/gating.md). */
  readonly requireNonce?: boolean;
  /** How long an ordered script may take to load before the ones after it run anyway. */
  readonly scriptTimeoutMs?: number;
  /** What stands in a gated iframe's place until its categories are granted. */
  readonly placeholder?: (frame: HTMLIFrameElement, categories: readonly string[]) => Element;
  /** Reloads the page after a withdrawal of code that already ran. */
  readonly reload?: () => void;
  readonly location?: SiteLocation;
}

export const DEFAULT_SCRIPT_TIMEOUT_MS = 10_000;

/**
 * Holds back third-party code until the shopper allows it (docs/gating.md): gated scripts, iframes
 * and media present at load or added at any time stay inert until every category they name is
 * granted, then run as the browser would have run them. On withdrawal the categories' cookies
 * and storage keys are deleted, iframes are held back again, and the page reloads when code of a
 * withdrawn category already ran.
 */
export function gateThirdParties(manager: ConsentManager, options: GateOptions): () => void {
  const doc = options.document ?? document;
  const { report } = options;
  const timeoutMs = options.scriptTimeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
  /** Found and not yet released, in no particular order. */
  const waiting = new Set<Element>();
  /** Released elements: nothing runs twice. */
  const released = new WeakSet<Element>();
  /** Elements that name categories but cannot be held back: the page author is told once. */
  const refusedOnce = new WeakSet<Element>();
  const activated = new WeakSet<HTMLOrSVGScriptElement>();
  const placeholders = new Map<HTMLIFrameElement, Element>();
  const loadedFrames = new Map<HTMLIFrameElement, readonly string[]>();
  /** Categories whose scripts ran on this page: they cannot be unloaded. */
  const ranCategories = new Set<string>();
  /** Fetches started ahead of the scripts' turn in the queue. */
  const preloads = new Map<HTMLScriptElement, HTMLLinkElement>();
  let guarded = false;

  const scripts = new ScriptQueue((inert) => runScript(inert), parsed(doc));

  /** Scripts that may not run at all under the page's policy (docs/gating.md). */
  function refused(inert: HTMLScriptElement): boolean {
    return Boolean(options.requireNonce) && !inert.nonce;
  }

  function runScript(inert: HTMLScriptElement): Promise<void> {
    const preload = preloads.get(inert);
    preloads.delete(inert);
    if (!inert.isConnected) {
      preload?.remove();
      return Promise.resolve();
    }
    if (refused(inert)) {
      report({ code: 'missing-nonce', element: inert });
      return Promise.resolve();
    }
    if (!guarded) {
      guarded = true;
      guardDocumentWrite(doc, (script) => activated.has(script), report);
    }
    for (const category of categoriesOf(inert) ?? []) ranCategories.add(category);
    const { script, settled } = activateScript(inert, timeoutMs, (created) => activated.add(created));
    return settled.then(({ timedOut }) => {
      preload?.remove();
      if (timedOut) report({ code: 'slow-script', element: script, seconds: timeoutMs / 1000 });
    });
  }

  function find(root: ParentNode): void {
    for (const element of elementsNamingConsent(root)) {
      if (released.has(element) || waiting.has(element) || refusedOnce.has(element)) continue;
      const eager = takeEagerAttribute(element);
      if (eager) report({ code: 'eager-source', element, attribute: eager });
      if (!isGateable(element)) {
        if (!(isScript(element) && activated.has(element))) report({ code: 'not-held-back', element });
        refusedOnce.add(element);
        continue;
      }
      if (!categoriesOf(element)) {
        report({ code: 'no-valid-category', element });
        refusedOnce.add(element);
        continue;
      }
      waiting.add(element);
    }
  }

  /** Releases what the snapshot allows, in document order; holds iframes back behind placeholders. */
  function sweep(snapshot: ConsentSnapshot): void {
    if (!snapshot.ready) return;
    const anchor = (element: Element) => placeholders.get(element as HTMLIFrameElement) ?? element;
    for (const element of waiting) {
      // Removed from the page (an SPA view that went away): found again if it comes back.
      if (anchor(element).isConnected) continue;
      waiting.delete(element);
      placeholders.delete(element as HTMLIFrameElement);
      dropPreload(element);
    }
    const candidates = [...waiting].sort((a, b) => documentOrder(anchor(a), anchor(b)));
    const runnable: HTMLScriptElement[] = [];
    for (const element of candidates) {
      if (!isComplete(element)) break; // the parser is still inside it: it and what follows wait
      const categories = categoriesOf(element)!;
      for (const name of categories) {
        if (!(name in snapshot.grants)) report({ code: 'unconfigured-category', element, category: name, configured: Object.keys(snapshot.grants) });
      }
      if (!allowed(element, snapshot)) {
        if (isFrame(element)) holdFrame(element, categories);
        dropPreload(element); // fetched ahead of a decision that a later one took back
        continue;
      }
      waiting.delete(element);
      released.add(element);
      if (isScript(element)) runnable.push(element);
      else if (isFrame(element)) loadFrame(element, categories);
      else loadMedia(element);
    }
    for (const script of runnable) {
      const link = refused(script) || preloads.has(script) ? undefined : preloadScript(script);
      if (link) preloads.set(script, link);
    }
    scripts.add(runnable);
  }

  /**
   * Starts fetching the external scripts the snapshot allows, in the task that decided: the sweep
   * that runs them comes a task later (after the frame that hides the banner) and finds them on
   * their way. Nothing runs here, so the click stays as quick to answer as before.
   */
  function fetchAhead(snapshot: ConsentSnapshot): void {
    if (!snapshot.ready) return;
    for (const element of waiting) {
      // A link for a script the page has since removed is dropped by the next sweep.
      if (!isScript(element) || preloads.has(element) || refused(element) || !allowed(element, snapshot)) continue;
      const link = preloadScript(element, { evenAsync: true });
      if (link) preloads.set(element, link);
    }
  }

  function allowed(element: Element, snapshot: ConsentSnapshot): boolean {
    return categoriesOf(element)!.every((name) => snapshot.grants[name] === true);
  }

  function dropPreload(element: Element): void {
    preloads.get(element as HTMLScriptElement)?.remove();
    preloads.delete(element as HTMLScriptElement);
  }

  function holdFrame(frame: HTMLIFrameElement, categories: readonly string[]): void {
    if (placeholders.has(frame) || !options.placeholder || !frame.isConnected) return;
    const placeholder = options.placeholder(frame, categories);
    placeholders.set(frame, placeholder);
    frame.replaceWith(placeholder);
  }

  function loadFrame(frame: HTMLIFrameElement, categories: readonly string[]): void {
    setSource(frame, 'srcdoc'); // first: with srcdoc set, setting src navigates nowhere
    setSource(frame, 'src');
    loadedFrames.set(frame, categories);
    const placeholder = placeholders.get(frame);
    placeholders.delete(frame);
    placeholder?.replaceWith(frame);
  }

  function loadMedia(element: Element): void {
    for (const held of heldSources(element)) {
      setSource(held, 'src');
      setSource(held, 'srcset');
    }
    setSource(element, 'poster');
    const media = element.closest<HTMLMediaElement>('video, audio');
    if (media && media.querySelector('source') !== null) media.load();
  }

  /** Sets `name` from `data-name`: a URL only when it is safe; a `srcdoc` is the page's own markup. */
  function setSource(element: Element, name: 'src' | 'srcset' | 'poster' | 'srcdoc'): void {
    const value = element.getAttribute(`data-${name}`);
    if (value === null) return;
    const safe = name === 'srcdoc' ? value : name === 'srcset' ? safeSrcset(value) : safeHttpUrl(value);
    if (safe === undefined) report({ code: 'unsafe-source', element, attribute: name, value });
    else element.setAttribute(name, safe);
  }

  /** A withdrawn category: forget what it stored, hold its iframes back, and reload if its code ran. */
  function withdraw(revoked: readonly string[], snapshot: ConsentSnapshot): void {
    for (const category of snapshot.config.categories) {
      if (!revoked.includes(category.name) || category.cookies.length === 0) continue;
      deleteCookies(category.cookies, doc, options.location ?? doc.location);
      deleteStorageKeys(category.cookies);
    }
    for (const [frame, categories] of loadedFrames) {
      if (!categories.some((name) => revoked.includes(name))) continue;
      loadedFrames.delete(frame);
      released.delete(frame);
      frame.removeAttribute('src');
      frame.removeAttribute('srcdoc');
      waiting.add(frame);
    }
    if (snapshot.config.reloadOnWithdraw && revoked.some((name) => ranCategories.has(name))) {
      void manager.saved.then(() => (options.reload ?? (() => doc.location.reload()))());
    }
  }

  /**
   * Releasing inserts elements, which costs the main thread: each sweep runs in a task of its
   * own, not in the one that decided, read the stored decision or parsed, with the snapshot of then.
   */
  let sweepPending = false;
  let stopped = false;
  const sweepSoon = () => {
    if (sweepPending) return;
    sweepPending = true;
    void inNextTask(() => {
      sweepPending = false;
      if (!stopped) sweep(manager.snapshot);
    });
  };
  let grants: Readonly<Record<string, boolean>> = manager.snapshot.grants;
  const stop = manager.subscribe((event, snapshot) => {
    const revoked = Object.keys(grants).filter((name) => grants[name] && !snapshot.grants[name]);
    grants = snapshot.grants;
    if (event.type === 'decision' && revoked.length > 0) withdraw(revoked, snapshot);
    // After every subscriber has heard of the decision (the diagnostics note its time), still in its task.
    queueMicrotask(() => stopped || fetchAhead(manager.snapshot));
    sweepSoon();
  });
  const observer = new MutationObserver((records) => {
    // While the parser adds the page, a batch holds hundreds of elements, many with children by
    // now: one search of the whole document costs far less than one search below each of them.
    if (doc.readyState === 'loading') find(doc);
    else for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) find(node);
    sweepSoon();
  });
  observer.observe(doc, { childList: true, subtree: true });
  doc.addEventListener('DOMContentLoaded', sweepSoon);
  find(doc);
  sweepSoon();
  return () => {
    stopped = true;
    stop();
    observer.disconnect();
    doc.removeEventListener('DOMContentLoaded', sweepSoon);
  };
}

// By tag name rather than instanceof: the elements may come from another realm (a same-origin frame).
const isScript = (element: Element): element is HTMLScriptElement => element.localName === 'script';
const isFrame = (element: Element): element is HTMLIFrameElement => element.localName === 'iframe';

function parsed(doc: Document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/** Each candidate of a srcset must be a safe URL. */
function safeSrcset(value: string): string | undefined {
  const candidates = value.split(',').map((candidate) => candidate.trim()).filter(Boolean);
  return candidates.length > 0 && candidates.every((candidate) => safeHttpUrl(candidate.split(/\s+/)[0]!) !== undefined) ? value : undefined;
}
