// `assent/receipt`: checks an endpoint's receipt for a consent record, for shops and auditors
// (docs/record.md#receipts). Standalone: nothing of Assent's runtime comes along. Runs wherever
// WebCrypto has Ed25519 (current browsers, Node 20+, Deno).
import type { EndpointRecord, Receipt } from './core/endpoint.js';

/** One of the endpoint's signing keys, as `GET {endpoint}/keys` lists them. */
export interface ReceiptKey {
  readonly kid: string;
  /** The raw 32-byte public key, base64url. */
  readonly publicKey?: string;
  /** The same key as a JSON Web Key; its `x` is used when `publicKey` is absent. */
  readonly jwk?: { readonly x: string };
}

export type ReceiptCheck = { readonly valid: true } | { readonly valid: false; readonly reason: string };

export type { EndpointRecord, Receipt };

/**
 * Whether `receipt` is the endpoint's valid signature for `record`, exactly as the browser sent
 * it, by one of `keys` (the `keys` array of `GET {endpoint}/keys`, or that whole answer): the
 * record's leaf, folded up the receipt's path, gives the root the key signed. A retired key
 * still verifies the receipts it signed. Never throws: a problem is a reason.
 */
export async function verifyReceipt(
  record: EndpointRecord | Readonly<Record<string, unknown>>,
  receipt: Receipt,
  keys: readonly ReceiptKey[] | { readonly keys: readonly ReceiptKey[] },
): Promise<ReceiptCheck> {
  const invalid = (reason: string): ReceiptCheck => ({ valid: false, reason });
  try {
    const { v, alg, kid, receivedAt, hash, path, signature } = receipt;
    if (v !== 1 || alg !== 'Ed25519') return invalid(`unsupported receipt (v ${String(v)}, ${String(alg)})`);
    if (receipt.id !== record['id'] || receipt.revision !== record['revision']) return invalid('the receipt is for another record');
    const list: readonly ReceiptKey[] = Array.isArray(keys) ? keys : (keys as { keys: readonly ReceiptKey[] }).keys;
    const key = list.find((candidate) => candidate.kid === kid);
    const publicKey = key?.publicKey ?? key?.jwk?.x;
    if (!publicKey) return invalid(`no key ${String(kid)}`);
    let node = await sha256Hex(`assent-receipt-leaf\0${canonicalJson({ v, receivedAt, hash, record })}`);
    for (const step of path) {
      const [, side, sibling] = /^([lr]):([0-9a-f]{64})$/.exec(step) ?? [];
      if (!sibling) return invalid(`a malformed path step: ${step}`);
      node = await sha256Hex(`assent-receipt-node\0${side === 'l' ? sibling + node : node + sibling}`);
    }
    const signed = new TextEncoder().encode(canonicalJson({ v, alg, kid, type: 'assent-receipts', root: node }));
    const verifier = await crypto.subtle.importKey('raw', base64url(publicKey), { name: 'Ed25519' }, false, ['verify']);
    return (await crypto.subtle.verify({ name: 'Ed25519' }, verifier, base64url(signature), signed)) ? { valid: true } : invalid('the signature does not match');
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
}

/**
 * JSON with every object's keys sorted by UTF-16 code units, no whitespace, and undefined members
 * left out: RFC 8785 for the values a record holds (strings, booleans, integers, null).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function base64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
