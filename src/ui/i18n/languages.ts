/**
 * The UI languages besides English, which is built in. Each has `messages/<code>.json`, built to
 * `assent-lang-<code>.js` in the drop-in folder, beside the other scripts, and loaded only on a page that needs it.
 * The 24 official languages of the EU, then Norwegian (Bokmål), Turkish, Ukrainian, Arabic, Hebrew,
 * Japanese, Korean, Chinese (Simplified, Traditional) and Brazilian Portuguese.
 */
export const LANGUAGES = [
  'bg', 'cs', 'da', 'de', 'el', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'it', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
  'nb', 'tr', 'uk', 'ar', 'he', 'ja', 'ko', 'zh-Hans', 'zh-Hant', 'pt-BR',
] as const;

export type LanguageCode = 'en' | (typeof LANGUAGES)[number];

const RIGHT_TO_LEFT: ReadonlySet<string> = new Set(['ar', 'he']);

/** Other names browsers and pages use for a language we have. */
const ALIASES: Readonly<Record<string, LanguageCode>> = { no: 'nb', nn: 'nb', iw: 'he' };

/** Regions and scripts that read Traditional Chinese. */
const TRADITIONAL_CHINESE = /^zh-(hant|tw|hk|mo)\b/;

/** The language we have for a BCP 47 tag: the tag itself, its region's variant, or its base language. */
export function matchLanguage(tag: string): LanguageCode | undefined {
  const lower = tag.trim().toLowerCase().replace(/_/g, '-');
  if (!lower) return undefined;
  const base = lower.split('-')[0]!;
  if (base === 'zh') return TRADITIONAL_CHINESE.test(lower) ? 'zh-Hant' : 'zh-Hans';
  if (lower === 'pt-br' || lower.startsWith('pt-br-')) return 'pt-BR';
  if (base === 'en') return 'en';
  if ((LANGUAGES as readonly string[]).includes(base)) return base as LanguageCode;
  return Object.hasOwn(ALIASES, base) ? ALIASES[base] : undefined;
}

/** The first of the wanted tags (most wanted first) that we have, else English. */
export function pickLanguage(wanted: readonly (string | null | undefined)[]): LanguageCode {
  for (const tag of wanted) {
    const code = tag ? matchLanguage(tag) : undefined;
    if (code) return code;
  }
  return 'en';
}

export function directionOf(code: LanguageCode): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(code) ? 'rtl' : 'ltr';
}
