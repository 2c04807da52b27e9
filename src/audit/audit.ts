import { chromium, type Browser } from 'playwright-core';
import type { AuditOptions } from './arguments.js';
import { AuditError } from './audit-error.js';
import { Attribution } from './attribution.js';
import { readConsentMode } from './consent-mode.js';
import { declare } from './declaration.js';
import { firstVisit, passPlans, runPass, type PassEnv } from './passes.js';
import { passFindings, withoutBannerFindings, type RuleContext } from './rules.js';
import type { AssentFacts, AuditReport, PassObservation, PassReport, RequestReport, Screenshots, VendorGroup } from './types.js';

/** Passes run side by side, each in its own context of the one browser. */
const PARALLEL_PASSES = 3;


export interface AuditResult {
  readonly report: AuditReport;
  readonly screenshots: Screenshots;
}

export async function audit(options: AuditOptions, chromePath: string, tool: string): Promise<AuditResult> {
  const started = Date.now();
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromePath,
      args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (error) {
    throw new AuditError(`Could not start ${chromePath}: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    const env: PassEnv = { url: options.url.href, quietMs: options.quietMs, timeoutMs: options.timeoutMs };
    const first = await firstVisit(browser, env);
    // Every later pass opens the address the first visit ended up at, after redirects.
    const settled: PassEnv = { ...env, url: first.pageUrl };
    // A page whose Assent never became ready gets only the first visit (and the finding that says so).
    const rest = first.facts.regime ? await inParallel(passPlans(first.facts).map((plan) => () => runPass(browser, plan, settled)), PARALLEL_PASSES) : [];
    const observations = [first.observation, ...rest];
    const report = analyse(options, first.pageUrl, first.facts, observations, { started, tool, browser: `Chromium ${browser.version()}` });
    return { report, screenshots: new Map(observations.flatMap(({ id, screenshot }) => (screenshot ? [[id, screenshot] as const] : []))) };
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** Runs tasks with at most `limit` at once; resolves to their results in order. */
async function inParallel<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function analyse(options: AuditOptions, pageUrl: string, facts: AssentFacts, observations: readonly PassObservation[], meta: { started: number; tool: string; browser: string }): AuditReport {
  const passes = new Map(observations.map((pass) => [pass.id, pass]));
  const attribution = new Attribution(pageUrl, facts, options.allow, observations);
  const context: RuleContext = { attribution, facts, passes };
  const reports = observations.map((pass): PassReport => {
    const findings = facts.found ? passFindings(pass, context) : withoutBannerFindings(pass, context);
    const requests = attribution.requests(pass);
    const last = pass.snapshots.at(-1);
    const layer = [...pass.snapshots].reverse().find((snapshot) => snapshot.dataLayer)?.dataLayer ?? null;
    const vendors = vendorsByCategory(requests);
    return {
      id: pass.id,
      title: pass.title,
      gpc: pass.gpc,
      ok: !findings.some(({ severity }) => severity === 'fail'),
      steps: pass.steps,
      state: last?.state ?? null,
      requests,
      sameSiteRequests: pass.requests.length - requests.length,
      cookies: attribution.cookies(pass),
      storage: attribution.storage(pass),
      indexedDB: last?.databases ?? [],
      consentMode: readConsentMode(layer),
      ...(vendors ? { vendorsByCategory: vendors } : {}),
      ...(pass.banner ? { banner: pass.banner } : {}),
      findings,
    };
  });
  const findings = reports.flatMap((pass) => pass.findings);
  return {
    tool: meta.tool,
    url: options.url.href,
    ...(pageUrl === options.url.href ? {} : { finalUrl: pageUrl }),
    startedAt: new Date(meta.started).toISOString(),
    durationMs: Date.now() - meta.started,
    browser: meta.browser,
    assent: facts,
    passes: reports,
    findings,
    declaration: declare(facts, passes, attribution),
    exitCode: findings.some(({ severity }) => severity === 'fail') ? 1 : 0,
  };
}

/** After a decision: the other sites' requests by the page's category, then by vendor. */
function vendorsByCategory(requests: readonly RequestReport[]): Record<string, VendorGroup[]> | undefined {
  const decided = requests.filter(({ phase }) => phase === 'after-decision');
  if (decided.length === 0) return undefined;
  const groups = new Map<string, Map<string, Set<string>>>();
  for (const request of decided) {
    for (const category of request.categories ?? ['unattributed']) {
      const vendors = groups.get(category) ?? new Map<string, Set<string>>();
      vendors.set(request.vendor, (vendors.get(request.vendor) ?? new Set()).add(request.url));
      groups.set(category, vendors);
    }
  }
  return Object.fromEntries([...groups].map(([category, vendors]) => [category, [...vendors].map(([vendor, urls]) => ({ vendor, urls: [...urls] }))]));
}
