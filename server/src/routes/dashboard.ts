// The dashboard (docs/dashboard.md): its page and script, and its sessions — sign in with the admin
// token, ask whether signed in, sign out.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { adminRoutesOff, adminTokenMatcher, crossOriginRefused, dashboardSession } from '../admin-auth.js';
import { adminSessionCookie, clearedAdminSessionCookie, fromDashboardPage, newAdminSession, secretHash, sessionSecrets } from '../admin-session.js';
import { DASHBOARD_HEADERS, DASHBOARD_HTML, DASHBOARD_OFF_HTML, dashboardBundle } from '../dashboard-page.js';
import { sendError } from '../errors.js';
import { SignInThrottle } from '../sign-in-throttle.js';
import type { ConsentStore } from '../store.js';

export interface DashboardRoutesOptions {
  store: ConsentStore;
  adminToken?: string | undefined;
}

/** The admin token is 32+ characters; anything far longer is not worth hashing. */
const MAX_TOKEN_LENGTH = 1024;

const SIGN_IN = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: { token: { type: 'string', minLength: 1, maxLength: MAX_TOKEN_LENGTH } },
} as const;

export function registerDashboardRoutes(app: FastifyInstance, { store, adminToken }: DashboardRoutesOptions): void {
  const isAdminToken = adminTokenMatcher(adminToken);
  const throttle = new SignInThrottle();

  app.get('/admin', async (_request, reply) =>
    reply
      .headers(DASHBOARD_HEADERS)
      .code(adminToken ? 200 : 403)
      .type('text/html; charset=utf-8')
      .send(adminToken ? DASHBOARD_HTML : DASHBOARD_OFF_HTML),
  );

  app.get('/admin/dashboard.js', async (_request, reply) => {
    if (!adminToken) return adminRoutesOff(reply);
    return reply.header('cross-origin-resource-policy', 'same-origin').type('text/javascript; charset=utf-8').send(await dashboardBundle());
  });

  app.get('/admin/session', async (request, reply) => {
    if (!adminToken) return adminRoutesOff(reply);
    const session = await dashboardSession(request, store);
    if (session === 'cross-origin') return crossOriginRefused(reply);
    // Not being signed in is an answer, not an error: the page asks before it shows the sign-in.
    return { expiresAt: session?.expiresAt ?? null };
  });

  app.post<{ Body: { token: string } }>('/admin/session', { schema: { body: SIGN_IN } }, async (request, reply) => {
    if (!adminToken) return adminRoutesOff(reply);
    if (!fromDashboardPage(request)) return crossOriginRefused(reply);
    const now = new Date();
    const retryAfter = throttle.retryAfter(request.ip, now.getTime());
    if (retryAfter > 0) {
      return sendError(reply.header('retry-after', String(retryAfter)), 429, {
        error: 'too many sign-in attempts',
        field: null,
        message: `Too many wrong tokens from this network; try again in ${Math.ceil(retryAfter / 60)} minutes.`,
      });
    }
    if (!isAdminToken(request.body.token)) {
      throttle.failed(request.ip, now.getTime());
      request.log.warn('refused a dashboard sign-in with a wrong token');
      return sendError(reply, 401, { error: 'wrong token', field: 'token', message: 'That is not the admin token.' });
    }
    throttle.succeeded(request.ip);
    const session = newAdminSession(now);
    await store.startAdminSession(session.secretHash, session.expiresAt, now.toISOString());
    request.log.info({ expiresAt: session.expiresAt }, 'dashboard sign-in');
    return reply.code(201).header('set-cookie', adminSessionCookie(session.secret, isHttps(reply))).send({ expiresAt: session.expiresAt });
  });

  app.delete('/admin/session', async (request, reply) => {
    const secrets = sessionSecrets(request);
    if (secrets.length > 0 && !fromDashboardPage(request)) return crossOriginRefused(reply);
    for (const secret of secrets) await store.endAdminSession(secretHash(secret));
    return reply.code(204).header('set-cookie', clearedAdminSessionCookie(isHttps(reply))).send();
  });
}

function isHttps(reply: FastifyReply): boolean {
  return reply.request.protocol === 'https';
}
