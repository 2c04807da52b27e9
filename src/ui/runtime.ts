import { ContextProvider, consume, createContext } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { _$LH } from './lit-part-constructors.js';
import { RUNTIME_KEY, type BridgedModule } from './bridged-exports.js';

/** The main script's copy of Lit, for lazily loaded parts to share (see `bridged-exports.ts`). */
export const runtime: Readonly<Record<BridgedModule, Readonly<Record<string, unknown>>>> = Object.freeze({
  lit: Object.freeze({ LitElement, css, html, nothing }),
  'lit/decorators.js': Object.freeze({ state }),
  '@lit/context': Object.freeze({ consume, createContext, ContextProvider }),
  'lit-html/private-ssr-support.js': Object.freeze({ _$LH }),
});

type RuntimeGlobal = typeof globalThis & { [key: symbol]: typeof runtime | undefined };

/** Publishes the runtime once per page; a second copy of the script keeps the first one's. */
export function exposeRuntime(): void {
  const key = Symbol.for(RUNTIME_KEY);
  const page = globalThis as RuntimeGlobal;
  page[key] ??= runtime;
}
