import type { Plugin } from 'vite';

type Kind = 'css' | 'html' | null;

/** Assent's own UI modules, the ones with Lit templates. */
export const UI_MODULE = /\/src\/ui\/.*\.ts$/;

/**
 * Shrinks the whitespace of Lit `css` and `html` tagged templates in Assent's own sources: Vite
 * minifies JavaScript, not the CSS and markup inside template literals. Only the static text of
 * those templates changes (comments, indentation, spaces around CSS punctuation); expressions,
 * nested templates and other strings are walked through and kept as written.
 */
export function minifyLitTemplates(): Plugin {
  return {
    name: 'assent:minify-lit-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!UI_MODULE.test(id) || !/\b(css|html)`/.test(code)) return null;
      return { code: minifyTemplatesIn(code), map: null };
    },
  };
}

export function minifyTemplatesIn(code: string): string {
  return new TemplateWalker(code).code();
}

class TemplateWalker {
  private index = 0;

  constructor(private readonly source: string) {}

  code(until?: '}'): string {
    let out = '';
    let depth = 0;
    while (this.index < this.source.length) {
      const char = this.source[this.index]!;
      if (until && char === '}' && depth === 0) return out;
      if (char === '{') depth++;
      if (char === '}') depth--;
      if (char === '`') {
        const tag = /\b(css|html)$/.exec(out)?.[1] as Kind | undefined;
        this.index++;
        out += '`' + this.template(tag ?? null) + '`';
        continue;
      }
      if (char === "'" || char === '"') {
        out += this.quoted(char);
        continue;
      }
      if (char === '/' && (this.source[this.index + 1] === '/' || this.source[this.index + 1] === '*')) {
        out += this.comment();
        continue;
      }
      out += char;
      this.index++;
    }
    return out;
  }

  private template(kind: Kind): string {
    let out = '';
    let text = '';
    let first = true;
    while (this.index < this.source.length) {
      const char = this.source[this.index]!;
      if (char === '\\') {
        text += this.source.slice(this.index, this.index + 2);
        this.index += 2;
      } else if (char === '`') {
        this.index++;
        return out + minify(kind, text, first, true);
      } else if (char === '$' && this.source[this.index + 1] === '{') {
        this.index += 2;
        out += minify(kind, text, first, false) + '${' + this.code('}') + '}';
        this.index++;
        text = '';
        first = false;
      } else {
        text += char;
        this.index++;
      }
    }
    return out + text;
  }

  private comment(): string {
    const start = this.index;
    const end = this.source[this.index + 1] === '/' ? '\n' : '*/';
    const found = this.source.indexOf(end, this.index + 2);
    this.index = found === -1 ? this.source.length : found + end.length;
    return this.source.slice(start, this.index);
  }

  private quoted(quote: string): string {
    const start = this.index++;
    while (this.index < this.source.length && this.source[this.index] !== quote) {
      this.index += this.source[this.index] === '\\' ? 2 : 1;
    }
    this.index++;
    return this.source.slice(start, this.index);
  }
}

/** The template's own start and end lose their whitespace; a boundary with an expression keeps one space. */
function minify(kind: Kind, text: string, first: boolean, last: boolean): string {
  if (!kind) return text;
  const edged = (minified: string) => {
    const start = first ? minified.trimStart() : minified;
    return last ? start.trimEnd() : start;
  };
  if (kind === 'css') {
    return edged(
      text
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,])\s*/g, '$1')
        .replace(/:\s+/g, ':')
        .replace(/;}/g, '}'),
    );
  }
  return edged(text.replace(/>\s+</g, '><').replace(/\s+/g, ' '));
}
