import { expect } from '@open-wc/testing';
import { inNextTask } from '../../src/core/next-task.js';
import { BRIDGED_EXPORTS } from '../../src/ui/bridged-exports.js';
import { loadPartsWhenNeeded } from '../../src/ui/lazy-parts.js';
import { runtime } from '../../src/ui/runtime.js';
import { configFrom, createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';

/**
 * A part loads in a task of its own after the need arises (src/core/next-task.ts): two of those
 * tasks later, whatever was asked for has been asked of the part.
 */
const nextTask = async () => {
  await inNextTask(() => undefined);
  await inNextTask(() => undefined);
};

/** After the browser's next idle period, when a part due "when idle" has been asked for. */
const idle = async () => {
  await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 }));
  await nextTask();
};

/** A first visit's parts, counted, once the banner is due and its part asked for. */
async function firstVisitWithBanner() {
  const { manager, warn } = createTestManager();
  const { loads, parts } = countingParts();
  loadPartsWhenNeeded(manager, parts, warn);
  await manager.ready;
  await nextTask();
  return { manager, loads };
}

/** A stand-in `<assent-banner>` on the page, with a button in its shadow root to point at. */
function bannerWithButton() {
  const banner = document.body.appendChild(document.createElement('assent-banner'));
  const button = banner.attachShadow({ mode: 'open' }).appendChild(document.createElement('button'));
  return { banner, button };
}

/** Counts the loads of each part; a part can be made to fail. */
function countingParts(failing: { ui?: boolean; preferences?: boolean; cookieTable?: boolean; platform?: boolean; signals?: boolean; sync?: boolean } = {}) {
  const loads = { ui: 0, preferences: 0, cookieTable: 0, platform: 0, signals: 0, sync: 0 };
  const part = (name: keyof typeof loads) => async () => {
    loads[name]++;
    if (failing[name]) throw new Error(`assent-${name}.js did not load`);
  };
  return { loads, parts: { ui: part('ui'), preferences: part('preferences'), cookieTable: part('cookieTable'), platform: part('platform'), signals: part('signals'), sync: part('sync') } };
}

