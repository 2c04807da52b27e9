// The audit's own small parts, as built (dist/node/audit/): sites, the vendor table, contrast,
// Consent Mode's expected signals, the browser search and the command's arguments.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCommand } from '../../dist/node/audit/arguments.js';
import { Attribution } from '../../dist/node/audit/attribution.js';
import { expectedSignals, readConsentMode } from '../../dist/node/audit/consent-mode.js';
import { contrastRatio } from '../../dist/node/audit/contrast.js';
import { findChrome } from '../../dist/node/audit/find-chrome.js';
import { siteOf } from '../../dist/node/audit/site.js';
import { vendorOfHost, vendorOfName } from '../../dist/node/audit/vendors.js';

describe('sites', () => {
  test('a host belongs to its registrable domain; IP addresses and single labels stand alone', () => {
    assert.equal(siteOf('www.shop.example'), 'shop.example');
    assert.equal(siteOf('checkout.shop.co.uk'), 'shop.co.uk');
    assert.equal(siteOf('shop.com.au'), 'shop.com.au');
    assert.equal(siteOf('127.0.0.1'), '127.0.0.1');
    assert.equal(siteOf('localhost'), 'localhost');
    assert.equal(siteOf('[::1]'), '[::1]');
  });

  test('requests to the page\'s own site, to --allow hosts and to necessary vendors need no consent; others do', () => {
    const attribution = new Attribution('https://www.shop.example/', { found: true }, ['cdn.partner.example'], []);
    assert.equal(attribution.isNecessary('https://static.shop.example/app.js'), true);
    assert.equal(attribution.isNecessary('https://img.cdn.partner.example/a.png'), true);
    assert.equal(attribution.isNecessary('https://js.stripe.com/v3/'), true);
    assert.equal(attribution.isNecessary('https://www.google-analytics.com/g/collect'), false);
    assert.equal(attribution.isNecessary('https://partner.example/tag.js'), false);
  });
});

describe('categories of what ran', () => {
  const pass = (id, requests) => ({ id, title: id, gpc: false, steps: [], requests, writes: [], snapshots: [], problems: [] });
  const request = (url, phase) => ({ url, method: 'GET', type: 'script', phase });

  test('a request only the one-category pass made belongs to that category; one made without consent too does not', () => {
    const facts = { found: true, regime: 'opt-in', categories: [{ name: 'analytics', sale: false, cookies: [], gcm: null }] };
    const only = pass('only-analytics', [request('https://cdn.vendor.example/widget.js', 'after-decision'), request('https://stats.vendor.example/ga.js?id=1', 'after-decision')]);
    const passes = [pass('first-visit', [request('https://cdn.vendor.example/widget.js', 'before-decision')]), pass('reject-all', []), only];
    const attribution = new Attribution('https://shop.example/', facts, [], passes);
    assert.deepEqual(attribution.categoriesOf('https://stats.vendor.example/ga.js?id=2', only), { categories: ['analytics'], by: 'category pass' });
    assert.equal(attribution.categoriesOf('https://cdn.vendor.example/widget.js', only), undefined);
  });
});

describe('the vendor table', () => {
  test('names a host by its domain or a domain above it, and cookies by name or prefix', () => {
    assert.deepEqual(vendorOfHost('region1.google-analytics.com'), { vendor: 'Google Analytics', category: 'analytics' });
    assert.deepEqual(vendorOfHost('bat.bing.com'), { vendor: 'Microsoft Advertising (UET)', category: 'marketing' });
    assert.deepEqual(vendorOfHost('cdn.shopify.com'), { vendor: 'Shopify', category: 'necessary' });
    assert.equal(vendorOfHost('notgoogle-analytics.com'), undefined);
    assert.deepEqual(vendorOfName('_ga_ABC123'), { pattern: '_ga_*', vendor: 'Google Analytics', category: 'analytics' });
    assert.equal(vendorOfName('cart'), undefined);
  });
});

