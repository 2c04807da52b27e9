import { expect } from '@open-wc/testing';
import type { EndpointRecord, Receipt } from '../../src/core/endpoint.js';
import { canonicalJson, verifyReceipt, type ReceiptKey } from '../../src/receipt.js';

// A key pair made here with WebCrypto stands for the endpoint's signing key. The receipts are
// made here as the endpoint makes them, from messages written out by hand (not by canonicalJson):
//   leaf   = hex(SHA-256("assent-receipt-leaf\0" + canonicalJson({ v, receivedAt, hash, record })))
//   node   = hex(SHA-256("assent-receipt-node\0" + left + right))
//   signed = canonicalJson({ v, alg, kid, type: "assent-receipts", root })

const record: EndpointRecord = {
  id: '0b8a7c1e-3f2d-4e5a-9b6c-1d2e3f4a5b6c',
  revision: 2,
  timestamp: '2026-11-28T12:00:00.000Z',
  expiresAt: '2027-05-27T12:00:00.000Z',
  policyVersion: '2026-11',
  decisions: { necessary: true, analytics: true, marketing: false },
  method: 'custom',
  gpc: false,
  language: 'de',
  url: 'https://shop.example/cart',
  region: null,
  subject: null,
  client: 'assent/0.2.0',
};

const fields = { v: 1, alg: 'Ed25519', kid: '0123456789abcdef', receivedAt: '2026-11-28T12:00:00.412Z', hash: 'ab'.repeat(32) } as const;

/** canonicalJson({ v, receivedAt, hash, record }) for the record above: keys sorted, no whitespace. */
const LEAF_JSON =
  '{"hash":"' +
  'ab'.repeat(32) +
  '","receivedAt":"2026-11-28T12:00:00.412Z","record":{"client":"assent/0.2.0",' +
  '"decisions":{"analytics":true,"marketing":false,"necessary":true},"expiresAt":"2027-05-27T12:00:00.000Z","gpc":false,' +
  '"id":"0b8a7c1e-3f2d-4e5a-9b6c-1d2e3f4a5b6c","language":"de","method":"custom","policyVersion":"2026-11","region":null,' +
  '"revision":2,"subject":null,"timestamp":"2026-11-28T12:00:00.000Z","url":"https://shop.example/cart"},"v":1}';

const base64url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const sha256 = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (byte) => byte.toString(16).padStart(2, '0')).join('');

async function endpointKey() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = base64url(await crypto.subtle.exportKey('raw', pair.publicKey));
  /** Signs a batch's root the way the endpoint does. */
  const signRoot = async (root: string) =>
    base64url(
      await crypto.subtle.sign(
        { name: 'Ed25519' },
        pair.privateKey,
        new TextEncoder().encode(`{"alg":"Ed25519","kid":"${fields.kid}","root":"${root}","type":"assent-receipts","v":1}`),
      ),
    );
  const key: ReceiptKey & { status: string } = { kid: fields.kid, publicKey, status: 'current' };
  return { key, signRoot };
}

/** The record stored alone: its leaf is the root, the path empty. */
async function receiptAlone(signRoot: (root: string) => Promise<string>): Promise<Receipt> {
  const leaf = await sha256(`assent-receipt-leaf\0${LEAF_JSON}`);
  return { ...fields, id: record.id, revision: record.revision, path: [], signature: await signRoot(leaf) };
}

/**
 * The record stored with three others, as the third leaf of four: its sibling (the fourth leaf) is
 * on the right, then the first two leaves' node on the left.
 */
async function receiptInBatch(signRoot: (root: string) => Promise<string>): Promise<Receipt> {
  const [first, second, fourth] = await Promise.all(['one', 'two', 'four'].map((text) => sha256(text)));
  const leaf = await sha256(`assent-receipt-leaf\0${LEAF_JSON}`);
  const left = await sha256(`assent-receipt-node\0${first}${second}`);
  const right = await sha256(`assent-receipt-node\0${leaf}${fourth}`);
  const root = await sha256(`assent-receipt-node\0${left}${right}`);
  return { ...fields, id: record.id, revision: record.revision, path: [`r:${fourth}`, `l:${left}`], signature: await signRoot(root) };
}

