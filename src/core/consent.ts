import { DEFAULT_CONFIG } from './config.js';
import { checkRecord } from './record.js';
import type { DecisionCopies } from './copy-store.js';
import { sameCategories, supersedes } from './decision-copy.js';
import type { KeptDecision } from './endpoint.js';
import type { ConsentStore } from './storage.js';
import { regimeFor, type Regime } from './jurisdiction.js';
import { keptVariant } from './variant.js';
import { randomUuid } from './uuid.js';
import { NECESSARY, type Config, type ConsentMethod, type ConsentState, type Warn } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Everything the UI renders and subscribers react to, replaced (never mutated) on every change. */
export interface ConsentSnapshot {
  /** The stored decision has been read and the configuration is known. */
  readonly ready: boolean;
  readonly config: Config;
  /** The decision in force: null before one, or when it expired or the policy changed. */
  readonly state: ConsentState | null;
  /** For every configured category: may its code run now. */
  readonly grants: Readonly<Record<string, boolean>>;
  /** The regime in force: the configured mode, or for `auto` the one of the shopper's region. */
  readonly mode: Regime;
  /** The presentation variant shown: `variant`, or this browser's pick of `variants`; carried in every record. */
  readonly variant: string | undefined;
  /** The browser objects to the sale of data (Global Privacy Control, or Do Not Track when respected). */
  readonly objection: boolean;
  /** The shopper has to be asked (opt-in) or told (opt-out notice). */
  readonly showBanner: boolean;
  readonly preferencesOpen: boolean;
}

export type ManagerEvent =
  | { readonly type: 'ready'; readonly state: ConsentState | null }
  | {
      readonly type: 'decision';
      readonly state: ConsentState;
      readonly previous: ConsentState | null;
      /** `other-tab`: made in another tab of the same site and already stored there. */
      readonly source: 'local' | 'other-tab';
    }
  /** The latest decision moved to another (id, revision), unchanged otherwise: see `reissue`. */
  | { readonly type: 'reissued'; readonly state: ConsentState }
  /** The snapshot changed without a decision: configuration, or the preference center. */
  | { readonly type: 'update' };

/** Where a record sits among an id's records. */
export type RecordKey = Pick<ConsentState, 'id' | 'revision'>;

export type ManagerListener = (event: ManagerEvent, snapshot: ConsentSnapshot) => void;

export interface ManagerOptions {
  readonly store: ConsentStore;
  readonly warn: Warn;
  readonly now?: () => number;
  readonly randomId?: () => string;
  /** Whether Global Privacy Control is on, recorded with each decision. */
  readonly gpcSignal?: () => boolean;
  /** Whether Do Not Track is on; it counts only with `dnt="respect"`, and only as an objection. */
  readonly dntSignal?: () => boolean;
  /** For `mode="auto"` without a `region` attribute: where the shopper is (`DE`, `US-CA`), if known. */
  readonly locate?: (config: Config) => Promise<string | undefined>;
  /**
   * Asked once, before the manager is ready, when nothing is stored locally: a decision kept
   * elsewhere (the endpoint), or undefined. It is validated like a stored one.
   */
  readonly restore?: (config: Config) => Promise<KeptDecision | undefined>;
  /** Picks this browser's variant of the page's `variants` (and keeps it: see variant.ts). */
  readonly pickVariant?: (variants: readonly string[]) => string;
  /** Synchronous copies of the decision: the returning shopper's fast path, and sharing with sub-domains. */
  readonly copies?: DecisionCopies;
  /** Told of a decision taken from another sub-domain's copy: that sub-domain sent it to the endpoint. */
  readonly sharedBy?: (record: ConsentState) => void;
}

/**
 * The single source of truth: owns the shopper's decision and the rules around it (policy
 * version, expiry, mode). Everything else feeds it a decision or reacts to its events.
 */
export class ConsentManager {
  /** Resolves once the stored decision is read and the configuration is known. */
  readonly ready: Promise<ConsentState | null>;

  #snapshotValue: ConsentSnapshot;
  /** The latest valid record, in force or not: it carries the id and revision forward. */
  #latest: ConsentState | null = null;
  #configured = false;
  #loaded = false;
  /** The copy the manager became ready with before IndexedDB answered (docs/gating.md#the-returning-shopper). */
  #quick: ConsentState | undefined;
  /** undefined: not asked yet; a promise while asking; null once done. */
  #restoring: Promise<void> | null | undefined;
  readonly #listeners = new Set<ManagerListener>();
  #writes: Promise<void> = Promise.resolve();
  #resolveReady!: (state: ConsentState | null) => void;

