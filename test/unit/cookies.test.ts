import { expect } from '@open-wc/testing';
import { deleteCookies, matchesPattern } from '../../src/core/cookies.js';

/**
 * Parent-domain cookies cannot be set on the test server's localhost, so this records what would
 * be written to `document.cookie` (the e2e tests delete real cookies on a mapped host name).
 */
function recordingDocument(cookies: string) {
  const writes: string[] = [];
  const doc = {
    get cookie() {
      return cookies;
    },
    set cookie(value: string) {
      writes.push(value);
    },
  } as unknown as Document;
  return { doc, writes };
}

describe('cookies', () => {
  it('matches exact names and trailing-* prefixes only', () => {
    expect(matchesPattern('_ga', ['_ga'])).to.equal(true);
    expect(matchesPattern('_gat', ['_ga'])).to.equal(false);
    expect(matchesPattern('_ga_ABC123', ['_ga_*'])).to.equal(true);
    expect(matchesPattern('_ga', ['_ga_*'])).to.equal(false);
  });

  it('expires a matching cookie host-only and on every parent domain but the top-level one, on /, the current path and its directory', () => {
    const { doc, writes } = recordingDocument('_fbp=fb.1; cart=3; _gcl_au=1.1');
    const deleted = deleteCookies(['_fbp', '_gcl_*'], doc, { hostname: 'checkout.shop.example', pathname: '/de/cart/view' });
    expect(deleted).to.deep.equal(['_fbp', '_gcl_au']);
    const forFbp = writes.filter((write) => write.startsWith('_fbp='));
    const targets = forFbp.map((write) => write.replace(/^.*max-age=0; /, ''));
    expect(targets).to.have.members([
      'path=/',
      'path=/de/cart/view',
      'path=/de/cart',
      'path=/; domain=checkout.shop.example',
      'path=/de/cart/view; domain=checkout.shop.example',
      'path=/de/cart; domain=checkout.shop.example',
      'path=/; domain=shop.example',
      'path=/de/cart/view; domain=shop.example',
      'path=/de/cart; domain=shop.example',
    ]);
    expect(writes.every((write) => write.includes('expires=Thu, 01 Jan 1970'))).to.equal(true);
    expect(writes.some((write) => write.startsWith('cart='))).to.equal(false);
  });

  it('sets no domain for an IP address or a single-label host', () => {
    for (const hostname of ['127.0.0.1', 'localhost', '[::1]']) {
      const { doc, writes } = recordingDocument('_ga=1');
      deleteCookies(['_ga'], doc, { hostname, pathname: '/' });
      expect(writes, hostname).to.have.length(1);
      expect(writes[0]).not.to.contain('domain=');
    }
  });
});