describe('verifyReceipt (assent/receipt)', () => {
  it('accepts the endpoint’s receipt for the record as sent, with the keys list or the whole /keys answer', async () => {
    const { key, signRoot } = await endpointKey();
    const receipt = await receiptAlone(signRoot);
    expect(await verifyReceipt(record, receipt, [key])).to.deep.equal({ valid: true });
    expect(await verifyReceipt(record, receipt, { keys: [{ kid: 'ffffffffffffffff', publicKey: key.publicKey! }, key] })).to.deep.equal({ valid: true });
    expect(await verifyReceipt(record, receipt, [{ kid: key.kid, jwk: { x: key.publicKey! } }])).to.deep.equal({ valid: true });
  });

  it('accepts a receipt of a record stored in a batch, folding its path up to the signed root', async () => {
    const { key, signRoot } = await endpointKey();
    const receipt = await receiptInBatch(signRoot);
    expect(await verifyReceipt(record, receipt, [key])).to.deep.equal({ valid: true });
    expect(await verifyReceipt(record, { ...receipt, path: [...receipt.path].reverse() }, [key])).to.deep.equal({ valid: false, reason: 'the signature does not match' });
    expect(await verifyReceipt(record, { ...receipt, path: ['x:00'] }, [key])).to.deep.equal({ valid: false, reason: 'a malformed path step: x:00' });
  });

  it('signs over the record whatever the order of its keys', async () => {
    const { key, signRoot } = await endpointKey();
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as unknown as EndpointRecord;
    expect(await verifyReceipt(reordered, await receiptAlone(signRoot), [key])).to.deep.equal({ valid: true });
  });

  it('refuses a record changed after it was signed', async () => {
    const { key, signRoot } = await endpointKey();
    const changed = { ...record, decisions: { ...record.decisions, marketing: true } };
    expect(await verifyReceipt(changed, await receiptAlone(signRoot), [key])).to.deep.equal({ valid: false, reason: 'the signature does not match' });
  });

  it('refuses a receipt with a changed receive time, or signed by another key', async () => {
    const { key, signRoot } = await endpointKey();
    const receipt = await receiptAlone(signRoot);
    expect(await verifyReceipt(record, { ...receipt, receivedAt: '2026-11-28T12:00:01.000Z' }, [key])).to.deep.equal({ valid: false, reason: 'the signature does not match' });
    const other = await endpointKey();
    expect(await verifyReceipt(record, receipt, [other.key])).to.deep.equal({ valid: false, reason: 'the signature does not match' });
  });

  it('refuses a receipt of another record, of an unknown key, or of another algorithm, with the reason', async () => {
    const { key, signRoot } = await endpointKey();
    const receipt = await receiptAlone(signRoot);
    expect(await verifyReceipt({ ...record, revision: 3 }, receipt, [key])).to.deep.equal({ valid: false, reason: 'the receipt is for another record' });
    expect(await verifyReceipt(record, receipt, [{ ...key, kid: 'ffffffffffffffff' }])).to.deep.equal({ valid: false, reason: 'no key 0123456789abcdef' });
    expect(await verifyReceipt(record, { ...receipt, alg: 'RS256' as 'Ed25519' }, [key])).to.deep.equal({ valid: false, reason: 'unsupported receipt (v 1, RS256)' });
  });

  it('answers a reason, never throws, for a malformed key or signature', async () => {
    const { key, signRoot } = await endpointKey();
    const receipt = await receiptAlone(signRoot);
    const broken = await verifyReceipt(record, receipt, [{ kid: key.kid, publicKey: 'not*base64' }]);
    expect(broken.valid).to.equal(false);
    expect(await verifyReceipt(record, { ...receipt, signature: 'AAAA' }, [key])).to.deep.equal({ valid: false, reason: 'the signature does not match' });
  });
});

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every depth, drops undefined members and writes no whitespace', () => {
    // U+1F600 is written as the surrogates D83D DE00, which sort before U+FB01 (by code point it is after).
    expect(canonicalJson({ b: [3, { z: 1, a: undefined, y: null }], a: 'x', '\uFB01': 1, '\u{1F600}': 2, B: true })).to.equal(
      '{"B":true,"a":"x","b":[3,{"y":null,"z":1}],"\u{1F600}":2,"\uFB01":1}',
    );
  });
});
