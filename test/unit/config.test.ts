import { expect } from '@open-wc/testing';
import { DEFAULT_CONFIG, readConfig } from '../../src/core/config.js';
import { recordWarnings } from '../helpers/warnings.js';

function element(markup: string): Element {
  const template = document.createElement('template');
  template.innerHTML = markup.trim();
  return template.content.firstElementChild!;
}

function read(markup: string) {
  const warn = recordWarnings();
  const config = readConfig(element(markup), warn);
  return { config, warnings: warn.messages };
}

const names = (markup: string) => read(markup).config.categories.map((category) => category.name);

describe('core/config', () => {
  it('gives the defaults for a bare element, with only the necessary category', () => {
    const { config, warnings } = read('<assent-consent></assent-consent>');
    expect(JSON.parse(JSON.stringify(config))).to.deep.equal(DEFAULT_CONFIG);
    expect(config.categories.map((category) => category.name)).to.deep.equal(['necessary']);
    expect(warnings).to.deep.equal([]);
  });

  it('reads every attribute of a valid configuration', () => {
    const { config, warnings } = read(`
      <assent-consent policy-version="2026-11" max-age-days="30" privacy-url="/privacy" endpoint="https://shop.example/api/consent"
        lang="de-AT" mode="opt-out" google-consent-mode gpc="ignore" dnt="respect" region="us-ca" subject="c2hvcC1zZWNyZXQtaG1hYy1vZi00Mg"
        platform="shopify" theme="dark" layout="box" position="bottom-left" reload-on-withdraw="false" debug
        categories="analytics marketing"></assent-consent>`);
    expect(warnings).to.deep.equal([]);
    expect(config).to.deep.include({
      policyVersion: '2026-11',
      maxAgeDays: 30,
      privacyUrl: '/privacy',
      endpoint: 'https://shop.example/api/consent',
      lang: 'de-AT',
      mode: 'opt-out',
      googleConsentMode: true,
      gpc: 'ignore',
      dnt: 'respect',
      region: 'US-CA',
      subject: 'c2hvcC1zZWNyZXQtaG1hYy1vZi00Mg',
      platform: 'shopify',
      theme: 'dark',
      layout: 'box',
      position: 'bottom-left',
      reloadOnWithdraw: false,
      debug: true,
    });
  });

  it('gives well-known categories their Consent Mode signals and keeps the named order', () => {
    const { config } = read('<assent-consent categories="marketing analytics functional personalization"></assent-consent>');
    expect(config.categories.map(({ name, gcm }) => [name, gcm])).to.deep.equal([
      ['necessary', ['security_storage']],
      ['marketing', ['ad_storage', 'ad_user_data', 'ad_personalization']],
      ['analytics', ['analytics_storage']],
      ['functional', ['functionality_storage']],
      ['personalization', ['personalization_storage']],
    ]);
  });

  it('lets <assent-category> children refine the shorthand and add categories', () => {
    const { config, warnings } = read(`
      <assent-consent categories="analytics">
        <assent-category name="analytics" label="Statistics" description="Visits, counted" gcm="analytics_storage ad_storage" cookies="_ga _ga_* _gid"></assent-category>
        <assent-category name="chat" label="Live chat" sale></assent-category>
      </assent-consent>`);
    expect(warnings).to.deep.equal([]);
    expect(config.categories).to.deep.equal([
      { name: 'necessary', gcm: ['security_storage'], signals: [], cookies: [], sale: false },
      {
        name: 'analytics',
        label: 'Statistics',
        description: 'Visits, counted',
        gcm: ['analytics_storage', 'ad_storage'],
        signals: ['clarity-analytics'],
        cookies: ['_ga', '_ga_*', '_gid'],
        sale: false,
      },
      { name: 'chat', label: 'Live chat', description: undefined, gcm: [], signals: [], cookies: [], sale: true },
    ]);
  });

  it('reads the vendors to drive and the vendor signals each category grants, dropping bad names one by one', () => {
    const { config, warnings } = read(`
      <assent-consent categories="analytics marketing" signals="uet clarity pinterest meta tiktok">
        <assent-category name="ads" signals="uet clarity-ads clarity"></assent-category>
        <assent-category name="marketing" signals="meta tiktok"></assent-category>
        <assent-category name="analytics" signals=""></assent-category>
      </assent-consent>`);
    expect(config.signals).to.deep.equal(['uet', 'clarity', 'meta', 'tiktok']);
    expect(config.categories.map(({ name, signals }) => [name, signals])).to.deep.equal([
      ['necessary', []],
      ['analytics', []],
      ['marketing', ['meta', 'tiktok']],
      ['ads', ['uet', 'clarity-ads']],
    ]);
    expect(warnings).to.deep.equal([
      '<assent-consent signals="pinterest"> is not a valid vendor (uet, clarity, meta, tiktok); it is ignored.',
      '<assent-category name="ads" signals="clarity"> is not a valid vendor signal (did you mean clarity-analytics or clarity-ads?); it is ignored.',
    ]);
  });

  it('accepts "auto" as an automatic language', () => {
    expect(read('<assent-consent lang="auto"></assent-consent>').config.lang).to.equal(undefined);
  });

  describe('bad values', () => {
    const cases: Array<[string, string, Partial<Record<string, unknown>>]> = [
      ['mode="sometimes"', 'mode="sometimes"', { mode: 'opt-in' }],
      ['max-age-days="abc"', 'max-age-days="abc"', { maxAgeDays: 180 }],
      ['max-age-days="0"', 'max-age-days="0"', { maxAgeDays: 180 }],
      ['max-age-days="396"', 'max-age-days="396"', { maxAgeDays: 180 }],
      ['max-age-days="-5"', 'max-age-days="-5"', { maxAgeDays: 180 }],
      ['max-age-days="30.5"', 'max-age-days="30.5"', { maxAgeDays: 180 }],
      ['privacy-url="javascript:alert(1)"', 'privacy-url="javascript:alert(1)"', { privacyUrl: undefined }],
      ['privacy-url="  JaVa&#9;script:alert(1)"', 'privacy-url=', { privacyUrl: undefined }],
      ['privacy-url="data:text/html,x"', 'privacy-url="data:text/html,x"', { privacyUrl: undefined }],
      ['endpoint="ftp://shop.example/consent"', 'endpoint="ftp://shop.example/consent"', { endpoint: undefined }],
      ['policy-version=""', 'policy-version=""', { policyVersion: '1' }],
      ['gpc="sometimes"', 'gpc="sometimes"', { gpc: 'respect' }],
      ['dnt="yes"', 'dnt="yes"', { dnt: 'ignore' }],
      ['theme="neon"', 'theme="neon"', { theme: 'auto' }],
      ['layout="popup"', 'layout="popup"', { layout: 'bar' }],
      ['position="left"', 'position="left"', { position: 'bottom' }],
      ['subject="customer-42"', 'subject="customer-42"', { subject: undefined }],
      ['reload-on-withdraw="never"', 'reload-on-withdraw="never"', { reloadOnWithdraw: true }],
      ['platform="magento"', 'platform="magento"', { platform: undefined }],
      ['region="Germany"', 'region="Germany"', { region: undefined }],
      ['lang="english please"', 'lang="english please"', { lang: undefined }],
      // The test page is on localhost: a cookie for any other domain would be refused.
      ['cookie-domain=".shop.example"', 'cookie-domain=".shop.example"', { cookieDomain: undefined }],
      ['cookie-domain="calhost"', 'cookie-domain="calhost"', { cookieDomain: undefined }],
      ['cookie-domain="."', 'cookie-domain="."', { cookieDomain: undefined }],
    ];

    it('shares the decision on the page host or a parent domain of it, written with or without the leading dot', () => {
      expect(location.hostname).to.equal('localhost');
      expect(read('<assent-consent cookie-domain=".LocalHost"></assent-consent>')).to.deep.include({ warnings: [] });
      expect(read('<assent-consent cookie-domain=".LocalHost"></assent-consent>').config.cookieDomain).to.equal('localhost');
      expect(read('<assent-consent cookie-domain="localhost"></assent-consent>').config.cookieDomain).to.equal('localhost');
      expect(read('<assent-consent></assent-consent>').config.cookieDomain).to.equal(undefined);
    });
    for (const [attribute, named, expected] of cases) {
      it(`warns once about ${attribute} and uses the default`, () => {
        const { config, warnings } = read(`<assent-consent ${attribute}></assent-consent>`);
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.contain(named);
        expect(config).to.deep.include(expected);
      });
    }

    it('drops a bad category name from the shorthand and keeps the good ones', () => {
      const { config, warnings } = read('<assent-consent categories="analytics Marketing 9lives ads"></assent-consent>');
      expect(config.categories.map((category) => category.name)).to.deep.equal(['necessary', 'analytics', 'ads']);
      expect(warnings).to.have.length(2);
      expect(warnings[0]).to.contain('categories="Marketing"');
      expect(warnings[1]).to.contain('categories="9lives"');
    });

    it('ignores an <assent-category> with a bad or missing name', () => {
      const { config, warnings } = read(`
        <assent-consent><assent-category name="Bad Name"></assent-category><assent-category label="No name"></assent-category></assent-consent>`);
      expect(config.categories.map((category) => category.name)).to.deep.equal(['necessary']);
      expect(warnings).to.have.length(2);
      expect(warnings[0]).to.contain('<assent-category name="Bad Name"> is not a valid category name (a lower-case letter, then lower-case letters, digits, _ or -: [a-z][a-z0-9_-]*; did you mean "bad-name"?)');
      expect(warnings[1]).to.equal(
        '<assent-category label="No name"> has no name, which is required (a lower-case letter, then lower-case letters, digits, _ or -: [a-z][a-z0-9_-]*); the category is ignored.',
      );
    });

    it('uses the first of two <assent-category> elements with the same name', () => {
      const { config, warnings } = read(`
        <assent-consent>
          <assent-category name="analytics" label="First"></assent-category>
          <assent-category name="analytics" label="Second" sale></assent-category>
        </assent-consent>`);
      expect(config.categories.find((category) => category.name === 'analytics')).to.deep.include({ label: 'First', sale: false });
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('<assent-category name="analytics">').and.contain('twice');
    });

    it('keeps one of a category named twice in the shorthand', () => {
      const { warnings } = read('<assent-consent categories="analytics analytics"></assent-consent>');
      expect(names('<assent-consent categories="analytics analytics"></assent-consent>')).to.deep.equal(['necessary', 'analytics']);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('categories="analytics"').and.contain('twice');
    });

    it('drops only the bad tokens of gcm and cookies lists', () => {
      const { config, warnings } = read(`
        <assent-consent><assent-category name="ads" gcm="ad_storage ad_magic" cookies="_fbp bad;cookie _gcl_* *_x"></assent-category></assent-consent>`);
      expect(config.categories[1]).to.deep.include({ gcm: ['ad_storage'], cookies: ['_fbp', '_gcl_*'] });
      expect(warnings).to.have.length(3);
      expect(warnings[0]).to.contain('gcm="ad_magic"');
      expect(warnings[1]).to.contain('cookies="bad;cookie"');
      expect(warnings[2]).to.contain('cookies="*_x"');
    });

    it('keeps necessary always present, on and never for sale, whatever the markup says', () => {
      const { config } = read(`
        <assent-consent categories="necessary"><assent-category name="necessary" label="Essential" sale gcm="ad_storage"></assent-category></assent-consent>`);
      expect(config.categories).to.have.length(1);
      expect(config.categories[0]).to.deep.include({ name: 'necessary', label: 'Essential', sale: false, gcm: ['security_storage'] });
    });

    it('keeps the cookies declared strictly necessary, which are never withdrawn', () => {
      const { config, warnings } = read('<assent-consent><assent-category name="necessary" cookies="cart session_*"></assent-category></assent-consent>');
      expect(warnings).to.deep.equal([]);
      expect(config.categories[0]).to.deep.include({ name: 'necessary', cookies: ['cart', 'session_*'] });
    });

    it('treats google-consent-mode="false" as off', () => {
      expect(read('<assent-consent google-consent-mode="false"></assent-consent>').config.googleConsentMode).to.equal(false);
    });
  });
});
