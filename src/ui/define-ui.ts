import { AssentBanner } from './assent-banner.js';
import { AssentEmbed } from './assent-embed.js';
import { defineOnce } from './define-once.js';

/** Registers the UI part's elements; its module is loaded only when something must show. */
export function defineUiElements(registry?: CustomElementRegistry): void {
  defineOnce({ 'assent-banner': AssentBanner, 'assent-embed': AssentEmbed }, registry);
}