describe('lazily loaded parts', () => {
  it('loads nothing for a returning shopper until the preference center is asked for, then both parts once', async () => {
    const store = freshIndexedDbStore();
    await createTestManager({ store }).manager.rejectAll();
    const { manager, warn } = createTestManager({ store });
    const { loads, parts } = countingParts();
    loadPartsWhenNeeded(manager, parts, warn);
    await manager.ready;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(loads).to.deep.equal({ ui: 0, preferences: 0, cookieTable: 0, platform: 0, signals: 0, sync: 0 });
    manager.openPreferences();
    await nextTask();
    expect(loads).to.deep.equal({ ui: 1, preferences: 1, cookieTable: 0, platform: 0, signals: 0, sync: 0 });
    manager.closePreferences();
    manager.openPreferences();
    await nextTask();
    expect(loads).to.deep.equal({ ui: 1, preferences: 1, cookieTable: 0, platform: 0, signals: 0, sync: 0 });
  });

  it('loads the UI part as soon as the banner must show, and the preference center only once the shopper reaches for the banner', async () => {
    const { loads } = await firstVisitWithBanner();
    expect(loads.ui).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(loads.preferences, 'not on an idle first visit').to.equal(0);
    const { banner, button } = bannerWithButton();
    document.body.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    await nextTask();
    expect(loads.preferences, 'not for a pointer elsewhere on the page').to.equal(0);
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    button.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    await idle();
    expect(loads).to.deep.equal({ ui: 1, preferences: 1, cookieTable: 0, platform: 0, signals: 0, sync: 0 });
    banner.remove();
  });

  it('leaves the preference center unloaded when a decision follows the approach before the browser is idle', async () => {
    const { manager, loads } = await firstVisitWithBanner();
    const { banner, button } = bannerWithButton();
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    await manager.acceptAll(); // the click on "Accept all" that the pointer was on its way to
    banner.remove();
    await idle();
    expect(loads.preferences).to.equal(0);
    manager.openPreferences();
    await nextTask();
    expect(loads.preferences, 'still there when asked for').to.equal(1);
  });

  it('loads the UI part when asked (an embed placeholder on a returning shopper’s page)', async () => {
    const store = freshIndexedDbStore();
    await createTestManager({ store }).manager.acceptAll();
    const { manager, warn } = createTestManager({ store });
    const { loads, parts } = countingParts();
    const { requestUi } = loadPartsWhenNeeded(manager, parts, warn);
    await manager.ready;
    requestUi();
    requestUi();
    await nextTask();
    expect(loads).to.deep.equal({ ui: 1, preferences: 0, cookieTable: 0, platform: 0, signals: 0, sync: 0 });
  });

  it('reports a failed preference center, closes the request so the banner stays usable, and tries again next time', async () => {
    const { manager, warn } = createTestManager();
    const { loads, parts } = countingParts({ preferences: true });
    loadPartsWhenNeeded(manager, parts, warn);
    await manager.ready;
    manager.openPreferences();
    await nextTask();
    await nextTask();
    expect(manager.snapshot.preferencesOpen).to.equal(false);
    expect(manager.snapshot.showBanner).to.equal(true);
    expect(warn.messages).to.include('could not load the preference center (assent-preferences.js did not load).');
    const before = loads.preferences;
    manager.openPreferences();
    await nextTask();
    expect(loads.preferences).to.equal(before + 1);
  });

  it('reports a failed UI part once per attempt and never opens the preference center without it', async () => {
    const { manager, warn } = createTestManager();
    const { loads, parts } = countingParts({ ui: true });
    loadPartsWhenNeeded(manager, parts, warn);
    await manager.ready;
    await nextTask();
    expect(warn.messages).to.include('could not load the consent banner (assent-ui.js did not load).');
    manager.openPreferences();
    await nextTask();
    await nextTask();
    expect(loads.preferences).to.equal(0);
    expect(manager.snapshot.preferencesOpen).to.equal(false);
    expect(manager.granted('analytics')).to.equal(false);
  });

  it('loads the platform bridge only for a page that names a platform, once', async () => {
    const plain = createTestManager();
    const counted = countingParts();
    loadPartsWhenNeeded(plain.manager, counted.parts, plain.warn);
    await plain.manager.ready;
    await nextTask();
    expect(counted.loads.platform).to.equal(0);

    const shop = createTestManager({ config: configFrom('platform="shopify" categories="analytics"') });
    const forShop = countingParts();
    loadPartsWhenNeeded(shop.manager, forShop.parts, shop.warn);
    await shop.manager.ready;
    await shop.manager.acceptAll();
    await nextTask();
    expect(forShop.loads.platform).to.equal(1);
  });

  it('loads the endpoint\'s part only for a page that names an endpoint, once, and reports one that cannot load', async () => {
    const plain = createTestManager();
    const counted = countingParts();
    loadPartsWhenNeeded(plain.manager, counted.parts, plain.warn);
    await plain.manager.ready;
    await plain.manager.acceptAll();
    await nextTask();
    expect(counted.loads.sync).to.equal(0);

    const shop = createTestManager({ config: configFrom('endpoint="/api/consent" categories="analytics"') });
    const forShop = countingParts();
    const loaded = loadPartsWhenNeeded(shop.manager, forShop.parts, shop.warn, { syncHasWork: async () => false });
    await shop.manager.ready;
    await shop.manager.acceptAll();
    await shop.manager.rejectAll();
    expect(await loaded.sync()).to.equal(true);
    expect(forShop.loads.sync).to.equal(1);

    const broken = createTestManager({ config: configFrom('endpoint="/api/consent" categories="analytics"') });
    loadPartsWhenNeeded(broken.manager, countingParts({ sync: true }).parts, broken.warn);
    await broken.manager.ready;
    await nextTask();
    expect(broken.warn.messages).to.include('could not load the part that sends consent records (assent-sync.js did not load); decisions wait in this browser until a page loads it.');
  });

  it("waits with the endpoint's part for a decision made on the page when the outbox has no work, and loads it on ready when it has", async () => {
    const endpoint = configFrom('endpoint="/api/consent" categories="analytics"');
    const idle = createTestManager({ config: endpoint });
    const idleParts = countingParts();
    const asked: Array<unknown> = [];
    loadPartsWhenNeeded(idle.manager, idleParts.parts, idle.warn, { syncHasWork: async (state) => (asked.push(state), false) });
    await idle.manager.ready;
    await nextTask();
    expect(asked).to.deep.equal([null]);
    expect(idleParts.loads.sync).to.equal(0);
    await idle.manager.update({ analytics: true });
    await nextTask();
    expect(idleParts.loads.sync).to.equal(1);

    const waiting = createTestManager({ config: endpoint });
    const waitingParts = countingParts();
    loadPartsWhenNeeded(waiting.manager, waitingParts.parts, waiting.warn, { syncHasWork: async () => true });
    await waiting.manager.ready;
    await nextTask();
    expect(waitingParts.loads.sync).to.equal(1);
  });

  it('reports a platform bridge that cannot load', async () => {
    const { manager, warn } = createTestManager({ config: configFrom('platform="wordpress" categories="analytics"') });
    const { parts } = countingParts({ platform: true });
    loadPartsWhenNeeded(manager, parts, warn);
    await manager.ready;
    await nextTask();
    expect(warn.messages).to.include('could not load the wordpress bridge (assent-platform.js did not load).');
  });

  it('loads the cookie table, after the UI part, on a page that has one, for a returning shopper too, once', async () => {
    const store = freshIndexedDbStore();
    await createTestManager({ store }).manager.rejectAll();
    const table = document.body.appendChild(document.createElement('assent-cookie-table'));
    try {
      const { manager, warn } = createTestManager({ store });
      const { loads, parts } = countingParts();
      loadPartsWhenNeeded(manager, parts, warn);
      await manager.ready;
      await nextTask();
      await nextTask();
      expect(loads).to.deep.equal({ ui: 1, preferences: 0, cookieTable: 1, platform: 0, signals: 0, sync: 0 });
      manager.openPreferences();
      await nextTask();
      expect(loads).to.deep.equal({ ui: 1, preferences: 1, cookieTable: 1, platform: 0, signals: 0, sync: 0 });
    } finally {
      table.remove();
    }
  });

  it('reports a cookie table that cannot load', async () => {
    const table = document.body.appendChild(document.createElement('assent-cookie-table'));
    try {
      const { manager, warn } = createTestManager();
      loadPartsWhenNeeded(manager, countingParts({ cookieTable: true }).parts, warn);
      await manager.ready;
      await nextTask();
      await nextTask();
      expect(warn.messages).to.include('could not load the cookie table (assent-cookieTable.js did not load).');
    } finally {
      table.remove();
    }
  });

  it('loads the vendor signals only for a page that names one: at once when Assent\'s script does, and reports a part that cannot load', async () => {
    const plain = createTestManager();
    const counted = countingParts();
    loadPartsWhenNeeded(plain.manager, counted.parts, plain.warn);
    await plain.manager.ready;
    await nextTask();
    expect(counted.loads.signals).to.equal(0);

    const onScript = createTestManager({ config: null });
    const forScript = countingParts();
    loadPartsWhenNeeded(onScript.manager, forScript.parts, onScript.warn, { signalsOnScript: true });
    expect(forScript.loads.signals).to.equal(1); // before the element is read

    const onElement = createTestManager({ config: configFrom('signals="meta" categories="marketing"') });
    const forElement = countingParts({ signals: true });
    loadPartsWhenNeeded(onElement.manager, forElement.parts, onElement.warn);
    await onElement.manager.ready;
    await nextTask();
    expect(forElement.loads.signals).to.equal(1);
    await onElement.manager.acceptAll();
    expect(forElement.loads.signals).to.equal(2); // it failed: the next change tries again
    expect(onElement.warn.messages).to.include('could not load the vendor signals (assent-signals.js did not load); the vendors keep their consent defaults.');
  });

  it('shares exactly the bridged library exports with lazily loaded parts', () => {
    for (const [module, names] of Object.entries(BRIDGED_EXPORTS)) {
      const shared = runtime[module as keyof typeof BRIDGED_EXPORTS];
      expect(Object.keys(shared).sort(), module).to.deep.equal([...names].sort());
      for (const name of names) expect(shared[name], `${module} ${name}`).to.exist;
    }
  });
});
