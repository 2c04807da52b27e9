/**
 * A mistake in the page's markup, as the main script finds it: what and where, no text. The
 * warnings part (`problem-texts.ts`, `assent-warnings.js`) turns it into a warning, loaded only
 * on a page that has one (docs/diagnostics.md#configuration-warnings).
 */
export type Problem =
  // <assent-consent> and <assent-category>, read by core/config
  | { readonly code: 'invalid-value'; readonly element: Element; readonly attribute: string; readonly value: string; readonly fallback: string | number | boolean | undefined }
  | { readonly code: 'invalid-token' | 'repeated-token'; readonly element: Element; readonly attribute: string; readonly value: string }
  /** Attributes that neither Assent nor HTML knows; `known` are those Assent read on the element. */
  | { readonly code: 'unknown-attribute'; readonly element: Element; readonly attribute: string; readonly known: readonly string[] }
  /** An <assent-category> without a valid name, or the second one with a name. */
  | { readonly code: 'invalid-category-name' | 'repeated-category'; readonly element: Element }
  | { readonly code: 'no-privacy-url'; readonly element: Element }
  /** A category without a built-in label that has none of its own. */
  | { readonly code: 'no-label'; readonly element: Element; readonly category: string }
  // the page's other markup, found by core/lint
  | { readonly code: 'unknown-element'; readonly element: Element }
  /** A `data-` attribute like Assent's (`data-consnet`, another tool's `data-category`, `data-assent-opne`). */
  | { readonly code: 'unknown-data-attribute'; readonly element: Element; readonly attribute: string }
  /** Assent's tag with `data-google-consent-mode` comes after a script that runs. */
  | { readonly code: 'script-before-assent'; readonly element: Element }
  /** The parsed page has no <assent-consent> (`element` is <html>). */
  | { readonly code: 'no-consent-element'; readonly element: Element }
  // elements that name categories, found by core/gate
  | { readonly code: 'not-held-back' | 'no-valid-category' | 'missing-nonce'; readonly element: Element }
  | { readonly code: 'eager-source'; readonly element: Element; readonly attribute: 'srcdoc' | 'poster' }
  | { readonly code: 'unsafe-source'; readonly element: Element; readonly attribute: string; readonly value: string }
  | { readonly code: 'unconfigured-category'; readonly element: Element; readonly category: string; readonly configured: readonly string[] }
  // what released scripts do
  | { readonly code: 'slow-script'; readonly element: Element; readonly seconds: number }
  | { readonly code: 'document-write'; readonly element: Element; readonly method: 'write' | 'writeln' };

/** Tells the page's author about a problem (written once per page, see core/problem-report). */
export type Report = (problem: Problem) => void;

/** The warning for a problem, without the `[assent] ` prefix. */
export type DescribeProblem = (problem: Problem) => string;
