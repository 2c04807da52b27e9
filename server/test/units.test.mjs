// Store-independent pieces: address truncation, the canonical form and chain check, a failing store.
// The settings (flags and variables) are tested in settings.test.mjs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planBatch } from '../dist/append-plan.js';
import { consentCookie, consentIdFromCookie } from '../dist/cookie.js';
import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, chainHash, logHash, personalDigests, receiptLeaf, verifyChain } from '../dist/hash-chain.js';
import { ephemeralKeys } from '../dist/keys.js';
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
  const keys = ephemeralKeys();
  const observed = { receivedAt: '2026-11-28T12:00:01.000Z', userAgent: 'UA', ipPrefix: '203.0.113.0/24', secGpc: false };

  /** One id's records as the endpoint plans them (the code every store runs), in log order. */
  function chain(count) {
    const record = validRecord();
    const requests = Array.from({ length: count }, (_, index) => ({
      incoming: { ...observed, record: { ...record, revision: index + 1 } },
      proof: { cookieId: record.id, proofHash: null },
    }));
    return planBatch(requests, { ids: new Map(), rows: new Map(), head: { seq: 0, logHash: GENESIS_HASH } }, keys).inserts;
  }

  it('serializes canonically: sorted keys, no whitespace, undefined left out', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' }, e: undefined }), '{"a":{"c":"x","d":[true,null]},"b":1}');
    assert.equal(canonicalJson({ z: 1, a: 2 }), canonicalJson({ a: 2, z: 1 }));
    // RFC 8785 orders keys as strings, also those an engine lists first because they look like array indexes.
    assert.equal(canonicalJson({ 10: 1, 9: 2, a: { 2: 1, b: 0 } }), '{"10":1,"9":2,"a":{"2":1,"b":0}}');
    assert.equal(canonicalJson([undefined, { z: 1, a: 2 }]), '[null,{"a":2,"z":1}]');
  });

  it('hashes every field that decides an answer: id, revision, the record, what the server saw', () => {
    const record = validRecord();
    const personal = personalDigests('00'.repeat(16), { url: record.url, subject: null, userAgent: 'UA', ipPrefix: null });
    const base = { prevHash: GENESIS_HASH, id: record.id, revision: 1, receivedAt: observed.receivedAt, secGpc: false, record, personal };
    const hash = chainHash(base);
    assert.match(hash, /^[0-9a-f]{64}$/);
    for (const changed of [
      { ...base, id: validRecord().id },
      { ...base, revision: 2 },
      { ...base, receivedAt: '2026-11-28T12:00:02.000Z' },
      { ...base, secGpc: true },
      { ...base, record: { ...record, decisions: { necessary: true } } },
      { ...base, record: { ...record, policyVersion: '2' } },
      { ...base, personal: { ...personal, userAgent: null } },
      { ...base, prevHash: 'f'.repeat(64) },
    ]) {
      assert.notEqual(chainHash(changed), hash);
    }
    assert.equal(chainHash({ ...base, record: { ...record, url: 'https://elsewhere.example/' } }), hash, 'the url counts through its digest');
  });

  it('writes the chain and receipt hashes exactly as their documented canonical JSON', () => {
    const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
    const records = [
      validRecord(),
      { ...validRecord(), url: 'https://shop.example/ü?a="b"', subject: 'customer-1\u2028', decisions: { necessary: true, zeta: false, Alpha: true, analytics: true } },
      (({ url: _url, subject: _subject, ...rest }) => rest)(validRecord()),
    ];
    for (const record of records) {
      const { url: _url, subject: _subject, ...impersonal } = record;
      const personal = personalDigests('ab'.repeat(16), { url: record.url ?? null, subject: record.subject ?? null, userAgent: 'UA "x"', ipPrefix: null });
      const input = { prevHash: 'c'.repeat(64), id: record.id, revision: 7, receivedAt: observed.receivedAt, secGpc: true, record, personal };
      const hash = chainHash(input);
      assert.equal(hash, sha256(canonicalJson({ v: 2, prevHash: input.prevHash, id: record.id, revision: 7, receivedAt: input.receivedAt, secGpc: true, record: impersonal, personal })));
      assert.equal(receiptLeaf({ receivedAt: input.receivedAt, hash, record }), sha256(`assent-receipt-leaf\0${canonicalJson({ v: 1, receivedAt: input.receivedAt, hash, record })}`));
    }
  });

  it('verifies an intact chain, signatures included', () => {
    assert.deepEqual(verifyChain(chain(4), keys), { records: 4, intact: true, signatures: { verified: 4, erased: 0, unsigned: 0 } });
    assert.deepEqual(verifyChain([], keys), { records: 0, intact: true, signatures: { verified: 0, erased: 0, unsigned: 0 } });
  });

  it('finds an edited, a removed, a reordered, a re-hashed and a re-keyed record', () => {
    const edited = chain(4);
    edited[2] = { ...edited[2], secGpc: true };
    assert.deepEqual([verifyChain(edited, keys).intact, verifyChain(edited, keys).brokenAt], [false, 3]);

    const removed = chain(4);
    removed.splice(1, 1);
    assert.equal(verifyChain(removed, keys).brokenAt, 3);

    const reordered = chain(3);
    [reordered[1], reordered[2]] = [reordered[2], reordered[1]];
    assert.equal(verifyChain(reordered, keys).intact, false);

    const rehashed = chain(3); // edited and re-hashed: the signature no longer matches
    rehashed[1] = { ...rehashed[1], record: { ...rehashed[1].record, method: 'accept-all' } };
    rehashed[1].hash = chainHash({ ...rehashed[1] });
    rehashed[2] = { ...rehashed[2], prevHash: rehashed[1].hash };
    rehashed[2].hash = chainHash({ ...rehashed[2] });
    assert.deepEqual([verifyChain(rehashed, keys).brokenAt, verifyChain(rehashed, keys).problem], [2, 'its receipt signature does not verify']);

    assert.equal(verifyChain(chain(2), ephemeralKeys()).problem, 'its receipt signature does not verify', 'another key signed nothing here');
  });

  it('links each record into the log chain', () => {
    const rows = chain(3);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      assert.equal(row.logHash, logHash(prev, row.hash));
      prev = row.logHash;
    }
  });
});

