import { expect } from '@open-wc/testing';
import { followLocale, type Locale, type LoadLanguage } from '../../src/ui/i18n/locale.js';
import { configFrom, createTestManager } from '../helpers/manager.js';

/** A language loader the test answers by hand, recording what was asked. */
function scriptedLoader() {
  const asked: string[] = [];
  const pending = new Map<string, { resolve: (messages: unknown) => void; reject: (error: Error) => void }>();
  const load: LoadLanguage = (code) => {
    asked.push(code);
    return new Promise((resolve, reject) => pending.set(code, { resolve, reject }));
  };
  return { load, asked, answer: (code: string, messages: unknown) => pending.get(code)!.resolve(messages), fail: (code: string) => pending.get(code)!.reject(new Error('HTTP 404')) };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('followLocale', () => {
  let pageLang: string;
  beforeEach(() => (pageLang = document.documentElement.lang));
  afterEach(() => (document.documentElement.lang = pageLang));

  it('loads nothing until text must show, then the language file before anything renders', async () => {
    const { manager, warn } = createTestManager({ config: configFrom('lang="de"') });
    await manager.ready;
    const loader = scriptedLoader();
    const locale = followLocale(manager, loader.load, warn);
    const seen: Locale[] = [];
    locale.subscribe((next) => seen.push(next));
    expect(loader.asked).to.deep.equal([]);
    locale.request();
    locale.request();
    expect(loader.asked).to.deep.equal(['de']);
    expect(locale.current, 'nothing to render before the texts are there').to.equal(undefined);
    loader.answer('de', { acceptAll: 'Alle akzeptieren' });
    await nextTask();
    expect(locale.current).to.deep.equal({ lang: 'de', dir: 'ltr', messages: { acceptAll: 'Alle akzeptieren' } });
    expect(seen.map((next) => next.lang)).to.deep.equal(['de']);
  });

  it('chooses nothing before the configuration is read: an English page may configure another language', async () => {
    document.documentElement.lang = 'en';
    const { manager, warn } = createTestManager({ config: null });
    const loader = scriptedLoader();
    const locale = followLocale(manager, loader.load, warn);
    locale.request();
    manager.configure(configFrom('lang="ar"'));
    expect(locale.current).to.equal(undefined);
    await manager.ready;
    expect(loader.asked).to.deep.equal(['ar']);
    expect(locale.current, 'no English meanwhile').to.equal(undefined);
  });

  it('is English at once, with no file, for an English page', async () => {
    document.documentElement.lang = 'en-GB';
    const { manager, warn } = createTestManager();
    await manager.ready;
    const loader = scriptedLoader();
    const locale = followLocale(manager, loader.load, warn);
    locale.request();
    expect(locale.current).to.deep.equal({ lang: 'en', dir: 'ltr' });
    expect(loader.asked).to.deep.equal([]);
  });

  it('follows <html lang> when there is no lang attribute, also when the page changes it', async () => {
    document.documentElement.lang = 'ar';
    const { manager, warn } = createTestManager();
    await manager.ready;
    const loader = scriptedLoader();
    const locale = followLocale(manager, loader.load, warn);
    locale.request();
    loader.answer('ar', { acceptAll: 'قبول الكل' });
    await nextTask();
    expect([locale.current?.lang, locale.current?.dir]).to.deep.equal(['ar', 'rtl']);
    document.documentElement.lang = 'he';
    await nextTask();
    expect(loader.asked).to.deep.equal(['ar', 'he']);
    loader.answer('he', { acceptAll: 'קבלת הכול' });
    await nextTask();
    expect([locale.current?.lang, locale.current?.dir]).to.deep.equal(['he', 'rtl']);
  });

  it('shows a later choice of language, never an earlier one that answers late', async () => {
    const { manager, warn } = createTestManager({ config: configFrom('lang="fr"') });
    await manager.ready;
    const loader = scriptedLoader();
    const locale = followLocale(manager, loader.load, warn);
    locale.request();
    manager.configure(configFrom('lang="it"'));
    loader.answer('it', { acceptAll: 'Accetta tutti' });
    await nextTask();
    loader.answer('fr', { acceptAll: 'Tout accepter' });
    await nextTask();
    expect(locale.current?.lang).to.equal('it');
  });

  it('falls back to English, with a warning, when the file fails or is late', async () => {
    const { manager, warn } = createTestManager({ config: configFrom('lang="pl"') });
    await manager.ready;
    const loader = scriptedLoader();
    const failing = followLocale(manager, loader.load, warn);
    failing.request();
    loader.fail('pl');
    await nextTask();
    expect(failing.current).to.deep.equal({ lang: 'en', dir: 'ltr' });
    expect(warn.messages.join()).to.contain('could not load the pl texts (HTTP 404); showing English.');

    const slow = createTestManager({ config: configFrom('lang="sk"') }).manager;
    await slow.ready;
    const late = followLocale(slow, scriptedLoader().load, warn, 20);
    late.request();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(late.current).to.deep.equal({ lang: 'en', dir: 'ltr' });
    expect(warn.messages.join()).to.contain('could not load the sk texts (no answer within 20 ms)');
  });

  it('warns about a lang attribute it has no translation for, and uses the page language', async () => {
    document.documentElement.lang = 'en';
    const { manager, warn } = createTestManager({ config: configFrom('lang="is"') });
    await manager.ready;
    const locale = followLocale(manager, scriptedLoader().load, warn);
    locale.request();
    expect(locale.current?.lang).to.equal('en');
    expect(warn.messages).to.deep.equal(['lang="is" has no translation; the page\'s language is used.']);
  });
});
