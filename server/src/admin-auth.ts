// Bearer-token check for the admin routes (export, verify), in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';

/**
 * A preHandler that lets a request through only with `Authorization: Bearer <token>`. Both sides
 * are hashed first so `timingSafeEqual` compares equal lengths and the token's length stays secret.
 * Without a configured token the routes answer 403: they are switched off.
 */
export function requireAdminToken(token: string | undefined) {
  const expected = token ? sha256(token) : null;
  const matches = adminTokenCheck(token);
  return async function checkAdminToken(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!expected) {
      return sendError(reply, 403, {
        error: 'admin routes disabled',
        field: null,
        message: 'Set ASSENT_ADMIN_TOKEN to enable export and verification.',
      });
    }
    if (!matches(request)) {
      return sendError(reply.header('www-authenticate', 'Bearer'), 401, {
        error: 'unauthorized',
        field: null,
        message: 'Send Authorization: Bearer <ASSENT_ADMIN_TOKEN>.',
      });
    }
    return undefined;
  };
}

/** Whether a request carries `Authorization: Bearer <token>`; always false without a token. */
export function adminTokenCheck(token: string | undefined): (request: FastifyRequest) => boolean {
  const expected = token ? sha256(token) : null;
  return (request) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return expected !== null && presented !== undefined && timingSafeEqual(sha256(presented), expected);
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
