import { compileLitTemplates as litTemplateCompiler } from '@lit-labs/compiler';
import ts from 'typescript';
import type { Plugin } from 'vite';
import { UI_MODULE } from './minify-lit-templates.js';

/**
 * Prepares the UI's Lit templates at build time (@lit-labs/compiler): the browser then skips
 * Lit's first-render work of turning each `html` template into markup and finding its bindings,
 * which was most of the banner's first render on a slow phone. It runs on each UI module once the
 * build has made it JavaScript, so decorators and types are handled as before. A template the
 * compiler cannot prepare still works, prepared in the browser as before, and is reported.
 */
export function compileLitTemplates(): Plugin {
  return {
    name: 'assent:compile-lit-templates',
    enforce: 'post',
    transform(code, id) {
      if (!UI_MODULE.test(id) || !/\bhtml`/.test(code)) return null;
      const { outputText, sourceMapText } = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, sourceMap: true },
        transformers: { before: [litTemplateCompiler()] },
      });
      if (/\bhtml`/.test(outputText)) this.warn(`a Lit template in ${id} is not prepared at build time; it renders, a little slower at first.`);
      return { code: outputText.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n'), map: sourceMapText ?? null };
    },
  };
}
