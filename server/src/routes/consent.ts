// The public routes the browser uses (docs/endpoint.md): record a decision, read it back.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consentCookie, consentIdFromCookie } from '../cookie.js';
import { sendError } from '../errors.js';
import { truncateIp } from '../ip.js';
import type { RegionReader } from '../region.js';
import { consentIdParamsSchema, subjectParamsSchema, type ConsentRecord } from '../schema.js';
import type { ConsentStore, Receipt } from '../store.js';

export interface ConsentRoutesOptions {
  store: ConsentStore;
  cookieDomain?: string | undefined;
  region: RegionReader;
}

const RECORD = { $ref: 'assent/consent-record#' } as const;
const MAX_USER_AGENT_LENGTH = 512;

export function registerConsentRoutes(app: FastifyInstance, { store, cookieDomain, region }: ConsentRoutesOptions): void {
  app.post<{ Body: ConsentRecord }>('/api/consent', { schema: { body: RECORD } }, async (request, reply) => {
    const now = new Date();
    const { created, stored } = await store.append({ record: request.body, ...receiptFor(request, now) });
    const { id, revision, expiresAt } = stored.record;
    const secure = request.protocol === 'https';
    reply.header('set-cookie', consentCookie({ id, expiresAt, now, secure, domain: cookieDomain }));
    return reply.code(created ? 201 : 200).send({ stored: true, created, id, revision, receivedAt: stored.receivedAt });
  });

  app.get('/api/consent/current', { schema: { response: { 200: RECORD } } }, async (request, reply) => {
    const id = consentIdFromCookie(request.headers.cookie);
    if (!id) return notFound(reply, 'No assent_id cookie on this request.');
    const latest = await store.latest(id);
    return latest ? latest.record : notFound(reply, 'No record for this browser.');
  });

  // For mode="auto": the jurisdiction a CDN in front of the shop has geolocated.
  // Cache-Control: no-store comes from the app's onSend hook; Vary names the headers read.
  app.get('/api/consent/region', async (request, reply) => {
    addVary(reply, region.vary);
    return { region: region.read(request.headers) };
  });

  // Cross-device restore: the latest decision of a signed-in shopper, by the opaque `subject` the
  // shop gave the banner. A static segment, so it never meets /:id (find-my-way prefers static).
  app.get<{ Params: { subject: string } }>(
    '/api/consent/subject/:subject',
    { schema: { params: subjectParamsSchema, response: { 200: RECORD } } },
    async (request, reply) => {
      const latest = await store.latestBySubject(request.params.subject);
      return latest ? latest.record : notFound(reply, 'No record with this subject.');
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/consent/:id',
    { schema: { params: consentIdParamsSchema, response: { 200: RECORD } } },
    async (request, reply) => {
      const latest = await store.latest(request.params.id);
      return latest ? latest.record : notFound(reply, 'No record with this id.');
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/consent/:id/history',
    {
      schema: {
        params: consentIdParamsSchema,
        response: { 200: { type: 'object', properties: { id: { type: 'string' }, records: { type: 'array', items: RECORD } } } },
      },
    },
    async (request, reply) => {
      const history = await store.history(request.params.id);
      if (history.length === 0) return notFound(reply, 'No record with this id.');
      return { id: request.params.id, records: history.map((stored) => stored.record) };
    },
  );
}

/** What the server itself vouches for: its clock, the user agent, the client's network, Sec-GPC. */
function receiptFor(request: FastifyRequest, now: Date): Receipt {
  const userAgent = request.headers['user-agent'];
  return {
    receivedAt: now.toISOString(),
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    ipPrefix: truncateIp(request.ip),
    secGpc: request.headers['sec-gpc'] === '1',
  };
}

/** Adds header names to `Vary`, keeping what CORS put there (`Origin`). */
function addVary(reply: FastifyReply, names: readonly string[]): void {
  const current = reply.getHeader('vary');
  const existing = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const known = new Set(existing.map((name) => name.toLowerCase()));
  const added = names.filter((name) => !known.has(name.toLowerCase()));
  if (added.length > 0) reply.header('vary', [...existing, ...added].join(', '));
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return sendError(reply, 404, { error: 'not found', field: null, message });
}
