import type { Plugin } from 'vite';

/**
 * Shrinks the whitespace of Lit `css` and `html` tagged templates in Assent's own sources: Vite
 * minifies JavaScript, not the CSS and markup inside template literals. Only whitespace that
 * cannot matter is removed: comments, indentation, and spaces around CSS punctuation.
 */
export function minifyLitTemplates(): Plugin {
  return {
    name: 'assent:minify-lit-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/ui\/.*\.ts$/.test(id)) return null;
      const minified = code
        .replace(/\bcss`([^`]*)`/g, (_, body: string) => `css\`${minifyCss(body)}\``)
        .replace(/\bhtml`([^`]*)`/g, (_, body: string) => `html\`${minifyHtml(body)}\``);
      return minified === code ? null : { code: minified, map: null };
    },
  };
}

function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

function minifyHtml(html: string): string {
  return html.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}
