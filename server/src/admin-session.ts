// The dashboard's session cookie (docs/dashboard.md): the admin token is exchanged once for a random
// secret that lives in an HttpOnly, SameSite=Strict cookie for a fixed eight hours. The database
// keeps only the secret's SHA-256, so a copy of the database opens no session, and a sign-out on one
// instance ends the session on every instance sharing it.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { cookieValues } from './cookie.js';

export const ADMIN_SESSION_COOKIE = 'assent_admin';
/** Fixed, not sliding: a session ends eight hours after sign-in, however busy. */
export const ADMIN_SESSION_SECONDS = 8 * 60 * 60;
/**
 * The header every dashboard request carries. A page on another origin cannot add it without a
 * CORS preflight, which the endpoint never grants for it (app.ts allows `Content-Type` and
 * `Assent-Proof` only), and an HTML form cannot send it at all.
 */
export const DASHBOARD_HEADER = 'assent-admin';

const SECRET_BYTES = 32;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface NewSession {
  secret: string;
  secretHash: string;
  expiresAt: string;
}

export function newAdminSession(now: Date): NewSession {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, secretHash: secretHash(secret), expiresAt: new Date(now.getTime() + ADMIN_SESSION_SECONDS * 1000).toISOString() };
}

/** What the store keeps of a session: the SHA-256 (hex) of its secret. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** `Set-Cookie` for a new session; `Path=/` because the admin API lives under /api/. */
export function adminSessionCookie(secret: string, secure: boolean): string {
  return cookie(`${ADMIN_SESSION_COOKIE}=${secret}`, ADMIN_SESSION_SECONDS, secure);
}

/** `Set-Cookie` that makes the browser forget the session. */
export function clearedAdminSessionCookie(secure: boolean): string {
  return cookie(`${ADMIN_SESSION_COOKIE}=`, 0, secure);
}

/** The well-formed session secrets the request's cookies hold (usually one). */
export function sessionSecrets(request: FastifyRequest): string[] {
  return cookieValues(request.headers.cookie, ADMIN_SESSION_COOKIE).filter((value) => SECRET.test(value));
}

/**
 * Whether a cookie-authenticated request comes from the dashboard's own page. SameSite=Strict keeps
 * the cookie from other sites, but not from other origins of the same site (`blog.shop.example`),
 * and the endpoint grants credentialed CORS to the shop's origins: so the request must carry the
 * dashboard header, and a browser's `Sec-Fetch-Site`, when sent, must say `same-origin`.
 */
export function fromDashboardPage(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  return (site === undefined || site === 'same-origin') && request.headers[DASHBOARD_HEADER] === '1';
}

function cookie(pair: string, maxAge: number, secure: boolean): string {
  return [pair, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
