import { expect } from '@open-wc/testing';
import { siblingUrl } from '../../src/core/sibling-url.js';

describe('siblingUrl', () => {
  it('finds a file in the folder of Assent\'s own script', () => {
    expect(siblingUrl('assent-ui.js', 'https://shop.example/assets/assent.iife.js')).to.equal('https://shop.example/assets/assent-ui.js');
  });

  it('carries the script\'s query over, as hosts that version asset URLs serve them', () => {
    expect(siblingUrl('assent-lang-de.js', 'https://shop.example/cdn/shop/t/3/assets/assent-head.js?v=1701234567')).to.equal(
      'https://shop.example/cdn/shop/t/3/assets/assent-lang-de.js?v=1701234567',
    );
    expect(siblingUrl('assent.iife.js', 'https://shop.example/wp-content/themes/t/assent/assent-head.js?ver=0.2.0#x')).to.equal(
      'https://shop.example/wp-content/themes/t/assent/assent.iife.js?ver=0.2.0',
    );
  });

  it('looks beside the page, without the page\'s query, when the script has no URL', () => {
    expect(siblingUrl('assent-ui.js', '', 'https://shop.example/products/hat?variant=2')).to.equal('https://shop.example/products/assent-ui.js');
    expect(siblingUrl('assent-ui.js', undefined, 'https://shop.example/')).to.equal('https://shop.example/assent-ui.js');
  });
});
