// Who may use the admin routes: a request with the admin token (Bearer, compared in constant time),
// or one from the dashboard's page with a live session cookie (admin-session.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromDashboardPage, secretHash, sessionSecrets } from './admin-session.js';
import { sendError } from './errors.js';
import type { ConsentStore } from './store.js';

export type AdminSessions = Pick<ConsentStore, 'adminSessionExpiry'>;

/**
 * A preHandler that lets a request through with `Authorization: Bearer <token>` or a dashboard
 * session. Without a configured token the routes answer 403: they are switched off.
 */
export function requireAdmin(token: string | undefined, sessions: AdminSessions) {
  const hasToken = adminTokenCheck(token);
  return async function checkAdmin(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!token) return adminRoutesOff(reply);
    if (hasToken(request)) return undefined;
    const session = await dashboardSession(request, sessions);
    if (session === 'cross-origin') return crossOriginRefused(reply);
    if (session) return undefined;
    return sendError(reply.header('www-authenticate', 'Bearer'), 401, {
      error: 'unauthorized',
      field: null,
      message: 'Send Authorization: Bearer <ASSENT_ADMIN_TOKEN>, or sign in to the dashboard at /admin.',
    });
  };
}

/**
 * The live session the request's cookie names: its expiry, null when there is none, or
 * `'cross-origin'` when a cookie came on a request the dashboard's page did not make.
 */
export async function dashboardSession(request: FastifyRequest, sessions: AdminSessions): Promise<{ secretHash: string; expiresAt: string } | null | 'cross-origin'> {
  const secrets = sessionSecrets(request);
  if (secrets.length === 0) return null;
  if (!fromDashboardPage(request)) return 'cross-origin';
  const now = new Date().toISOString();
  for (const secret of secrets) {
    const hash = secretHash(secret);
    const expiresAt = await sessions.adminSessionExpiry(hash, now);
    if (expiresAt) return { secretHash: hash, expiresAt };
  }
  return null;
}

/** Whether a request carries `Authorization: Bearer <token>`; always false without a token. */
export function adminTokenCheck(token: string | undefined): (request: FastifyRequest) => boolean {
  const matches = adminTokenMatcher(token);
  return (request) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return presented !== undefined && matches(presented);
  };
}

/**
 * Whether a string is the admin token. Both sides are hashed first, so that `timingSafeEqual`
 * compares equal lengths and the token's length stays secret too.
 */
export function adminTokenMatcher(token: string | undefined): (presented: string) => boolean {
  const expected = token ? sha256(token) : null;
  return (presented) => expected !== null && timingSafeEqual(sha256(presented), expected);
}

export function adminRoutesOff(reply: FastifyReply): FastifyReply {
  return sendError(reply, 403, {
    error: 'admin routes disabled',
    field: null,
    message: 'Set ASSENT_ADMIN_TOKEN to enable the dashboard, export and verification.',
  });
}

export function crossOriginRefused(reply: FastifyReply): FastifyReply {
  return sendError(reply, 403, {
    error: 'cross-origin request refused',
    field: null,
    message: "A dashboard session is only honoured on requests from the dashboard's own page.",
  });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
