import { expect } from '@open-wc/testing';
import { siteOf } from '../../src/core/diagnostics.js';

describe('core/diagnostics', () => {
  it('takes a host’s site as its last two labels, or three under a country’s co., com. and the like', () => {
    expect(siteOf('www.shop.example')).to.equal('shop.example');
    expect(siteOf('checkout.shop.example')).to.equal('shop.example');
    expect(siteOf('shop.example.co.uk')).to.equal('example.co.uk');
    expect(siteOf('cdn.shop.com.au')).to.equal('shop.com.au');
    expect(siteOf('www.google-analytics.com')).to.equal('google-analytics.com');
  });

  it('counts an IP address and a single-label host as sites of their own', () => {
    expect(siteOf('127.0.0.1')).to.equal('127.0.0.1');
    expect(siteOf('localhost')).to.equal('localhost');
    expect(siteOf('[::1]')).to.equal('[::1]');
  });
});
