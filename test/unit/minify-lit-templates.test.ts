import { expect } from '@open-wc/testing';
import { minifyTemplatesIn } from '../../scripts/minify-lit-templates.js';

describe('build: minifyLitTemplates', () => {
  it('removes indentation and comments from css templates', () => {
    const source = 'const s = css`\n  /* a comment */\n  .a {\n    color: red;\n  }\n  .b > .c { margin: 0 auto; }\n`;';
    expect(minifyTemplatesIn(source)).to.equal('const s = css`.a{color:red}.b > .c{margin:0 auto}`;');
  });

  it('collapses whitespace between tags in html templates, also nested ones, and keeps expressions as written', () => {
    const source = "html`\n  <p>\n    ${a ? html`<a>\n  x</a>` : 'two  spaces'}\n  </p>\n  <b>${`raw  ${y}`}</b>`";
    expect(minifyTemplatesIn(source)).to.equal("html`<p> ${a ? html`<a> x</a>` : 'two  spaces'} </p><b>${`raw  ${y}`}</b>`");
  });

  it('is not misled by quotes in comments or strings', () => {
    const source = "// the element's own `thing`\nconst q = '`';\nconst t = html`<i>\n</i>`;";
    expect(minifyTemplatesIn(source)).to.equal("// the element's own `thing`\nconst q = '`';\nconst t = html`<i></i>`;");
  });
});
