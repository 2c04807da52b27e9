import type { Browser } from 'playwright-core';
import { awaitDecision, banner, bannerButton, bannerHas, dialog, openPreferences, pressBanner, pressDialog, setOnly, type BannerPart } from './assent-controls.js';
import { AuditError } from './audit-error.js';
import { measureBanner } from './banner-measure.js';
import { awaitAssent, readAssentMarkup, readScriptsBeforeAssent, readState } from './page-reads.js';
import { PassRecorder } from './recorder.js';
import type { AssentFacts, ConsentState, PassObservation } from './types.js';

export interface PassEnv {
  readonly url: string;
  readonly quietMs: number;
  readonly timeoutMs: number;
}

export interface PassPlan {
  readonly id: string;
  readonly title: string;
  readonly gpc?: boolean;
  run(recorder: PassRecorder, env: PassEnv): Promise<void>;
}

type Choice = 'accept' | 'reject' | { readonly only: string };

const DECISION_TIMEOUT_MS = 10_000;
/** How long a first visit waits for the banner: its part is loaded once Assent is ready. */
const BANNER_WAIT_MS = 5_000;
/** How long a withdrawal may take to reload the page (Assent reloads at once when it does). */
const RELOAD_WAIT_MS = 3_000;

const describe = (choice: Choice) => (choice === 'accept' ? 'Accept all' : choice === 'reject' ? 'Reject all' : `only "${choice.only}"`);

/** Opens the page and waits for Assent and a quiet network. */
async function load(recorder: PassRecorder, env: PassEnv): Promise<'ready' | 'not-ready' | 'absent'> {
  const { page } = recorder;
  recorder.step(`opened ${env.url}`);
  let response;
  try {
    response = await page.goto(env.url, { waitUntil: 'domcontentloaded', timeout: env.timeoutMs });
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? '').replace(/^page\.goto:\s*/, '');
    throw new AuditError(`Could not load ${env.url}: ${reason}`);
  }
  const status = response?.status() ?? 200;
  if (status >= 400) throw new AuditError(`${env.url} answered HTTP ${status}; audit a page that loads.`);
  // A subresource that never finishes does not stop the audit; the quiet wait below covers the rest.
  await page.waitForLoadState('load', { timeout: env.timeoutMs }).catch(() => undefined);
  const assent = await page.evaluate(awaitAssent, env.timeoutMs).catch(() => 'absent' as const);
  if (assent === 'not-ready') recorder.problem('assent-ready', `Assent did not become ready within ${env.timeoutMs / 1000} s (window.assent.ready never resolved).`);
  await recorder.settle(env.quietMs);
  return assent;
}

/** Loads the page and records what it holds before any choice; false when Assent is not ready. */
async function visit(recorder: PassRecorder, env: PassEnv): Promise<boolean> {
  const ready = (await load(recorder, env)) === 'ready';
  await recorder.snapshot();
  return ready;
}

/** Presses a banner button, or records why it could not. */
async function press(recorder: PassRecorder, part: BannerPart, label: string): Promise<boolean> {
  if (!(await bannerHas(recorder.page, part))) {
    recorder.problem('decision-recorded', `The banner did not show ${label}, so it could not be pressed.`);
    return false;
  }
  await pressBanner(recorder.page, part);
  recorder.step(`pressed ${label} in the banner`);
  return true;
}

/** Makes a choice the way a shopper would, in the banner (and the preference center when needed). */
async function choose(recorder: PassRecorder, facts: AssentFacts, choice: Choice): Promise<ConsentState | null> {
  const optOut = facts.regime === 'opt-out';
  const { page } = recorder;
  recorder.setPhase('after-decision');
  if (choice === 'accept') {
    if (!(await press(recorder, optOut ? 'button-ok' : 'button-accept', optOut ? 'OK' : 'Accept all'))) return null;
  } else if (choice === 'reject' && !optOut) {
    if (!(await press(recorder, 'button-reject', 'Reject all'))) return null;
  } else {
    if (!(await press(recorder, optOut ? 'button-opt-out' : 'button-customize', optOut ? 'Do Not Sell or Share' : 'Customize'))) return null;
    await dialog(page).waitFor({ state: 'visible', timeout: DECISION_TIMEOUT_MS });
    if (choice === 'reject') {
      await pressDialog(page, 'button-reject');
      recorder.step('pressed Reject all in the preference center');
    } else {
      const others = (facts.categories ?? []).map(({ name }) => name).filter((name) => name !== choice.only);
      await setOnly(page, choice.only, others);
      await pressDialog(page, 'button-save');
      recorder.step(`switched on only "${choice.only}" in the preference center and pressed Save choices`);
    }
  }
  return expectDecision(recorder, choice);
}

