import type { Config } from '../../core/types.js';
import type { Messages } from './en.js';

/**
 * The banner's default explanation for this page, from whole translated sentences (so each
 * language keeps its grammar): it mentions ads only when a category counts as `sale` or is named
 * `marketing`, and names the page's settings link only when there is one.
 */
export function bannerDescription(messages: Messages, config: Config, settingsLink: string | undefined): string {
  const ads = config.categories.some((category) => category.sale || category.name === 'marketing');
  return joinSentences([
    messages.bannerNecessary,
    ads ? messages.bannerConsentAds : messages.bannerConsent,
    // The link's text is isolated (FSI … PDI), so that text of the other direction, English in
    // an Arabic sentence, does not carry the quotes and the full stop along; a function, so that
    // a `$` in it is taken as it is.
    settingsLink ? messages.bannerChangeUnder.replace('{link}', () => `\u2068${settingsLink}\u2069`) : messages.bannerChange,
  ]);
}

/** A space between sentences, except after a full-width stop (Chinese, Japanese), which has none. */
function joinSentences(sentences: readonly string[]): string {
  return sentences.reduce((text, sentence) => `${text}${/[。！？]$/.test(text) ? '' : ' '}${sentence}`);
}
