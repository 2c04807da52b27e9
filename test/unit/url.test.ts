import { expect } from '@open-wc/testing';
import { safeHttpUrl } from '../../src/core/url.js';

describe('core/url safeHttpUrl', () => {
  for (const url of ['/privacy', 'privacy.html', '../legal/privacy', 'https://shop.example/privacy', 'http://shop.example/p?x=1#y', '//shop.example/privacy']) {
    it(`keeps ${url}`, () => expect(safeHttpUrl(url)).to.equal(url));
  }
  for (const url of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'mailto:privacy@shop.example', '', '   ']) {
    it(`refuses ${JSON.stringify(url)}`, () => expect(safeHttpUrl(url)).to.equal(undefined));
  }
});
