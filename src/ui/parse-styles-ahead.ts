import type { CSSResult } from 'lit';

/**
 * Parses an element's style sheets before it is defined: Lit keeps each parsed sheet, so the
 * task that upgrades the element only adopts them. On a slow phone, parsing and upgrading in one
 * task made it long.
 */
export function parseStylesAhead(styles: readonly CSSResult[]): void {
  for (const style of styles) void style.styleSheet;
}