const METHOD = { accept: 'accept-all', reject: 'reject-all' } as const;

/** Waits for the decision a choice on a fresh visit records, or records that none came. */
async function expectDecision(recorder: PassRecorder, choice: Choice): Promise<ConsentState | null> {
  const method = typeof choice === 'string' ? METHOD[choice] : 'custom';
  const state = await awaitDecision(recorder.page, (decided) => decided.method === method, 0, DECISION_TIMEOUT_MS);
  if (!state) recorder.problem('decision-recorded', `${describe(choice)} recorded no "${method}" decision within ${DECISION_TIMEOUT_MS / 1000} s.`);
  return state;
}

/** A choice on a fresh visit, then what the page holds once it has settled. */
async function visitAndChoose(recorder: PassRecorder, env: PassEnv, facts: AssentFacts, choice: Choice): Promise<ConsentState | null> {
  if (!(await visit(recorder, env))) return null;
  const state = await choose(recorder, facts, choice);
  await recorder.settle(env.quietMs);
  await recorder.snapshot();
  return state;
}

/** The first visit, without any action: also learns how the page's Assent is configured, and where the page ended up after redirects. */
export async function firstVisit(browser: Browser, env: PassEnv): Promise<{ observation: PassObservation; facts: AssentFacts; pageUrl: string }> {
  const recorder = await PassRecorder.open(browser, { id: 'first-visit', title: 'First visit, no action' });
  try {
    const assent = await load(recorder, env);
    const pageUrl = recorder.page.url();
    let facts: AssentFacts = { found: assent !== 'absent' };
    if (assent === 'ready') {
      const markup = await recorder.page.evaluate(readAssentMarkup);
      const bannerUp = await banner(recorder.page)
        .waitFor({ state: 'visible', timeout: BANNER_WAIT_MS })
        .then(() => true)
        .catch(() => false);
      const notice = bannerUp && (await bannerButton(recorder.page, 'button-opt-out').isVisible());
      const regime = markup.granted.length > 0 || notice ? 'opt-out' : 'opt-in';
      facts = { found: true, regime, categories: markup.categories, consentMode: markup.consentMode, gpc: markup.gpc, reopenLink: markup.reopenLink };
      recorder.observation.scriptsBeforeAssent = await recorder.page.evaluate(readScriptsBeforeAssent);
      if (regime === 'opt-in' && bannerUp) recorder.observation.banner = await measureBanner(recorder.page);
    }
    await recorder.snapshot();
    await recorder.screenshot();
    return { observation: await recorder.close(), facts, pageUrl };
  } catch (error) {
    await recorder.close();
    throw error;
  }
}

/** Every pass after the first visit, for a page with Assent. */
export function passPlans(facts: AssentFacts): PassPlan[] {
  const categories = (facts.categories ?? []).map(({ name }) => name);
  const plans: PassPlan[] = [
    { id: 'reject-all', title: 'Reject all', run: (recorder, env) => visitAndChoose(recorder, env, facts, 'reject').then(() => undefined) },
    { id: 'accept-all', title: 'Accept all', run: (recorder, env) => visitAndChoose(recorder, env, facts, 'accept').then(() => undefined) },
    ...categories.map(
      (name): PassPlan => ({ id: `only-${name}`, title: `Only "${name}", in the preference center`, run: (recorder, env) => visitAndChoose(recorder, env, facts, { only: name }).then(() => undefined) }),
    ),
    { id: 'gpc', title: 'Global Privacy Control on', gpc: true, run: (recorder, env) => globalPrivacyControl(recorder, env, facts) },
    { id: 'returning-after-reject', title: 'Returning visit after Reject all', run: (recorder, env) => returningAfterReject(recorder, env, facts) },
    { id: 'withdrawal', title: 'Withdrawal after Accept all', run: (recorder, env) => withdrawal(recorder, env, facts) },
  ];
  return plans;
}

