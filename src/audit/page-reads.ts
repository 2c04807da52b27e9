// What the audit reads in the page (through Playwright's evaluate). Each function runs in the
// browser, so it is self-contained.
import type { ConsentState, DataLayerEntry, DatabaseSnapshot, GatedElement, PageCategory, StorageSnapshot } from './types.js';

/** The keys of this frame's localStorage and sessionStorage. */
export function readStorageKeys(): StorageSnapshot[] {
  const keys: StorageSnapshot[] = [];
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    try {
      const storage = window[area];
      for (let i = 0; i < storage.length; i += 1) keys.push({ area, origin: location.origin, key: storage.key(i)! });
    } catch {
      // Storage the browser refuses to this frame holds nothing to report.
    }
  }
  return keys;
}

/** This origin's IndexedDB databases, their stores and up to 20 keys of each. */
export async function readDatabases(): Promise<DatabaseSnapshot[]> {
  if (!indexedDB.databases) return [];
  const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
  const result: DatabaseSnapshot[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    try {
      const opening = indexedDB.open(name);
      // Never create a database: one deleted since it was listed would come back empty.
      opening.onupgradeneeded = () => opening.transaction?.abort();
      const db = await request(opening);
      const storeNames = [...db.objectStoreNames];
      const stores = [];
      for (const store of storeNames) {
        const keys = await request(db.transaction(store, 'readonly').objectStore(store).getAllKeys(null, 20));
        stores.push({ name: store, keys: keys.map((key) => String(key)) });
      }
      db.close();
      result.push({ name, stores });
    } catch {
      result.push({ name, stores: [] });
    }
  }
  return result;
}

/** `window.dataLayer` as JSON: `gtag()` calls as their arguments, other entries as they are. */
export function readDataLayer(): DataLayerEntry[] | null {
  const layer = (window as unknown as { dataLayer?: unknown }).dataLayer;
  if (!Array.isArray(layer)) return null;
  const plain = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
    if (value instanceof Date) return value.toISOString();
    if (depth > 3) return '[…]';
    if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item, depth + 1)]));
  };
  const isArguments = (entry: unknown) => Object.prototype.toString.call(entry) === '[object Arguments]';
  return layer.map((entry) =>
    isArguments(entry) || Array.isArray(entry) ? { command: Array.from(entry as ArrayLike<unknown>, (item) => plain(item, 1)) } : { object: plain(entry, 0) },
  );
}

/** Every element the page marked with `data-consent`, with the URL it loads or will load. */
export function readGatedElements(): GatedElement[] {
  return [...document.querySelectorAll('[data-consent]')].map((element) => {
    const raw = element.getAttribute('src') ?? element.getAttribute('data-src') ?? undefined;
    let url: string | undefined;
    try {
      url = raw ? new URL(raw, document.baseURI).href : undefined;
    } catch {
      url = undefined;
    }
    return {
      tag: element.localName,
      categories: (element.getAttribute('data-consent') ?? '').split(/\s+/).filter(Boolean),
      ...(url ? { url } : {}),
    };
  });
}

/** Assent's decision in force, as `window.assent.state` gives it (null without Assent). */
export function readState(): ConsentState | null {
  const state = (window as unknown as { assent?: { state?: ConsentState | null } }).assent?.state;
  return state ? (JSON.parse(JSON.stringify(state)) as ConsentState) : null;
}

/**
 * Whether Assent is on the page and ready: resolves once `assent.ready` has, or to 'not-ready'
 * after `timeoutMs`; 'absent' when the page has neither `window.assent` nor `<assent-consent>`.
 */
export async function awaitAssent(timeoutMs: number): Promise<'ready' | 'not-ready' | 'absent'> {
  const api = (window as unknown as { assent?: { ready?: Promise<unknown> } }).assent;
  if (!api?.ready) return document.querySelector('assent-consent') ? 'not-ready' : 'absent';
  const timeout = new Promise<'not-ready'>((resolve) => setTimeout(() => resolve('not-ready'), timeoutMs));
  return Promise.race([api.ready.then(() => 'ready' as const), timeout]);
}

/** What `<assent-consent>` and its `<assent-category>` children configure, from their attributes. */
export function readAssentMarkup(): {
  categories: PageCategory[];
  granted: string[];
  consentMode: boolean;
  gpc: 'respect' | 'ignore';
  reopenLink: boolean;
} {
  const host = document.querySelector('assent-consent');
  const words = (value: string | null | undefined) => (value ?? '').split(/\s+/).filter((word) => /^[a-z][a-z0-9_-]*$/.test(word));
  const names = words(host?.getAttribute('categories'));
  const children = host ? [...host.children].filter((child) => child.localName === 'assent-category') : [];
  for (const child of children) names.push(...words(child.getAttribute('name')).slice(0, 1));
  const categories = [...new Set(names)]
    .filter((name) => name !== 'necessary')
    .map((name) => {
      const element = children.find((child) => child.getAttribute('name') === name);
      const sale = element?.getAttribute('sale');
      const gcm = element?.getAttribute('gcm');
      return {
        name,
        sale: sale !== undefined && sale !== null && sale.toLowerCase() !== 'false',
        cookies: (element?.getAttribute('cookies') ?? '').split(/\s+/).filter(Boolean),
        gcm: gcm === undefined || gcm === null ? null : gcm.split(/\s+/).filter(Boolean),
      };
    });
  const api = (window as unknown as { assent?: { granted?: (category: string) => boolean } }).assent;
  const ownScript = [...document.scripts].find((script) => /assent(-head|\.iife)\.js/.test(script.src));
  const flag = (value: string | null | undefined) => value !== undefined && value !== null && value.toLowerCase() !== 'false';
  return {
    categories,
    granted: categories.filter(({ name }) => api?.granted?.(name) === true).map(({ name }) => name),
    consentMode: flag(host?.getAttribute('google-consent-mode')) || flag(ownScript?.getAttribute('data-google-consent-mode')),
    gpc: host?.getAttribute('gpc')?.toLowerCase() === 'ignore' ? 'ignore' : 'respect',
    reopenLink: Boolean(document.querySelector('[data-assent-open], assent-opt-out-link')),
  };
}

/**
 * The executable scripts in `<head>` before Assent's own `<script>` (assent-head.js or
 * assent.iife.js), by their URL, or "inline script" — they run before Assent can gate anything.
 */
export function readScriptsBeforeAssent(): string[] {
  const scripts = [...document.head.querySelectorAll('script')];
  const own = scripts.findIndex((script) => /assent(-head|\.iife)\.js/.test(script.src));
  if (own < 0) return [];
  const executable = (script: HTMLScriptElement) => {
    const type = (script.getAttribute('type') ?? '').trim().toLowerCase();
    return type === '' || type === 'module' || /^(text|application)\/(x-)?(java|ecma)script$/.test(type);
  };
  return scripts
    .slice(0, own)
    .filter(executable)
    .map((script) => script.src || `inline script in ${location.href}`);
}
