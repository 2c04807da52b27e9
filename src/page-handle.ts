import type { AssentApi } from './core/api.js';
import type { ConsentManager } from './core/consent.js';
import type { EndpointRecord } from './core/endpoint.js';
import type { Outbox } from './core/outbox.js';
import type { ProblemReport } from './core/problem-report.js';
import type { ConsentState } from './core/types.js';
import type { WarningLog } from './core/warn.js';
import type { LocaleSource } from './ui/i18n/locale.js';

/** The page's one Assent, shared by every copy of the script and by the parts loaded later. */
export interface PageHandle {
  readonly api: AssentApi;
  readonly manager: ConsentManager;
  /** Every warning written so far is in `warn.written`. */
  readonly warn: WarningLog;
  /** Configuration problems, waiting for the warnings part to describe them. */
  readonly problems: ProblemReport;
  /** The UI's language, loaded once something must show text. */
  readonly locale: LocaleSource;
  /** Where the endpoint's part plugs in when it has loaded. */
  readonly endpoint: EndpointSocket;
  /** The names of `data-signals` on Assent's `<script>`, whose vendor defaults it sent. */
  readonly signalsOnScript: readonly string[];
  /** What `<assent-opt-out-link>` shows: it renders `link` and answers how to stop following the language. */
  readonly optOutLink: PartSocket<(link: HTMLElement) => () => void>;
}

/** A part that hands the page one function once it has loaded. */
export interface PartSocket<T> {
  /** Loads the part if it is not there yet; answers its function, or undefined when it could not load. */
  (): Promise<T | undefined>;
  connect(value: T): void;
}

/**
 * Decisions made before the endpoint's part loaded wait here; the part takes them when it
 * connects and gives back the outbox that receipts are read from.
 */
export interface EndpointSocket {
  /** `startedWith`: the decision the page became ready with, when the part connects after that. */
  connect(start: (earlier: readonly EndpointRecord[], startedWith?: ConsentState | null) => Pick<Outbox, 'receipt'>): void;
  /** The connected part's outbox, or undefined before it connects. */
  readonly receipts: Pick<Outbox, 'receipt'> | undefined;
}

const PAGE_KEY = Symbol.for('assent.page');
type PageGlobal = typeof globalThis & { [PAGE_KEY]?: PageHandle };

export function pageHandle(): PageHandle | undefined {
  return (globalThis as PageGlobal)[PAGE_KEY];
}

export function setPageHandle(handle: PageHandle): void {
  (globalThis as PageGlobal)[PAGE_KEY] = handle;
}
