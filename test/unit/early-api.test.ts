import { expect } from '@open-wc/testing';
import { createConsentApi } from '../../src/core/api.js';
import { createEarlyApi, handOverEarlyApi } from '../../src/core/early-api.js';
import { createTestManager } from '../helpers/manager.js';

describe('the head part\'s early window.assent', () => {
  it('grants nothing optional and has no state before the main script arrives', () => {
    const early = createEarlyApi();
    expect(early.state).to.equal(null);
    expect(early.granted('analytics')).to.equal(false);
    expect(early.granted('necessary')).to.equal(true);
  });

  it('runs the calls made meanwhile on the real API, in order, and forwards everything after', async () => {
    const early = createEarlyApi();
    const ready = early.ready;
    const granted = early.whenGranted('marketing');
    const first = early.acceptAll();
    const second = early.update({ marketing: false });
    const { manager } = createTestManager();
    const real = createConsentApi(manager);
    handOverEarlyApi(early, real);
    expect(await ready).to.equal(null);
    await granted;
    expect((await first).method).to.equal('api');
    expect((await second).decisions).to.deep.include({ analytics: true, marketing: false });
    expect(early.state).to.equal(real.state);
    expect(early.granted('analytics')).to.equal(true);
    expect(early.granted('marketing')).to.equal(false);
  });

  it('is left alone when the page has the real API already (the script loaded twice)', () => {
    const { manager } = createTestManager();
    const real = createConsentApi(manager);
    expect(() => handOverEarlyApi(real, real)).not.to.throw();
    expect(() => handOverEarlyApi(undefined, real)).not.to.throw();
  });
});
