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
  return async function checkAdminToken(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!expected) {
      return sendError(reply, 403, {
        error: 'admin routes disabled',
        field: null,
        message: 'Set ASSENT_ADMIN_TOKEN to enable export and verification.',
      });
    }
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented === undefined || !timingSafeEqual(sha256(presented), expected)) {
      return sendError(reply.header('www-authenticate', 'Bearer'), 401, {
        error: 'unauthorized',
        field: null,
        message: 'Send Authorization: Bearer <ASSENT_ADMIN_TOKEN>.',
      });
    }
    return undefined;
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