describe('contrast', () => {
  test('is the WCAG ratio of the text over the first opaque background behind it', () => {
    assert.equal(contrastRatio('rgb(0, 0, 0)', ['rgb(255, 255, 255)']), 21);
    assert.equal(contrastRatio('rgb(255, 255, 255)', ['rgba(0, 0, 0, 0)', 'rgb(29, 78, 216)']), 6.7);
    assert.equal(contrastRatio('rgb(180, 180, 187)', ['rgb(244, 244, 245)']), 1.88);
    // No background at all: the page's white.
    assert.equal(contrastRatio('rgb(0, 0, 0)', ['rgba(0, 0, 0, 0)']), 21);
    assert.equal(contrastRatio('oklch(0.5 0.1 200)', ['rgb(255, 255, 255)']), 0);
  });
});

describe('Consent Mode', () => {
  const categories = [
    { name: 'analytics', sale: false, cookies: [], gcm: null },
    { name: 'ads', sale: true, cookies: [], gcm: ['ad_storage', 'ad_user_data'] },
    { name: 'marketing', sale: true, cookies: [], gcm: null },
  ];

  test('a signal is granted when every category that maps it is granted; security_storage always is', () => {
    const signals = expectedSignals(categories, { analytics: true, ads: true, marketing: false });
    assert.equal(signals.analytics_storage, 'granted');
    assert.equal(signals.ad_storage, 'denied', 'marketing maps it too');
    assert.equal(signals.security_storage, 'granted');
    assert.equal(signals.functionality_storage, 'denied', 'no category maps it');
    assert.equal(expectedSignals(categories, { analytics: true, ads: true, marketing: true }).ad_user_data, 'granted');
  });

  test('the dataLayer gives the default, the updates, and what was pushed before the default', () => {
    const report = readConsentMode([
      { command: ['js', '2026-11-28T12:00:00.000Z'] },
      { object: { event: 'gtm.js' } },
      { command: ['consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied' }] },
      { command: ['config', 'G-X'] },
      { command: ['consent', 'update', { analytics_storage: 'granted' }] },
    ]);
    assert.deepEqual(report.beforeDefault, ["gtag('js')", 'the event "gtm.js"']);
    assert.deepEqual(report.effective, { ad_storage: 'denied', analytics_storage: 'granted' });
    assert.equal(readConsentMode([{ object: { event: 'page_view' } }]), null);
  });
});

describe('finding the browser', () => {
  test('CHROME_PATH first, else the usual places, never a download', () => {
    const only = (...paths) => (path) => paths.includes(path);
    assert.deepEqual(findChrome({ CHROME_PATH: '/opt/chrome' }, 'linux', only('/opt/chrome')), { path: '/opt/chrome' });
    assert.match(findChrome({ CHROME_PATH: '/opt/chrome' }, 'linux', only('/usr/bin/chromium')).problem, /CHROME_PATH is set to \/opt\/chrome/);
    assert.deepEqual(findChrome({}, 'linux', only('/usr/bin/google-chrome-stable')), { path: '/usr/bin/google-chrome-stable' });
    assert.deepEqual(findChrome({}, 'darwin', only('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')), {
      path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    });
    assert.match(findChrome({}, 'linux', only()).problem, /No Chrome or Chromium found/);
  });
});

describe('the arguments', () => {
  test('a URL without a scheme is https; options are read; repeated --allow adds up', () => {
    const { kind, options } = parseCommand(['audit', 'shop.example/cart', '--allow', 'cdn.shop.example', '--allow', 'js.stripe.com', '--declare', '--wait', '500']);
    assert.equal(kind, 'audit');
    assert.equal(options.url.href, 'https://shop.example/cart');
    assert.deepEqual(options.allow, ['cdn.shop.example', 'js.stripe.com']);
    assert.equal(options.declare, true);
    assert.equal(options.quietMs, 500);
    assert.equal(parseCommand(['audit', 'localhost:8080']).options.url.href, 'https://localhost:8080/');
    assert.equal(parseCommand(['audit', 'https://shop.example/', '--allow', 'https://x/']).kind, 'usage-error');
  });
});
