import { expect } from '@open-wc/testing';
import { en } from '../../src/ui/i18n/en.js';
import { LANGUAGES, directionOf, matchLanguage, pickLanguage } from '../../src/ui/i18n/languages.js';
import { textsFor } from '../../src/ui/i18n/texts.js';

/** Every text's path, such as `categories.analytics.label`. */
function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`)))
    .sort();
}

function textAt(messages: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], messages);
}

/** The `{name}` placeholders a text fills in, such as `{categories}` and `{link}`. */
function placeholdersOf(text: string): string[] {
  return (text.match(/\{\w+\}/g) ?? []).sort();
}

async function translation(code: string): Promise<object> {
  const response = await fetch(`/src/ui/i18n/messages/${code}.json`);
  expect(response.ok, `${code}.json`).to.equal(true);
  return response.json() as Promise<object>;
}

describe('languages', () => {
  it('covers the 24 official EU languages and ten more', () => {
    const eu = ['bg', 'cs', 'da', 'de', 'el', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'it', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv'];
    expect(LANGUAGES).to.include.members([...eu, 'nb', 'tr', 'uk', 'ar', 'he', 'ja', 'ko', 'zh-Hans', 'zh-Hant', 'pt-BR']);
    expect(new Set(LANGUAGES).size).to.equal(LANGUAGES.length);
    expect(LANGUAGES.length + 1).to.be.at.least(34);
  });

  for (const code of LANGUAGES) {
    it(`${code} has every key of English and none extra, each a non-empty text with English's placeholders`, async () => {
      const messages = await translation(code);
      const keys = keysOf(en);
      expect(keysOf(messages)).to.deep.equal(keys);
      for (const key of keys) {
        const text = textAt(messages, key);
        expect(text, `${code} ${key}`).to.be.a('string').and.match(/\S/);
        expect(placeholdersOf(text as string), `${code} ${key} placeholders`).to.deep.equal(placeholdersOf(textAt(en, key) as string));
        expect(text, `${code} ${key} is plain text`).not.to.match(/[<>]/);
      }
    });
  }

  it('matches page and browser tags to the language we have', () => {
    const cases: Array<[string, string | undefined]> = [
      ['de', 'de'], ['de-AT', 'de'], ['DE-ch', 'de'], ['fr_CA', 'fr'], ['en-GB', 'en'],
      ['pt', 'pt'], ['pt-PT', 'pt'], ['pt-BR', 'pt-BR'], ['pt-br', 'pt-BR'],
      ['zh', 'zh-Hans'], ['zh-CN', 'zh-Hans'], ['zh-Hans-TW', 'zh-Hans'], ['zh-TW', 'zh-Hant'], ['zh-HK', 'zh-Hant'], ['zh-Hant', 'zh-Hant'],
      ['no', 'nb'], ['nn-NO', 'nb'], ['nb', 'nb'], ['iw', 'he'], ['ar-EG', 'ar'],
      ['is', undefined], ['', undefined], ['constructor', undefined], ['zha', undefined],
    ];
    for (const [tag, code] of cases) expect(matchLanguage(tag), tag).to.equal(code);
  });

  it('picks the first wanted language we have, else English', () => {
    expect(pickLanguage([undefined, 'is', 'sv-SE', 'de'])).to.equal('sv');
    expect(pickLanguage(['', null, 'xx'])).to.equal('en');
    expect(pickLanguage(['en-US', 'de'])).to.equal('en');
  });

  it('lays out Arabic and Hebrew right to left, and every other language left to right', () => {
    expect(LANGUAGES.filter((code) => directionOf(code) === 'rtl')).to.deep.equal(['ar', 'he']);
    expect(directionOf('en')).to.equal('ltr');
  });

  it('keeps English for any text a damaged language file lacks or holds as something else', () => {
    const texts = textsFor({ lang: 'de', dir: 'ltr', messages: { acceptAll: 'Alle akzeptieren', rejectAll: '', customize: 42, categories: { analytics: { label: 'Statistik' } }, extra: 'x' } });
    expect(texts.messages.acceptAll).to.equal('Alle akzeptieren');
    expect(texts.messages.rejectAll).to.equal(en.rejectAll);
    expect(texts.messages.customize).to.equal(en.customize);
    expect(texts.messages.categories.analytics).to.deep.equal({ label: 'Statistik', description: en.categories.analytics.description });
    expect(keysOf(texts.messages)).to.deep.equal(keysOf(en));
  });
});
