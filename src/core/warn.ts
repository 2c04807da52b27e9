import type { Warn } from './types.js';

/** A warning channel that keeps what it wrote, in order (for the diagnostics table). */
export type WarningLog = Warn & { readonly written: ReadonlySet<string> };

/**
 * A warning channel for the page's author: every distinct message is written once per page,
 * so re-reading the configuration after an attribute change does not repeat itself.
 */
export function createWarn(write: (message: string) => void = (message) => console.warn(message)): WarningLog {
  const written = new Set<string>();
  const warn = (message: string) => {
    const line = `[assent] ${message}`;
    if (written.has(line)) return;
    written.add(line);
    write(line);
  };
  return Object.assign(warn, { written });
}

/**
 * For a problem that repeats with changing details (each failure's reason): the first message of
 * each kind is written, the later ones of that kind are not.
 */
export function warnOncePerKind<Kind extends string>(warn: Warn): (kind: Kind, message: string) => void {
  const warned = new Set<Kind>();
  return (kind, message) => {
    if (warned.has(kind)) return;
    warned.add(kind);
    warn(message);
  };
}
