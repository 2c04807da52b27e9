import { expect } from '@open-wc/testing';
import { randomUuid } from '../../src/core/uuid.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('core/uuid randomUuid', () => {
  it('gives distinct v4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 200 }, randomUuid));
    expect(ids.size).to.equal(200);
    for (const id of ids) expect(id).to.match(UUID_V4);
  });

  it('gives v4 UUIDs on a plain-http page, where crypto.randomUUID does not exist', () => {
    const original = Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID')!;
    // Insecure contexts lack randomUUID; this test page is served from localhost (secure), so remove it here.
    Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 200 }, randomUuid));
      expect(ids.size).to.equal(200);
      for (const id of ids) expect(id).to.match(UUID_V4);
    } finally {
      Object.defineProperty(Crypto.prototype, 'randomUUID', original);
    }
  });
});