/** Opt-out regime: the signal alone must opt out. Opt-in: Accept all must leave `sale` categories off. */
async function globalPrivacyControl(recorder: PassRecorder, env: PassEnv, facts: AssentFacts): Promise<void> {
  if (!(await visit(recorder, env))) return;
  if (facts.regime === 'opt-in') {
    await choose(recorder, facts, 'accept');
    await recorder.settle(env.quietMs);
    await recorder.snapshot();
    return;
  }
  recorder.setPhase('after-decision');
  await awaitDecision(recorder.page, (state) => state.method === 'gpc', 0, 3_000);
  await recorder.settle(env.quietMs);
  const inNotice = (await recorder.snapshot()).signalNote;
  await openPreferences(recorder.page);
  recorder.step('opened the preference center with assent.openPreferences()');
  const inPreferences = (await recorder.snapshot()).signalNote;
  recorder.observation.signalNotes = { notice: inNotice, preferences: inPreferences };
}

async function returningAfterReject(recorder: PassRecorder, env: PassEnv, facts: AssentFacts): Promise<void> {
  const rejected = await visitAndChoose(recorder, env, facts, 'reject');
  if (!rejected) return;
  recorder.setPhaseAfterNavigation('returning');
  await recorder.page.reload({ waitUntil: 'load', timeout: env.timeoutMs });
  recorder.endNavigationWait();
  recorder.step('reloaded the page');
  await recorder.page.evaluate(awaitAssent, env.timeoutMs).catch(() => undefined);
  await recorder.settle(env.quietMs);
  await recorder.snapshot();
}

async function withdrawal(recorder: PassRecorder, env: PassEnv, facts: AssentFacts): Promise<void> {
  const accepted = await visitAndChoose(recorder, env, facts, 'accept');
  if (!accepted) return;
  const { page } = recorder;
  recorder.setPhaseAfterNavigation('after-withdrawal');
  const reloaded = page
    .waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: RELOAD_WAIT_MS })
    .then(() => true)
    .catch(() => false);
  await openPreferences(page);
  recorder.step('opened the preference center with assent.openPreferences()');
  await pressDialog(page, 'button-reject');
  recorder.step('pressed Reject all in the preference center');
  if (await reloaded) {
    recorder.step('the page reloaded');
    await page.waitForLoadState('load', { timeout: env.timeoutMs }).catch(() => undefined);
    await page.evaluate(awaitAssent, env.timeoutMs).catch(() => undefined);
  }
  recorder.endNavigationWait();
  const state = await awaitDecision(page, (decided) => Object.entries(decided.decisions).every(([name, on]) => name === 'necessary' || !on), accepted.revision, DECISION_TIMEOUT_MS);
  if (!state) {
    const now = await page.evaluate(readState).catch(() => null);
    recorder.problem(
      'decision-recorded',
      now ? `Reject all in the preference center did not withdraw the optional categories (the decision in force is ${now.method} #${now.revision}).` : 'After the withdrawal no decision is in force: the withdrawal was not kept.',
    );
  }
  await recorder.settle(env.quietMs);
  await recorder.snapshot();
}

/** Runs one pass in a fresh context; a control that could not be used becomes a problem of the pass. */
export async function runPass(browser: Browser, plan: PassPlan, env: PassEnv): Promise<PassObservation> {
  const recorder = await PassRecorder.open(browser, { id: plan.id, title: plan.title, gpc: plan.gpc ?? false });
  try {
    await plan.run(recorder, env);
  } catch (error) {
    if (error instanceof AuditError) {
      await recorder.close();
      throw error;
    }
    recorder.problem('decision-recorded', `The pass stopped: ${(error as Error).message.split('\n')[0]}`);
  }
  await recorder.screenshot();
  return recorder.close();
}
