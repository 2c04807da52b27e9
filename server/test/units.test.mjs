// Store-independent pieces: address truncation, the canonical form and chain check, a failing store.
// The settings (flags and variables) are tested in settings.test.mjs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENESIS_HASH, canonicalJson, chainHash, verifyChain } from '../dist/hash-chain.js';
import { truncateIp } from '../dist/ip.js';
import { buildApp } from '../dist/index.js';
import { validRecord } from './helpers.mjs';

describe('truncateIp', () => {
  it('keeps the /24 of an IPv4 address', () => {
    assert.equal(truncateIp('203.0.113.77'), '203.0.113.0/24');
    assert.equal(truncateIp('10.1.2.255'), '10.1.2.0/24');
  });

  it('keeps the /48 of an IPv6 address, however it is written', () => {
    assert.equal(truncateIp('2001:db8:abcd:12:1:2:3:4'), '2001:db8:abcd::/48');
    assert.equal(truncateIp('2001:0DB8:00AB::1'), '2001:db8:ab::/48');
    assert.equal(truncateIp('2001:db8::'), '2001:db8:0::/48');
    assert.equal(truncateIp('::1'), '0:0:0::/48');
    assert.equal(truncateIp('fe80::1%eth0'), 'fe80:0:0::/48');
    assert.equal(truncateIp('64:ff9b::192.0.2.33'), '64:ff9b:0::/48');
  });

  it('treats an IPv4-mapped IPv6 address as IPv4', () => {
    assert.equal(truncateIp('::ffff:203.0.113.77'), '203.0.113.0/24');
    assert.equal(truncateIp('::ffff:cb00:714d'), '203.0.113.0/24');
  });

  it('returns null for anything else', () => {
    assert.equal(truncateIp(undefined), null);
    assert.equal(truncateIp(''), null);
    assert.equal(truncateIp('unknown'), null);
    assert.equal(truncateIp('300.1.1.1'), null);
  });
});

describe('hash chain', () => {
  const receipt = { receivedAt: '2026-11-28T12:00:01.000Z', userAgent: 'UA', ipPrefix: '203.0.113.0/24', secGpc: false };

  function chain(count) {
    const record = validRecord();
    const stored = [];
    let prevHash = GENESIS_HASH;
    for (let revision = 1; revision <= count; revision += 1) {
      const incoming = { ...receipt, record: { ...record, revision } };
      const hash = chainHash(prevHash, incoming);
      stored.push({ ...incoming, seq: revision, prevHash, hash });
      prevHash = hash;
    }
    return stored;
  }

  it('serializes canonically: sorted keys, no whitespace, undefined left out', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' }, e: undefined }), '{"a":{"c":"x","d":[true,null]},"b":1}');
    assert.equal(canonicalJson({ z: 1, a: 2 }), canonicalJson({ a: 2, z: 1 }));
  });

  it('hashes every stored field, server-side ones included', () => {
    const base = { ...receipt, record: validRecord() };
    const hash = chainHash(GENESIS_HASH, base);
    assert.match(hash, /^[0-9a-f]{64}$/);
    for (const changed of [
      { ...base, receivedAt: '2026-11-28T12:00:02.000Z' },
      { ...base, userAgent: 'Other' },
      { ...base, ipPrefix: '198.51.100.0/24' },
      { ...base, secGpc: true },
      { ...base, record: { ...base.record, decisions: { necessary: true } } },
    ]) {
      assert.notEqual(chainHash(GENESIS_HASH, changed), hash);
    }
    assert.notEqual(chainHash('f'.repeat(64), base), hash);
  });

  it('verifies an intact chain', () => {
    assert.deepEqual(verifyChain(chain(4)), { records: 4, intact: true });
    assert.deepEqual(verifyChain([]), { records: 0, intact: true });
  });

  it('finds an edited, a removed and a reordered record', () => {
    const edited = chain(4);
    edited[2] = { ...edited[2], secGpc: true };
    assert.deepEqual(verifyChain(edited), { records: 4, intact: false, brokenAt: 3 });

    const removed = chain(4);
    removed.splice(1, 1);
    assert.deepEqual(verifyChain(removed), { records: 3, intact: false, brokenAt: 3 });

    const reordered = chain(3);
    [reordered[1], reordered[2]] = [reordered[2], reordered[1]];
    assert.equal(verifyChain(reordered).intact, false);

    const rehashed = chain(3); // edited and re-hashed: the next link no longer matches
    rehashed[1] = { ...rehashed[1], userAgent: 'forged' };
    rehashed[1].hash = chainHash(rehashed[1].prevHash, rehashed[1]);
    assert.deepEqual(verifyChain(rehashed), { records: 3, intact: false, brokenAt: 3 });
  });
});

describe('buildApp with a failing store', () => {
  it('answers 500 with a JSON error that tells nothing of the failure', async () => {
    const failing = () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432'));
    const store = { kind: 'sqlite', append: failing, latest: failing, history: failing, exportPage: failing, close: async () => {} };
    const app = buildApp({ store, logger: false });
    const response = await app.inject({ method: 'POST', url: '/api/consent', payload: validRecord() });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: 'internal error', field: null, message: 'The request could not be processed; try again later.' });
    assert.equal(response.headers['set-cookie'], undefined);
    await app.close();
  });
});
