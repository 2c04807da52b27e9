import { expect } from '@open-wc/testing';
import { ConsentManager } from '../../src/core/consent.js';
import { regimeFor } from '../../src/core/jurisdiction.js';
import { configFrom } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';
import { recordWarnings } from '../helpers/warnings.js';

const SHOP = 'categories="analytics"><assent-category name="marketing" sale></assent-category';

function manager(attributes: string, signals: { gpc?: boolean; dnt?: boolean; locate?: () => Promise<string | undefined> } = {}, store = freshIndexedDbStore()) {
  const warn = recordWarnings();
  const created = new ConsentManager({
    store,
    warn,
    gpcSignal: () => signals.gpc ?? false,
    dntSignal: () => signals.dnt ?? false,
    locate: signals.locate,
  });
  created.configure(configFrom(attributes));
  return { manager: created, warn, store };
}

describe('Global Privacy Control and Do Not Track', () => {
  it('opt-in: Accept all leaves sale categories denied under GPC; only their own switch grants them', async () => {
    const { manager: shop } = manager(`mode="opt-in" ${SHOP}`, { gpc: true });
    expect(await shop.ready).to.equal(null);
    expect(shop.snapshot.objection).to.equal(true);
    const accepted = await shop.acceptAll();
    expect(accepted.decisions).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(accepted.gpc).to.equal(true);
    const switched = await shop.update({ marketing: true }, 'custom');
    expect(switched.decisions['marketing']).to.equal(true);
  });

  it('opt-in: records nothing for the signal alone', async () => {
    const { manager: shop } = manager(`mode="opt-in" ${SHOP}`, { gpc: true });
    expect(await shop.ready).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shop.state).to.equal(null);
  });

  it('opt-out: records the opt-out of sale categories as a decision with method gpc, without a click, and tells the shopper', async () => {
    const { manager: shop } = manager(`mode="opt-out" ${SHOP}`, { gpc: true });
    await shop.ready;
    expect(shop.state).to.deep.include({ method: 'gpc', gpc: true });
    expect(shop.state!.decisions).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(shop.granted('marketing')).to.equal(false);
    expect(shop.granted('analytics')).to.equal(true);
    expect(shop.snapshot.showBanner).to.equal(true); // the notice shows "Opt-Out Request Honored" until OK
    const ok = await shop.acceptAll();
    expect(ok.decisions['marketing']).to.equal(false);
    expect(shop.snapshot.showBanner).to.equal(false);
  });

  it('opt-out without a signal: optional categories run, nothing is recorded', async () => {
    const { manager: shop } = manager(`mode="opt-out" ${SHOP}`);
    await shop.ready;
    expect(shop.state).to.equal(null);
    expect(shop.snapshot.grants).to.deep.equal({ necessary: true, analytics: true, marketing: true });
  });

  it('opt-out: a signal that appears after an earlier Accept all opts the shopper out of sale', async () => {
    const store = freshIndexedDbStore();
    const before = manager(`mode="opt-out" ${SHOP}`, {}, store).manager;
    await before.acceptAll();
    const { manager: shop } = manager(`mode="opt-out" ${SHOP}`, { gpc: true }, store);
    await shop.ready;
    expect(shop.state).to.deep.include({ method: 'gpc', revision: 2 });
    expect(shop.state!.decisions).to.deep.equal({ necessary: true, analytics: true, marketing: false });
  });

  it('never opts anyone in when the signal goes away', async () => {
    const store = freshIndexedDbStore();
    const first = manager(`mode="opt-out" ${SHOP}`, { gpc: true }, store).manager;
    await first.ready;
    await first.saved;
    const { manager: later } = manager(`mode="opt-out" ${SHOP}`, { gpc: false }, store);
    await later.ready;
    expect(later.state?.method).to.equal('gpc');
    expect(later.granted('marketing')).to.equal(false);
  });

  it('ignores GPC with gpc="ignore", and honours Do Not Track only with dnt="respect"', async () => {
    const ignored = manager(`mode="opt-out" gpc="ignore" ${SHOP}`, { gpc: true }).manager;
    await ignored.ready;
    expect([ignored.state, ignored.granted('marketing')]).to.deep.equal([null, true]);
    const dntIgnored = manager(`mode="opt-out" ${SHOP}`, { dnt: true }).manager;
    await dntIgnored.ready;
    expect(dntIgnored.granted('marketing')).to.equal(true);
    const dntRespected = manager(`mode="opt-out" dnt="respect" ${SHOP}`, { dnt: true }).manager;
    await dntRespected.ready;
    expect(dntRespected.state?.method).to.equal('gpc');
    expect(dntRespected.granted('marketing')).to.equal(false);
  });
});

describe('jurisdiction', () => {
  it('maps regions to regimes: EEA, UK and CH opt-in; US states with a privacy law opt-out; anything else opt-in', () => {
    const cases: Array<[string | undefined, string]> = [
      ['DE', 'opt-in'], ['FR', 'opt-in'], ['NO', 'opt-in'], ['GB', 'opt-in'], ['CH', 'opt-in'],
      ['US-CA', 'opt-out'], ['us-co', 'opt-out'], ['US-VA', 'opt-out'], ['US-TX', 'opt-out'], ['US-OR', 'opt-out'],
      ['US-AL', 'opt-in'], ['US', 'opt-in'], ['BR', 'opt-in'], ['JP', 'opt-in'], [undefined, 'opt-in'], ['', 'opt-in'],
    ];
    for (const [region, regime] of cases) expect(regimeFor(region), String(region)).to.equal(regime);
  });

  it('mode="auto" follows the region attribute', async () => {
    const california = manager(`mode="auto" region="US-CA" ${SHOP}`).manager;
    await california.ready;
    expect([california.snapshot.mode, california.granted('analytics')]).to.deep.equal(['opt-out', true]);
    const germany = manager(`mode="auto" region="DE" ${SHOP}`).manager;
    await germany.ready;
    expect([germany.snapshot.mode, germany.granted('analytics')]).to.deep.equal(['opt-in', false]);
  });

  it('mode="auto" without a region asks where the shopper is before becoming ready, and falls back to opt-in', async () => {
    const located = manager(`mode="auto" ${SHOP}`, { locate: async () => 'US-CO' }).manager;
    await located.ready;
    expect(located.snapshot.mode).to.equal('opt-out');
    const failed = manager(`mode="auto" ${SHOP}`, { locate: async () => Promise.reject(new Error('offline')) });
    await failed.manager.ready;
    expect(failed.manager.snapshot.mode).to.equal('opt-in');
    expect(failed.warn.messages).to.include("could not find the shopper's region (Error: offline); opt-in applies.");
    const unknown = manager(`mode="auto" ${SHOP}`, { locate: async () => undefined }).manager;
    await unknown.ready;
    expect(unknown.snapshot.mode).to.equal('opt-in');
  });
});
