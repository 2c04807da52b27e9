// The first-party `assent_id` cookie (docs/endpoint.md): it outlives the 7-day cap some browsers put
// on script-written storage, so `GET /api/consent/current` can restore a decision.
import { UUID_V4_PATTERN } from './schema.js';

export const CONSENT_COOKIE = 'assent_id';
/** Browsers cap cookie lifetimes at 400 days; 395 matches the longest `max-age-days`. */
export const MAX_COOKIE_AGE_SECONDS = 395 * 24 * 60 * 60;

const UUID_V4 = new RegExp(UUID_V4_PATTERN);

export interface ConsentCookieOptions {
  id: string;
  expiresAt: string;
  now: Date;
  secure: boolean;
  domain?: string | undefined;
}

/** The `Set-Cookie` value for a stored record: lives until its `expiresAt`, at most 395 days. */
export function consentCookie({ id, expiresAt, now, secure, domain }: ConsentCookieOptions): string {
  const secondsLeft = Math.floor((Date.parse(expiresAt) - now.getTime()) / 1000);
  const maxAge = Math.min(Math.max(secondsLeft, 0), MAX_COOKIE_AGE_SECONDS);
  const attributes = [`${CONSENT_COOKIE}=${id}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Lax'];
  if (secure) attributes.push('Secure');
  if (domain) attributes.push(`Domain=${domain}`);
  return attributes.join('; ');
}

/** The consent id in a `Cookie` header, when there is a well-formed one. */
export function consentIdFromCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const [name, value] = pair.split('=', 2).map((part) => part.trim());
    if (name === CONSENT_COOKIE && value && UUID_V4.test(value)) return value;
  }
  return null;
}
