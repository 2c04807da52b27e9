import { expect } from '@open-wc/testing';
import { LitElement, css, html } from 'lit';
import { parseStylesAhead } from '../../src/ui/parse-styles-ahead.js';

/** Counts style sheets parsed from text while `run` runs (the browser's own method, observed). */
function sheetsParsedDuring(run: () => void): number {
  const replaceSync = CSSStyleSheet.prototype.replaceSync;
  let parsed = 0;
  CSSStyleSheet.prototype.replaceSync = function (this: CSSStyleSheet, text: string) {
    parsed++;
    return replaceSync.call(this, text);
  };
  try {
    run();
  } finally {
    CSSStyleSheet.prototype.replaceSync = replaceSync;
  }
  return parsed;
}

describe('parseStylesAhead', () => {
  it('parses the sheets once, so that upgrading the element only adopts them', () => {
    class StyledAhead extends LitElement {
      static override styles = [css`:host { color: rgb(1, 2, 3); }`, css`p { margin: 1px; }`];
      override render() {
        return html`<p>styled</p>`;
      }
    }
    expect(sheetsParsedDuring(() => parseStylesAhead(StyledAhead.styles))).to.equal(2);

    customElements.define('styled-ahead-test', StyledAhead);
    const element = document.createElement('styled-ahead-test');
    expect(sheetsParsedDuring(() => document.body.append(element))).to.equal(0);
    expect(getComputedStyle(element).color).to.equal('rgb(1, 2, 3)');
    element.remove();
  });
});
