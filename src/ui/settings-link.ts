/** A settings link with a longer text is not quoted in the banner. */
const LONGEST_NAME = 40;

/**
 * The text of the page's settings link, the first element with `data-assent-open` that has a
 * short one (its `aria-label`, else its text), as the banner quotes it: "…under “Cookie settings”".
 * Undefined when the page has none, so that the banner names no link the shopper cannot find.
 */
export function settingsLinkName(root: ParentNode = document): string | undefined {
  for (const link of root.querySelectorAll('[data-assent-open]')) {
    const name = (link.getAttribute('aria-label') || link.textContent || '').replace(/\s+/g, ' ').trim();
    if (name && name.length <= LONGEST_NAME) return name;
  }
  return undefined;
}
