import type { CSSResult } from 'lit';
import { inNextTask } from '../core/next-task.js';

/**
 * Parses an element's style sheets before it is defined: Lit keeps each parsed sheet, so the
 * task that upgrades the element only adopts them. On a slow phone, parsing and upgrading in one
 * task made it long.
 */
export function parseStylesAhead(styles: readonly CSSResult[]): void {
  for (const style of styles) void style.styleSheet;
}

/** Parses `styles` in one task, then runs `define` (which upgrades the elements) in the next. */
export function defineAfterParsingStyles(styles: readonly CSSResult[], define: () => void): Promise<void> {
  return inNextTask(() => parseStylesAhead(styles)).then(() => inNextTask(define));
}
