import { COMPARED_STYLES } from './banner-measure.js';
import type { BannerReport, ChoiceButton } from './types.js';

/** Sizes closer than this (CSS pixels) count as equal: sub-pixel layout rounds differently. */
const SIZE_TOLERANCE_PX = 1;

const minimumContrast = (button: ChoiceButton) => (button.largeText ? 3 : 4.5);

/**
 * What makes Accept all and Reject all unequal on the first layer: a missing or hidden Reject,
 * another size or look, too little contrast, or another control between them.
 */
export function unequalChoices(banner: BannerReport): string[] {
  const { accept, reject } = banner;
  if (!accept) return ['The banner shows no Accept all button.'];
  if (!reject) return ['The banner shows no Reject all button: refusing must be possible on the first layer, as easily as accepting.'];
  const problems: string[] = [];
  if (!reject.inViewport) problems.push('Reject all is not fully visible without scrolling.');
  const width = Math.abs(accept.box.width - reject.box.width);
  const height = Math.abs(accept.box.height - reject.box.height);
  if (width > SIZE_TOLERANCE_PX || height > SIZE_TOLERANCE_PX) {
    problems.push(`Accept all is ${size(accept)} and Reject all ${size(reject)}: they must be the same size.`);
  }
  const differences = COMPARED_STYLES.filter((property) => accept.style[property] !== reject.style[property]).map(
    (property) => `${property} ${reject.style[property] || 'none'} instead of ${accept.style[property] || 'none'}`,
  );
  if (differences.length) problems.push(`Reject all does not look like Accept all: ${differences.join('; ')}.`);
  for (const [name, button] of [['Accept all', accept], ['Reject all', reject]] as const) {
    if (button.contrast < minimumContrast(button)) problems.push(`${name} has a contrast of ${button.contrast}:1, below WCAG's ${minimumContrast(button)}:1.`);
  }
  if (Math.abs(accept.order - reject.order) !== 1) {
    problems.push(`Accept all and Reject all are not next to each other (buttons in order: ${banner.order.join(', ')}).`);
  }
  return problems;
}

function size({ box }: ChoiceButton): string {
  return `${Math.round(box.width)} × ${Math.round(box.height)} px`;
}
