import { AssentPreferencesRequestEvent } from './events.js';

/**
 * Makes every element with `data-assent-open` open the preference center, including elements
 * added to the page later: one delegated listener instead of one per element.
 */
export function openPreferencesOnLinks(root: Document = document): () => void {
  const onClick = (event: MouseEvent) => {
    const opener = event
      .composedPath()
      .find((target): target is Element => target instanceof Element && target.hasAttribute('data-assent-open'));
    if (!opener) return;
    event.preventDefault();
    opener.dispatchEvent(new AssentPreferencesRequestEvent(true));
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}
