import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { banner } from './assent-controls.js';
import { announceGlobalPrivacyControl, REPORT_BINDING, reportWrites, type ReportedWrite } from './instrument.js';
import { NetworkQuiet } from './network-quiet.js';
import { readDatabases, readDataLayer, readGatedElements, readState, readStorageKeys } from './page-reads.js';
import { originOf } from './site.js';
import type { PassObservation, Phase, RequestRecord, RuleId, Snapshot, StorageSnapshot } from './types.js';

const VIEWPORT = { width: 1280, height: 800 };

interface CdpInitiator {
  type?: string;
  url?: string;
  stack?: CdpStack;
}
interface CdpStack {
  callFrames: Array<{ url: string }>;
  parent?: CdpStack;
}

/** The script (or document) that started a request, from Chromium's initiator. */
function initiatorUrl(initiator: CdpInitiator): string | undefined {
  for (let stack = initiator.stack; stack; stack = stack.parent) {
    const frame = stack.callFrames.find(({ url }) => url);
    if (frame) return frame.url;
  }
  return initiator.url && !initiator.url.startsWith('about:') ? initiator.url : undefined;
}

/**
 * One pass: a fresh browser context (a new shopper: no cookies, no storage) with everything it
 * does recorded — requests with their initiators, writes to cookies and storage, and snapshots
 * of what the page holds at the moments the pass chooses.
 */
export class PassRecorder {
  readonly observation: PassObservation;
  private phase: Phase = 'before-decision';
  private phaseAfterNavigation: Phase | undefined;
  private readonly initiators = new Map<string, string>();
  private readonly quiet: NetworkQuiet;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    id: string,
    title: string,
    gpc: boolean,
  ) {
    this.observation = { id, title, gpc, steps: [], requests: [], writes: [], snapshots: [], problems: [] };
    this.quiet = new NetworkQuiet(context);
    context.on('request', (request) => {
      let frame: string | undefined;
      try {
        const from = request.frame();
        if (from !== page.mainFrame()) frame = from.url() || undefined;
      } catch {
        // A service worker's request has no frame.
      }
      this.observation.requests.push({ url: request.url(), method: request.method(), type: request.resourceType(), phase: this.phase, ...(frame ? { frame } : {}) });
    });
    context.on('response', (response) => {
      response
        .headerValues('set-cookie')
        .then((values) => {
          for (const value of values.flatMap((header) => header.split('\n'))) {
            const name = value.split(';')[0]!.split('=')[0]!.trim();
            if (name) this.observation.writes.push({ kind: 'cookie', name, by: response.url(), origin: originOf(response.url()), phase: this.phase });
          }
        })
        .catch(() => undefined);
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && this.phaseAfterNavigation) {
        this.phase = this.phaseAfterNavigation;
        this.phaseAfterNavigation = undefined;
      }
    });
  }

  /** Opens a fresh context for a pass; with `gpc`, the browser sends Global Privacy Control. */
  static async open(browser: Browser, { id, title, gpc = false }: { id: string; title: string; gpc?: boolean }): Promise<PassRecorder> {
    const context = await browser.newContext({ viewport: VIEWPORT, ...(gpc ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {}) });
    const page = await context.newPage();
    const recorder = new PassRecorder(context, page, id, title, gpc);
    await context.exposeBinding(REPORT_BINDING, (_source, write: ReportedWrite) => {
      recorder.observation.writes.push({ ...write, phase: recorder.phase });
    });
    await context.addInitScript(reportWrites, REPORT_BINDING);
    if (gpc) await context.addInitScript(announceGlobalPrivacyControl);
    const cdp: CDPSession = await context.newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (event: { request: { url: string }; initiator: CdpInitiator }) => {
      const by = initiatorUrl(event.initiator);
      if (by && !recorder.initiators.has(event.request.url)) recorder.initiators.set(event.request.url, by);
    });
    await cdp.send('Network.enable');
    return recorder;
  }

  step(description: string): void {
    this.observation.steps.push(description);
  }

  problem(rule: RuleId, message: string): void {
    this.observation.problems.push({ rule, message });
  }

  setPhase(phase: Phase): void {
    this.phase = phase;
  }

  /** The phase that starts when the page next navigates (a reload), with the new document's first request. */
  setPhaseAfterNavigation(phase: Phase): void {
    this.phaseAfterNavigation = phase;
  }

  /** Switches to the awaited phase if the page did not navigate after all. */
  endNavigationWait(): void {
    if (this.phaseAfterNavigation) this.setPhase(this.phaseAfterNavigation);
    this.phaseAfterNavigation = undefined;
  }

  settle(quietMs: number, maxMs = Math.max(10_000, quietMs * 4)): Promise<void> {
    return this.quiet.settle(quietMs, maxMs);
  }

  /** Records what the page holds now, as the current phase. */
  async snapshot(): Promise<Snapshot> {
    const { page, context } = this;
    const storage: StorageSnapshot[] = [];
    for (const frame of page.frames()) storage.push(...(await frame.evaluate(readStorageKeys).catch(() => [])));
    const unique = [...new Map(storage.map((item) => [`${item.origin} ${item.area} ${item.key}`, item])).values()];
    const snapshot: Snapshot = {
      phase: this.phase,
      cookies: (await context.cookies()).map(({ name, domain, path, expires, httpOnly }) => ({ name, domain, path, expires, httpOnly })),
      storage: unique,
      databases: await page.evaluate(readDatabases).catch(() => []),
      dataLayer: await page.evaluate(readDataLayer).catch(() => null),
      gated: await page.evaluate(readGatedElements).catch(() => []),
      state: await page.evaluate(readState).catch(() => null),
      bannerShown: await banner(page).isVisible().catch(() => false),
      signalNote: (await page.locator('assent-consent [part~="signal-note"]').filter({ visible: true }).count().catch(() => 0)) > 0,
    };
    this.observation.snapshots.push(snapshot);
    return snapshot;
  }

  async screenshot(): Promise<void> {
    this.observation.screenshot = await this.page.screenshot({ type: 'jpeg', quality: 60 }).catch(() => undefined);
  }

  /** Ends the pass: gives each request the initiator Chromium named, and closes the context. */
  async close(): Promise<PassObservation> {
    for (const request of this.observation.requests as RequestRecord[]) {
      const by = this.initiators.get(request.url);
      if (by) request.initiator = by;
    }
    await this.context.close().catch(() => undefined);
    return this.observation;
  }
}
