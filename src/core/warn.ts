import type { Warn } from './types.js';

/**
 * A warning channel for the page's author: every distinct message is written once per page,
 * so re-reading the configuration after an attribute change does not repeat itself.
 */
export function createWarn(write: (message: string) => void = (message) => console.warn(message)): Warn {
  const written = new Set<string>();
  return (message) => {
    const line = `[assent] ${message}`;
    if (written.has(line)) return;
    written.add(line);
    write(line);
  };
}
