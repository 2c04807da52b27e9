// Scripts the audit adds to every frame before the page's own (Playwright init scripts). They run
// in the browser, so each is self-contained: no imports, no helpers from outside the function.

/** The function the page calls to report a write to the audit (Playwright binding). */
export const REPORT_BINDING = '__assentAuditReport';

/** What the instrumentation reports; the audit adds the phase. */
export interface ReportedWrite {
  readonly kind: 'cookie' | 'localStorage' | 'sessionStorage' | 'indexedDB-open' | 'indexedDB-delete' | 'storage-clear';
  readonly name: string;
  readonly by?: string;
  readonly origin: string;
}

/**
 * Reports every cookie written through `document.cookie`, every `setItem` and `clear` of
 * `localStorage`/`sessionStorage`, and every IndexedDB database opened or deleted, with the script
 * that did it: the first script URL on the call stack (an inline script shows as its document's
 * URL). The writes themselves go through unchanged.
 */
export function reportWrites(binding: string): void {
  const target = window as unknown as Record<string, ((write: ReportedWrite) => unknown) | undefined>;
  const callerScript = (): string | undefined => {
    const lines = (new Error().stack ?? '').split('\n').slice(1);
    for (const line of lines) {
      const match = /((?:https?|file):\/\/[^\s)]+?)(?::\d+){1,2}\)?$/.exec(line.trim());
      if (match) return match[1];
    }
    return undefined;
  };
  const report = (kind: ReportedWrite['kind'], name: string) => {
    try {
      const by = callerScript();
      void target[binding]?.({ kind, name, origin: location.origin, ...(by ? { by } : {}) });
    } catch {
      // The page goes on whatever the audit's channel does.
    }
  };

  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.get && cookie.set) {
    const { get, set } = cookie;
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable ?? true,
      get() {
        return get.call(this);
      },
      set(value: string) {
        report('cookie', String(value).split(';')[0]!.split('=')[0]!.trim());
        set.call(this, value);
      },
    });
  }

  const { setItem, clear } = Storage.prototype;
  const areaOf = (storage: Storage) => {
    try {
      return storage === window.sessionStorage ? 'sessionStorage' : 'localStorage';
    } catch {
      return 'localStorage';
    }
  };
  Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
    report(areaOf(this), String(key));
    return setItem.call(this, key, value);
  };
  Storage.prototype.clear = function (this: Storage) {
    report('storage-clear', areaOf(this));
    return clear.call(this);
  };

  const { open, deleteDatabase } = IDBFactory.prototype;
  IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
    report('indexedDB-open', String(name));
    return version === undefined ? open.call(this, name) : open.call(this, name, version);
  };
  IDBFactory.prototype.deleteDatabase = function (this: IDBFactory, name: string) {
    report('indexedDB-delete', String(name));
    return deleteDatabase.call(this, name);
  };
}

/**
 * Global Privacy Control on. Chromium has no setting for it, so `navigator.globalPrivacyControl`
 * is defined here and the `Sec-GPC: 1` header is sent with every request (extraHTTPHeaders).
 */
export function announceGlobalPrivacyControl(): void {
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, enumerable: true, get: () => true });
}
