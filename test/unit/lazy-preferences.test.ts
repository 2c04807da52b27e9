import { expect } from '@open-wc/testing';
import { BRIDGED_EXPORTS } from '../../src/ui/bridged-exports.js';
import { loadPreferencesWhenNeeded } from '../../src/ui/lazy-preferences.js';
import { runtime } from '../../src/ui/runtime.js';
import { createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('lazy preference center', () => {
  it('loads at once when the shopper asks for the preference center', async () => {
    const store = freshIndexedDbStore();
    await createTestManager({ store }).manager.rejectAll(); // a returning shopper: no banner, no prefetch
    const { manager, warn } = createTestManager({ store });
    let loads = 0;
    loadPreferencesWhenNeeded(manager, async () => void loads++, warn);
    await manager.ready;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(loads).to.equal(0);
    manager.openPreferences();
    await nextTask();
    expect(loads).to.equal(1);
    manager.closePreferences();
    manager.openPreferences();
    await nextTask();
    expect(loads).to.equal(1);
  });

  it('loads while idle when the banner shows, before anyone clicks', async () => {
    const { manager, warn } = createTestManager();
    let loads = 0;
    loadPreferencesWhenNeeded(manager, async () => void loads++, warn);
    await manager.ready;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(loads).to.equal(1);
  });

  it('reports a failed load, closes the request so the banner stays usable, and tries again next time', async () => {
    const { manager, warn } = createTestManager();
    let attempts = 0;
    loadPreferencesWhenNeeded(
      manager,
      async () => {
        attempts++;
        throw new Error('assent-preferences.js did not load');
      },
      warn,
    );
    await manager.ready;
    manager.openPreferences();
    await nextTask();
    await nextTask();
    expect(manager.snapshot.preferencesOpen).to.equal(false);
    expect(manager.snapshot.showBanner).to.equal(true);
    expect(warn.messages).to.include('could not load the preference center (assent-preferences.js did not load).');
    const before = attempts;
    manager.openPreferences();
    await nextTask();
    expect(attempts).to.equal(before + 1);
  });

  it('shares exactly the bridged library exports with lazily loaded parts', () => {
    for (const [module, names] of Object.entries(BRIDGED_EXPORTS)) {
      const shared = runtime[module as keyof typeof BRIDGED_EXPORTS];
      expect(Object.keys(shared).sort(), module).to.deep.equal([...names].sort());
      for (const name of names) expect(shared[name], `${module} ${name}`).to.exist;
    }
  });
});