  readonly #store: ConsentStore;
  readonly #warn: Warn;
  readonly #now: () => number;
  readonly #randomId: () => string;
  readonly #gpcSignal: () => boolean;
  readonly #dntSignal: () => boolean;
  readonly #locate: ((config: Config) => Promise<string | undefined>) | undefined;
  /** The region found for `mode="auto"`, once looked up. */
  #located: string | undefined;
  readonly #restore: ((config: Config) => Promise<KeptDecision | undefined>) | undefined;
  readonly #pickVariant: (variants: readonly string[]) => string;
  readonly #copies: DecisionCopies | undefined;
  readonly #sharedBy: ((record: ConsentState) => void) | undefined;
  /** The last pick, so that re-reading the configuration does not pick again. */
  #picked: { readonly of: string; readonly variant: string } | undefined;

  constructor(options: ManagerOptions) {
    this.#store = options.store;
    this.#warn = options.warn;
    this.#now = options.now ?? Date.now;
    this.#randomId = options.randomId ?? randomUuid;
    this.#gpcSignal = options.gpcSignal ?? (() => false);
    this.#dntSignal = options.dntSignal ?? (() => false);
    this.#locate = options.locate;
    this.#restore = options.restore;
    this.#pickVariant = options.pickVariant ?? keptVariant;
    this.#copies = options.copies;
    this.#sharedBy = options.sharedBy;
    this.#snapshotValue = Object.freeze({
      ready: false,
      config: DEFAULT_CONFIG,
      state: null,
      grants: grantsFor(DEFAULT_CONFIG, null, false, 'opt-in', false),
      mode: 'opt-in',
      variant: undefined,
      objection: false,
      showBanner: false,
      preferencesOpen: false,
    });
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
    void this.#load();
  }

  /** Settles once every decision made so far is stored (or failed to be, with a warning). */
  get saved(): Promise<void> {
    return this.#writes;
  }

  get snapshot(): ConsentSnapshot {
    return this.#snapshotValue;
  }

  get state(): ConsentState | null {
    return this.#snapshotValue.state;
  }

  /** The latest valid decision, in force or not: the one the endpoint must end up with. */
  get latest(): ConsentState | null {
    return this.#latest;
  }

  granted(category: string): boolean {
    return category === NECESSARY || this.#snapshotValue.grants[category] === true;
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: ManagerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sets or replaces the configuration; a new policy version or shorter lifetime asks again. */
  configure(config: Config): void {
    const wasReady = this.#snapshotValue.ready;
    this.#configured = true;
    this.#publish({ config }, { type: 'update' });
    if (wasReady) this.#honourObjection(); // a new configuration may change the regime
    else this.#becomeReadyWhenComplete(); // which honours it once ready
  }

  /** Every category, except those counted as sale while the browser objects (GPC): only their own switch grants them. */
  acceptAll(method: 'accept-all' | 'api' = 'accept-all'): Promise<ConsentState> {
    return this.#decide(method, (config) => decisionsFor(config, (name) => !(this.#snapshotValue.objection && isSale(config, name))));
  }

  rejectAll(method: 'reject-all' | 'api' = 'reject-all'): Promise<ConsentState> {
    return this.#decide(method, (config) => decisionsFor(config, () => false));
  }

  /** Changes the named categories and keeps the others as they are now. */
  update(changes: Readonly<Record<string, unknown>>, method: 'custom' | 'api' = 'custom'): Promise<ConsentState> {
    if (!isPlainObject(changes)) this.#warn('update() expects an object such as { analytics: true }; nothing is changed.');
    return this.#decide(method, (config, grants) => {
      const known = new Set(config.categories.map((category) => category.name));
      const accepted: Record<string, boolean> = {};
      for (const [name, value] of Object.entries(isPlainObject(changes) ? changes : {})) {
        // One text for the three mistakes: the main script's bytes are for shoppers.
        if (known.has(name) && typeof value === 'boolean' && (value || name !== NECESSARY)) accepted[name] = value;
        else this.#warn(`update(): "${name}": ${String(value)} is ignored; name a configured category with true or false ("necessary" stays on).`);
      }
      return decisionsFor(config, (name) => accepted[name] ?? grants[name] === true);
    });
  }

  /** Withdraws every optional category; the shopper is asked again until deciding anew. */
  withdraw(): Promise<ConsentState> {
    return this.#decide('withdraw', (config) => decisionsFor(config, () => false));
  }

  openPreferences(): void {
    void this.ready.then(() => this.#publish({ preferencesOpen: true }, { type: 'update' }));
  }

  closePreferences(): void {
    if (this.#snapshotValue.preferencesOpen) this.#publish({ preferencesOpen: false }, { type: 'update' });
  }

  /**
   * Another tab says it stored a decision. What it says is only a hint (any script of the site
   * can say it): the decision is read back from the store the site's tabs share, checked like any
   * stored one, and taken when it is newer than this tab's. It is already stored, so it is only
   * shown here. A decision the other tab only moved to another (id, revision) is taken quietly.
   */
  adoptStored(): Promise<void> {
    return this.ready.then(async () => {
      const record = await this.#readStored(); // on failure this tab's own decision stands
      const latest = this.#latest;
      if (!record || (latest?.id === record.id && record.revision <= latest.revision)) return;
      const previous = this.#snapshotValue.state;
      this.#latest = record;
      const state = inForce(record, this.#snapshotValue.config, this.#now());
      // The same decision under another (id, revision): only moved (`reissue`), not decided.
      if (latest?.timestamp === record.timestamp) this.#publish({}, { type: 'update' });
      else this.#publish({ preferencesOpen: false }, state ? { type: 'decision', state, previous, source: 'other-tab' } : { type: 'update' });
    });
  }

  /**
   * The endpoint cannot take the latest decision under its (id, revision): it refused this
   * browser's proof for the id, or holds another record there (docs/record.md). The same decision
   * (time, choices, method) moves to `to` and is stored; nothing was decided, so no decision event.
   * Does nothing when `from` is no longer the latest decision.
   */
  reissue(from: RecordKey, to: RecordKey): Promise<void> {
    const latest = this.#latest;
    if (latest?.id !== from.id || latest.revision !== from.revision) return this.#writes;
    const record: ConsentState = Object.freeze({ ...latest, id: to.id, revision: to.revision });
    this.#latest = record;
    const saved = this.#persist(record);
    this.#publish({}, { type: 'reissued', state: record });
    return saved;
  }

  /** The stored decision, checked like every record read back; undefined, with a warning, when it cannot be used. */
  async #readStored(): Promise<ConsentState | undefined> {
    let stored: unknown;
    try {
      stored = await this.#store.load();
    } catch (error) {
      this.#warn(`could not read the stored decision (${String(error)}); the shopper is asked again.`);
    }
    if (stored === undefined) return undefined;
    const check = checkRecord(stored, this.#now());
    if (check.ok) return check.record;
    this.#warn(`discarded the stored decision: its ${check.problem} is invalid; the shopper is asked again.`);
  }

  async #load(): Promise<void> {
    const stored = (await this.#readStored()) ?? null;
    this.#loaded = true;
    if (this.#snapshotValue.ready) this.#reconcile(stored);
    else {
      this.#latest = stored;
      this.#becomeReadyWhenComplete();
    }
  }

  /**
   * With `cookie-domain`: a decision another sub-domain shared that is newer than this origin's is
   * taken as it is, same id and revision, and stored here; it is not sent again (the sub-domain that
   * made it sent it). Otherwise the copies are brought to what IndexedDB holds.
   */
  #settle(stored: ConsentState | null): ConsentState | null {
    const { config } = this.#snapshotValue;
    const shared = this.#copies?.shared(config, this.#now());
    if (shared && supersedes(shared, stored)) {
      this.#sharedBy?.(shared);
      void this.#persist(shared);
      return shared;
    }
    this.#copies?.keep(stored, config);
    return stored;
  }

  /**
   * IndexedDB answered after the manager became ready with this origin's copy. When it (or a newer
   * shared decision) says otherwise, it wins; a decision made meanwhile is newer than both.
   */
  #reconcile(stored: ConsentState | null): void {
    const quick = this.#quick;
    // A store that could not answer (blocked, or too slow) says nothing against the copy: it stands.
    if (this.#latest !== quick || (!stored && this.#store.unavailable?.())) return;
    const settled = this.#settle(stored);
    if (settled?.id === quick?.id && settled?.revision === quick?.revision) return;
    const previous = this.#snapshotValue.state;
    this.#latest = settled;
    const state = inForce(settled, this.#snapshotValue.config, this.#now());
    this.#publish({ preferencesOpen: false }, state ? { type: 'decision', state, previous, source: 'other-tab' } : { type: 'update' });
    this.#honourObjection();
  }

  /** This origin's copy, when it holds for this configuration as it is: the returning shopper's decision before IndexedDB answers. */
  #trustedCopy(): ConsentState | undefined {
    const { config } = this.#snapshotValue;
    const copy = this.#copies?.trusted(config, this.#now());
    return copy && inForce(copy, config, this.#now()) && sameCategories(copy, config) && !this.#mustLocate(config) ? copy : undefined;
  }

  #mustLocate(config: Config): boolean {
    return config.mode === 'auto' && !config.region && Boolean(this.#locate);
  }

  async #locateShopper(locate: (config: Config) => Promise<string | undefined>): Promise<void> {
    try {
      this.#located = await locate(this.#snapshotValue.config);
    } catch (error) {
      this.#warn(`could not find the shopper's region (${String(error)}); opt-in applies.`);
    }
  }

  /**
   * An objection (GPC) in the opt-out regime is recorded as the shopper's opt-out of every sale
   * category, without a click, unless a decision made under the signal already holds. The signal
   * going away later opts no one in: the record stays.
   */
  #honourObjection(): void {
    const { ready, mode, objection, state, config } = this.#snapshotValue;
    if (!ready || mode !== 'opt-out' || !objection || (state && state.gpc && state.method !== 'withdraw')) return;
    const sale = config.categories.filter((category) => category.sale).map((category) => category.name);
    if (state && sale.every((name) => state.decisions[name] !== true)) return;
    void this.#decide('gpc', (current, grants) => decisionsFor(current, (name) => !isSale(current, name) && (state ? grants[name] === true : true)));
  }

  /**
   * Nothing stored here: take a decision kept elsewhere. This browser's own keeps its id and
   * revisions going; a signed-in shopper's from another device (which comes without id and
   * revision) becomes this browser's first record under an id of its own, so the two devices
   * never write the same (id, revision).
   */
  async #restoreElsewhere(restore: (config: Config) => Promise<KeptDecision | undefined>): Promise<void> {
    let kept: KeptDecision | undefined;
    try {
      kept = await restore(this.#snapshotValue.config);
    } catch (error) {
      this.#warn(`could not restore the decision (${String(error)}); the shopper is asked again.`);
      return;
    }
    if (kept === undefined || kept.record === null || kept.record === undefined) return;
    const own = kept.otherBrowser && isPlainObject(kept.record) ? { ...kept.record, id: this.#randomId(), revision: 1 } : kept.record;
    const check = checkRecord(own, this.#now());
    if (!check.ok) {
      this.#warn(`ignored the restored decision: its ${check.problem} is invalid.`);
      return;
    }
    this.#latest = check.record;
    void this.#persist(check.record);
  }

  #becomeReadyWhenComplete(): void {
    if (this.#snapshotValue.ready || !this.#configured) return;
    if (!this.#loaded) {
      this.#quick = this.#trustedCopy();
      if (!this.#quick) return;
      this.#latest = this.#quick;
      this.#restoring = null; // nothing to restore, no region to find: #load reconciles
    }
    if (this.#restoring === undefined) {
      this.#latest = this.#settle(this.#latest);
      const restore = this.#latest === null && this.#restore ? this.#restoreElsewhere(this.#restore) : undefined;
      const { config } = this.#snapshotValue;
      const locate = this.#mustLocate(config) ? this.#locateShopper(this.#locate!) : undefined;
      if (restore || locate) {
        this.#restoring = Promise.all([restore, locate]).then(() => {
          this.#restoring = null;
          this.#becomeReadyWhenComplete();
        });
      } else this.#restoring = null;
    }
    if (this.#restoring) return;
    this.#publish({ ready: true }, { type: 'update' }, false);
    this.#resolveReady(this.#snapshotValue.state);
    this.#emit({ type: 'ready', state: this.#snapshotValue.state });
    this.#honourObjection();
  }

  #decide(
    method: ConsentMethod,
    decisionsOf: (config: Config, grants: Readonly<Record<string, boolean>>) => Record<string, boolean>,
  ): Promise<ConsentState> {
    const apply = (): Promise<ConsentState> => {
      const { config, grants, state: previous } = this.#snapshotValue;
      const decidedAt = this.#now();
      const record: ConsentState = Object.freeze({
        id: this.#latest?.id ?? this.#randomId(),
        revision: (this.#latest?.revision ?? 0) + 1,
        timestamp: new Date(decidedAt).toISOString(),
        expiresAt: new Date(decidedAt + config.maxAgeDays * DAY_MS).toISOString(),
        policyVersion: config.policyVersion,
        decisions: Object.freeze(decisionsOf(config, grants)),
        method,
        gpc: this.#gpcSignal(),
      });
      this.#latest = record;
      const saved = this.#persist(record); // first, so that listeners' `saved` includes this write
      this.#publish({ preferencesOpen: false }, { type: 'decision', state: record, previous, source: 'local' });
      return saved.then(() => record);
    };
    return this.#snapshotValue.ready ? apply() : this.ready.then(apply);
  }

  #persist(record: ConsentState): Promise<void> {
    this.#copies?.keep(record, this.#snapshotValue.config); // at once: the next page may come before IndexedDB has it
    this.#writes = this.#writes
      .then(() => this.#store.save(record))
      .catch((error: unknown) => this.#warn(`could not store the decision (${String(error)}); it holds for this page only.`));
    return this.#writes;
  }

  #variantOf(variants: readonly string[]): string | undefined {
    if (variants.length === 0) return undefined;
    const of = variants.join(' ');
    if (this.#picked?.of !== of) this.#picked = { of, variant: this.#pickVariant(variants) };
    return this.#picked.variant;
  }

  /** Replaces the snapshot, re-deriving what follows from the rules, and tells every listener. */
  #publish(changes: Partial<ConsentSnapshot>, event: ManagerEvent, notify = true): void {
    const next = { ...this.#snapshotValue, ...changes };
    const state = next.ready ? inForce(this.#latest, next.config, this.#now()) : null;
    const mode = next.config.mode === 'auto' ? regimeFor(next.config.region ?? this.#located) : next.config.mode;
    const objection = (next.config.gpc === 'respect' && this.#gpcSignal()) || (next.config.dnt === 'respect' && this.#dntSignal());
    this.#snapshotValue = Object.freeze({
      ...next,
      state,
      mode,
      variant: next.config.variant ?? this.#variantOf(next.config.variants),
      objection,
      grants: grantsFor(next.config, state, next.ready, mode, objection),
      showBanner: next.ready && (state === null || state.method === 'withdraw' || state.method === 'gpc'),
    });
    if (notify) this.#emit(event);
  }

  #emit(event: ManagerEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event, this.#snapshotValue);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }
}

/** The record when it still holds for this configuration, else null (docs/api.md). */
function inForce(record: ConsentState | null, config: Config, now: number): ConsentState | null {
  if (!record || record.policyVersion !== config.policyVersion) return null;
  const decidedAt = Date.parse(record.timestamp);
  const expired = now >= Date.parse(record.expiresAt) || now >= decidedAt + config.maxAgeDays * DAY_MS;
  return expired ? null : record;
}

/** Before a decision, opt-out lets optional code run, except sale categories the browser objects to. */
function grantsFor(config: Config, state: ConsentState | null, ready: boolean, mode: Regime, objection: boolean): Record<string, boolean> {
  const optionalRunsByDefault = ready && state === null && mode === 'opt-out';
  return Object.freeze(
    decisionsFor(config, (name) => (state ? state.decisions[name] === true : optionalRunsByDefault && !(objection && isSale(config, name)))),
  );
}

function isSale(config: Config, name: string): boolean {
  return config.categories.some((category) => category.name === name && category.sale);
}

/** One entry per configured category, `necessary` always on. */
function decisionsFor(config: Config, optional: (name: string) => boolean): Record<string, boolean> {
  const decisions: Record<string, boolean> = {};
  for (const { name } of config.categories) decisions[name] = name === NECESSARY || optional(name);
  return decisions;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A failing subscriber must not stop the others, nor throw into the code that decided. */
function reportListenerError(error: unknown): void {
  if (typeof reportError === 'function') reportError(error);
  else console.error(error);
}
