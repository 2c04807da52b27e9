/**
 * The library exports that lazily loaded parts (such as the preference center) take from the main
 * script instead of bundling their own copy of Lit. The build's bridge plugin and `runtime.ts`
 * both follow this list; a unit test keeps them in step.
 */
export const BRIDGED_EXPORTS = {
  lit: ['LitElement', 'css', 'html', 'nothing'],
  'lit/decorators.js': ['state'],
  '@lit/context': ['consume', 'createContext', 'ContextProvider'],
  // Templates prepared at build time name Lit's attribute part classes (scripts/compile-lit-templates.ts).
  'lit-html/private-ssr-support.js': ['_$LH'],
} as const;

export type BridgedModule = keyof typeof BRIDGED_EXPORTS;

/** Where the main script puts the shared exports for lazily loaded parts. */
export const RUNTIME_KEY = 'assent.runtime';
