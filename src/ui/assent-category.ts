/**
 * @tag assent-category
 * @summary Adds or refines one consent category of the enclosing `<assent-consent>`. It renders
 * nothing: `<assent-consent>` reads its attributes.
 *
 * @attr name - Required; `[a-z][a-z0-9_-]*`.
 * @attr label - Shown name (plain text).
 * @attr description - Shown explanation (plain text).
 * @attr gcm - Google Consent Mode signals this category grants.
 * @attr signals - Vendor signals this category grants: `uet`, `clarity-analytics`, `clarity-ads`, `meta`, `tiktok`.
 * @attr cookies - Cookie names deleted on withdrawal; a trailing `*` matches a prefix.
 * @attr sale - Counts as sale or sharing of personal data.
 */
export class AssentCategory extends HTMLElement {}

declare global {
  interface HTMLElementTagNameMap {
    'assent-category': AssentCategory;
  }
}
