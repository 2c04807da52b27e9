import type { Warn } from '../../src/core/types.js';

/** A warning channel that records what it is told, for assertions. */
export function recordWarnings(): Warn & { readonly messages: string[] } {
  const messages: string[] = [];
  const warn = (message: string) => void messages.push(message);
  return Object.assign(warn, { messages });
}
