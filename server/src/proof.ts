// What a request proves about the id it names (docs/proof-of-consent.md): the signed `assent_id`
// cookie, or the `Assent-Proof` secret the id's first write established.
import { hash as digestOf } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { consentIdFromCookie } from './cookie.js';
import type { ServerKeys } from './keys.js';
import type { WriteProof } from './store.js';

export const PROOF_HEADER = 'Assent-Proof';
/** base64url of 16–96 random bytes; the browser sends 32. */
const PROOF_VALUE = /^[A-Za-z0-9_-]{22,128}$/;

export function proofOf(request: FastifyRequest, keys: ServerKeys): WriteProof {
  return { cookieId: consentIdFromCookie(request.headers.cookie, keys), proofHash: proofHash(request.headers['assent-proof']) };
}

/** SHA-256 (hex) of a well-formed proof header; the endpoint stores only this. */
export function proofHash(value: string | string[] | undefined): string | null {
  if (typeof value !== 'string' || !PROOF_VALUE.test(value)) return null;
  return digestOf('sha256', value, 'hex');
}
