/** The page edge a fixed banner covers. */
export type CoveredEdge = 'top' | 'bottom';

/** Room left between the banner and a focused element, for its focus outline. */
const GAP_PX = 8;

/**
 * Keeps what has focus on the page out from under a fixed banner (WCAG 2.4.11, technique C43):
 * while the banner shows, the page's `scroll-padding` on the covered edge is the banner's height
 * plus its offset, so the browser scrolls a newly focused element clear of it. At the bottom the
 * page also gets as much padding after its end, so that its last links can scroll clear too (this
 * moves nothing already shown). Returns the function that puts the page's own values back.
 */
export function reserveEdge(banner: HTMLElement, edge: CoveredEdge): () => void {
  const properties = edge === 'top' ? ['scroll-padding-top'] : ['scroll-padding-bottom', 'padding-bottom'];
  const restore = properties.map(pageValueOf);
  const measure = () => {
    // Layout sizes, not the bounding box: the banner's entrance slide moves it for a moment.
    // Both read before anything is written, or the second read would lay the page out again.
    const offset = parseFloat(getComputedStyle(banner)[edge]) || 0;
    const reserved = `${Math.ceil(banner.offsetHeight + offset + GAP_PX)}px`;
    for (const property of properties) document.documentElement.style.setProperty(property, reserved);
  };
  // The observer reports the banner's first size right after the browser lays it out: measuring
  // here instead would force a layout of the whole page in the middle of the banner's first render.
  const observer = new ResizeObserver(measure);
  observer.observe(banner);
  return () => {
    observer.disconnect();
    for (const put of restore) put();
  };
}

/** Whether `element` (on the page, not in the banner) is under the banner, overlapping it. */
export function isCovered(element: Element, banner: Element): boolean {
  const a = element.getBoundingClientRect();
  const b = banner.getBoundingClientRect();
  return a.width > 0 && a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
}

function pageValueOf(property: string): () => void {
  const { style } = document.documentElement;
  const value = style.getPropertyValue(property);
  const priority = style.getPropertyPriority(property);
  return () => style.setProperty(property, value, priority);
}
