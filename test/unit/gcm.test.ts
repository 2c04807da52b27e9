import { expect } from '@open-wc/testing';
import { consentModeSignals, driveConsentMode, sendConsentModeDefault, type GtagWindow } from '../../src/signals/gcm.js';
import { ALL_DENIED } from '../helpers/consent-mode.js';
import { configFrom, createTestManager } from '../helpers/manager.js';
import { freshIndexedDbStore } from '../helpers/stores.js';


/** The dataLayer entries as plain values; gtag calls are `arguments` objects. */
const entries = (target: GtagWindow) =>
  target.dataLayer!.map((entry) => (Object.prototype.toString.call(entry) === '[object Arguments]' ? ['arguments', ...(entry as IArguments)] : entry));

describe('Google Consent Mode', () => {
  it('sends the default as an arguments object with all seven signals, before anything else', () => {
    const target: GtagWindow = {};
    sendConsentModeDefault(target, { waitForUpdate: 500, adsDataRedaction: true, urlPassthrough: false });
    expect(Object.prototype.toString.call(target.dataLayer![0])).to.equal('[object Arguments]');
    expect(entries(target)).to.deep.equal([
      ['arguments', 'consent', 'default', { ...ALL_DENIED, wait_for_update: 500 }],
      ['arguments', 'set', 'ads_data_redaction', true],
    ]);
  });

  it('keeps a gtag the page already defined', () => {
    const calls: unknown[][] = [];
    const target: GtagWindow = { dataLayer: [], gtag: (...args) => void calls.push(args) };
    sendConsentModeDefault(target, { waitForUpdate: 300, adsDataRedaction: false, urlPassthrough: true });
    expect(calls).to.deep.equal([
      ['consent', 'default', { ...ALL_DENIED, wait_for_update: 300 }],
      ['set', 'url_passthrough', true],
    ]);
  });

  it('maps categories to signals by their gcm attribute; a signal is granted only when every category mapping it is', () => {
    const config = configFrom('categories="functional analytics marketing personalization"');
    expect(consentModeSignals(config, { necessary: true, functional: true, analytics: true, marketing: false, personalization: false })).to.deep.equal({
      ...ALL_DENIED,
      functionality_storage: 'granted',
      analytics_storage: 'granted',
    });
    const custom = configFrom('categories="marketing"', '<assent-category name="ads" gcm="ad_storage"></assent-category>');
    expect(consentModeSignals(custom, { necessary: true, marketing: true, ads: false }).ad_storage).to.equal('denied');
    expect(consentModeSignals(custom, { necessary: true, marketing: true, ads: true }).ad_storage).to.equal('granted');
  });

  it('updates as soon as a stored decision is read, and after each decision pushes the update then assent-change', async () => {
    const store = freshIndexedDbStore();
    await createTestManager({ store, config: configFrom('categories="analytics marketing"') }).manager.update({ analytics: true });
    const target: GtagWindow = {};
    sendConsentModeDefault(target, { waitForUpdate: 500, adsDataRedaction: false, urlPassthrough: false });
    const { manager } = createTestManager({ store, config: null });
    driveConsentMode(manager, target, true);
    manager.configure(configFrom('google-consent-mode categories="analytics marketing"'));
    await manager.ready;
    expect(entries(target).slice(1)).to.deep.equal([['arguments', 'consent', 'update', { ...ALL_DENIED, analytics_storage: 'granted' }]]);
    await manager.acceptAll();
    expect(entries(target).slice(2)).to.deep.equal([
      ['arguments', 'consent', 'update', { ...ALL_DENIED, analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }],
      { event: 'assent-change', assent: { necessary: true, analytics: true, marketing: true } },
    ]);
  });

  it('sends the default from the element’s attribute when the script did not, and no update before a first decision in opt-in', async () => {
    const target: GtagWindow = {};
    const { manager } = createTestManager({ config: null });
    driveConsentMode(manager, target, false);
    manager.configure(configFrom('google-consent-mode gcm-wait="800" categories="analytics"'));
    await manager.ready;
    expect(entries(target)).to.deep.equal([['arguments', 'consent', 'default', { ...ALL_DENIED, wait_for_update: 800 }]]);
  });

  it('grants the mapped signals at once in opt-out mode, and does nothing without google-consent-mode', async () => {
    const target: GtagWindow = {};
    const { manager } = createTestManager({ config: null });
    driveConsentMode(manager, target, false);
    manager.configure(configFrom('google-consent-mode mode="opt-out" categories="analytics"'));
    await manager.ready;
    expect(entries(target).at(-1)).to.deep.equal(['arguments', 'consent', 'update', { ...ALL_DENIED, analytics_storage: 'granted' }]);

    const untouched: GtagWindow = {};
    const other = createTestManager({ config: null }).manager;
    driveConsentMode(other, untouched, false);
    other.configure(configFrom('categories="analytics"'));
    await other.acceptAll();
    expect(untouched.dataLayer).to.equal(undefined);
  });
});
