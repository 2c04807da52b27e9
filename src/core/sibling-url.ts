/**
 * The URL of `file` in the folder Assent's own script came from. The query of that script's URL
 * is carried over: hosts that version their asset URLs (Shopify's `asset_url` adds `?v=…`,
 * WordPress `?ver=…`) then serve every part of one upload under the same version, so a browser
 * never pairs a cached old part with a new one. Without a script URL (Assent inlined, say), the
 * file is looked up beside the page.
 */
export function siblingUrl(file: string, ownSrc: string | undefined, page = document.baseURI): string {
  if (!ownSrc) return new URL(file, page).href;
  const url = new URL(file, ownSrc);
  url.search = new URL(ownSrc).search;
  return url.href;
}
