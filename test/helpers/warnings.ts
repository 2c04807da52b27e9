import { describeProblem } from '../../src/core/problem-texts.js';
import type { Problem } from '../../src/core/problems.js';

/**
 * A warning channel that records what it is told, for assertions: a text as it is, a
 * configuration problem as the warnings part writes it. It serves as both `Warn` and `Report`.
 */
export function recordWarnings(): ((message: string | Problem) => void) & { readonly messages: string[] } {
  const messages: string[] = [];
  const warn = (message: string | Problem) => void messages.push(typeof message === 'string' ? message : describeProblem(message));
  return Object.assign(warn, { messages });
}
