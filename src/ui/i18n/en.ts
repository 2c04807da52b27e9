import { DO_NOT_SELL } from './do-not-sell.js';

/** English, the built-in language; every other language has exactly these keys. */
export const en = {
  bannerLabel: 'Cookie consent',
  bannerTitle: 'Your privacy choices',
  // The banner's explanation, in whole sentences per case (src/ui/i18n/banner-description.ts).
  bannerNecessary: 'We use cookies and similar technologies that the shop needs to work.',
  bannerConsent: 'With your consent we also use them to understand how the shop is used.',
  bannerConsentAds: 'With your consent we also use them to understand how the shop is used and to show you relevant ads.',
  bannerChange: 'You can change your choice at any time.',
  /** `{link}`: the name of the page's settings link, such as "Cookie settings". */
  bannerChangeUnder: 'You can change your choice at any time under “{link}”.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customize: 'Customize',
  privacyPolicy: 'Privacy policy',
  optOutDescription:
    'We and our advertising partners use cookies and similar technologies, which may count as selling or sharing your personal information. You can opt out at any time.',
  doNotSell: DO_NOT_SELL,
  ok: 'OK',
  optOutHonored: 'Opt-Out Request Honored',
  preferencesTitle: 'Privacy preferences',
  preferencesDescription:
    'Choose which optional categories you allow. Strictly necessary cookies are always on because the shop cannot work without them.',
  saveChoices: 'Save choices',
  close: 'Close',
  alwaysOn: 'Always on',
  saved: 'Your privacy choices are saved.',
  /** Opens the preference center again: after the confirmation that a choice was saved, and on the cookie table. */
  change: 'Change',
  embedLabel: 'Blocked content',
  embedNotice: 'This content comes from another website, which may set cookies. It loads once you allow {categories}.',
  embedAllow: 'Allow {categories} and load',
  /** `<assent-cookie-table>` on the shop's privacy page; its caption is `bannerTitle`, its button `change`. */
  cookieTable: {
    category: 'Category',
    purpose: 'Purpose',
    cookies: 'Cookies',
    choice: 'Your choice',
    allowed: 'Allowed',
    notAllowed: 'Not allowed',
    receipt: 'Receipt',
    unconfirmed: 'Not yet confirmed',
  },
  categories: {
    necessary: {
      label: 'Strictly necessary',
      description: 'Keep the shop working: your cart, checkout, security, and remembering this choice.',
    },
    functional: {
      label: 'Functional',
      description: 'Remember your preferences, such as language, region and recently viewed products.',
    },
    analytics: {
      label: 'Analytics',
      description: 'Help us understand how the shop is used, so we can improve it.',
    },
    marketing: {
      label: 'Marketing',
      description: 'Let advertising partners show you relevant ads and measure their campaigns, here and on other sites.',
    },
    personalization: {
      label: 'Personalization',
      description: 'Tailor product recommendations and content to your interests.',
    },
  },
} as const;

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The texts of one language. */
export type Messages = Widen<typeof en>;
