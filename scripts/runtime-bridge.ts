import type { Plugin } from 'vite';
import { BRIDGED_EXPORTS, RUNTIME_KEY } from '../src/ui/bridged-exports.js';

const PREFIX = '\0assent-runtime:';

/**
 * For lazily loaded parts: replaces `lit`, `lit/decorators.js` and `@lit/context` with the
 * copies the main script already has (published under `Symbol.for(RUNTIME_KEY)`), so a lazy
 * file carries only its own code.
 */
export function runtimeBridge(): Plugin {
  return {
    name: 'assent:runtime-bridge',
    enforce: 'pre',
    resolveId(source) {
      if (Object.hasOwn(BRIDGED_EXPORTS, source)) return PREFIX + source;
      if (/^(lit|lit-html|@lit)\//.test(source) || source === 'lit') {
        this.error(`${source} is not bridged: add what the lazy part needs to src/ui/bridged-exports.ts`);
      }
      return null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const names = BRIDGED_EXPORTS[id.slice(PREFIX.length) as keyof typeof BRIDGED_EXPORTS];
      const module = JSON.stringify(id.slice(PREFIX.length));
      return [
        `const shared = globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})][${module}];`,
        ...names.map((name) => `export const ${name} = shared.${name};`),
      ].join('\n');
    },
  };
}
