// The first-party `assent_id` cookie (docs/endpoint.md): HttpOnly, so page scripts never read it, and
// signed, so nobody can make one for an id that is not theirs. It outlives the 7-day cap some
// browsers put on script-written storage, so `GET /api/consent/current` can restore a decision,
// and it proves the browser owns the id when it writes the next revision.
import { timingSafeEqual } from 'node:crypto';
import type { ServerKeys } from './keys.js';
import { UUID_V4_PATTERN } from './schema.js';

export const CONSENT_COOKIE = 'assent_id';
/** Browsers cap cookie lifetimes at 400 days; 395 matches the longest `max-age-days`. */
export const MAX_COOKIE_AGE_SECONDS = 395 * 24 * 60 * 60;

const SIGNED_VALUE = new RegExp(`^(${UUID_V4_PATTERN.slice(1, -1)})\\.([A-Za-z0-9_-]{43})$`);

export interface ConsentCookieOptions {
  id: string;
  expiresAt: string;
  now: Date;
  secure: boolean;
  domain?: string | undefined;
  keys: ServerKeys;
}

/** The `Set-Cookie` value for a stored record: lives until its `expiresAt`, at most 395 days. */
export function consentCookie({ id, expiresAt, now, secure, domain, keys }: ConsentCookieOptions): string {
  const secondsLeft = Math.floor((instant(expiresAt) - now.getTime()) / 1000);
  const maxAge = Number.isFinite(secondsLeft) ? Math.min(Math.max(secondsLeft, 0), MAX_COOKIE_AGE_SECONDS) : MAX_COOKIE_AGE_SECONDS;
  const attributes = [`${CONSENT_COOKIE}=${id}.${keys.cookieTag(id)}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Lax'];
  if (secure) attributes.push('Secure');
  if (domain) attributes.push(`Domain=${domain}`);
  return attributes.join('; ');
}

/** The consent id a validly signed cookie in a `Cookie` header names, else null. */
export function consentIdFromCookie(header: string | undefined, keys: ServerKeys): string | null {
  for (const value of cookieValues(header, CONSENT_COOKIE)) {
    const match = SIGNED_VALUE.exec(value);
    if (!match) continue;
    const [, id, tag] = match as unknown as [string, string, string];
    const expected = Buffer.from(keys.cookieTag(id));
    if (timingSafeEqual(Buffer.from(tag), expected)) return id;
  }
  return null;
}

/** Every non-empty value of the cookie `name` in a `Cookie` header (a browser may send several, from other paths or domains). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((pair) => pair.split('=', 2).map((part) => part.trim()))
    .filter(([pairName, value]) => pairName === name && value)
    .map(([, value]) => value!);
}

/**
 * Milliseconds since the epoch of an RFC 3339 date-time. A leap second (`23:59:60`), which the
 * schema accepts and `Date.parse` does not, is the instant after `23:59:59`.
 */
function instant(dateTime: string): number {
  const leap = /^(.*T\d{2}:\d{2}:)60(.*)$/.exec(dateTime);
  return leap ? Date.parse(`${leap[1]}59${leap[2]}`) + 1000 : Date.parse(dateTime);
}