describe('signed cookie', () => {
  it('names the id only with a valid signature of this server', () => {
    const keys = ephemeralKeys();
    const id = validRecord().id;
    const cookie = consentCookie({ id, expiresAt: '2027-01-01T00:00:00.000Z', now: new Date('2026-12-01T00:00:00.000Z'), secure: false, keys });
    const value = cookie.split(';')[0];
    assert.equal(consentIdFromCookie(value, keys), id);
    assert.equal(consentIdFromCookie(value, ephemeralKeys()), null);
    assert.equal(consentIdFromCookie(`assent_id=${id}`, keys), null);
    assert.equal(consentIdFromCookie(value.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')), keys), null);
  });

  it('lasts until a leap-second expiresAt, not NaN', () => {
    const cookie = consentCookie({ id: validRecord().id, expiresAt: '2026-12-31T23:59:60Z', now: new Date('2026-12-31T23:59:00.000Z'), secure: false, keys: ephemeralKeys() });
    assert.match(cookie, /Max-Age=60;/);
  });
});

describe('buildApp with a failing store', () => {
  it('answers 500 with a JSON error that tells nothing of the failure', async () => {
    const failing = () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432'));
    const store = { kind: 'sqlite', keys: ephemeralKeys(), append: failing, latest: failing, history: failing, exportPage: failing, close: async () => {} };
    const app = buildApp({ store, logger: false });
    const response = await app.inject({ method: 'POST', url: '/api/consent', payload: validRecord() });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: 'internal error', field: null, message: 'The request could not be processed; try again later.' });
    assert.equal(response.headers['set-cookie'], undefined);
    await app.close();
  });
});
