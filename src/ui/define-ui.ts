import { AssentBanner } from './assent-banner.js';
import { AssentEmbed } from './assent-embed.js';

const ELEMENTS = {
  'assent-banner': AssentBanner,
  'assent-embed': AssentEmbed,
} as const;

/** Registers the UI part's elements once; its module is loaded only when something must show. */
export function defineUiElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}
