// The public routes the browser uses (docs/endpoint.md): record a decision, read it back with proof.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminTokenCheck } from '../admin-auth.js';
import { consentCookie, consentIdFromCookie, cookieValues } from '../cookie.js';
import { sendError } from '../errors.js';
import { receiptOf } from '../hash-chain.js';
import { truncateIp } from '../ip.js';
import { proofHash, proofOf } from '../proof.js';
import type { RegionReader } from '../region.js';
import { consentIdParamsSchema, subjectParamsSchema, type ConsentRecord } from '../schema.js';
import type { ConsentStore, ServerObservation, StoredRecord } from '../store.js';

export interface ConsentRoutesOptions {
  store: ConsentStore;
  cookieDomain?: string | undefined;
  region: RegionReader;
  adminToken?: string | undefined;
}

const RECORD = { $ref: 'assent/consent-record#' } as const;
const MAX_USER_AGENT_LENGTH = 512;
/** 204: there is nothing to answer. */
const NOTHING = { type: 'null' } as const;

/** What a restore on another device needs, and nothing else: no id, no page, no subject. */
const RESTORABLE = {
  type: 'object',
  properties: {
    timestamp: { type: 'string' },
    expiresAt: { type: 'string' },
    policyVersion: { type: 'string' },
    decisions: { type: 'object', additionalProperties: { type: 'boolean' } },
    method: { type: 'string' },
    gpc: { type: 'boolean' },
  },
} as const;

export function registerConsentRoutes(app: FastifyInstance, { store, cookieDomain, region, adminToken }: ConsentRoutesOptions): void {
  const { keys } = store;
  const isAdmin = adminTokenCheck(adminToken);

  app.post<{ Body: ConsentRecord }>('/api/consent', { schema: { body: RECORD } }, async (request, reply) => {
    const now = new Date();
    const result = await store.append({ incoming: { record: request.body, ...observe(request, now) }, proof: proofOf(request, keys) });
    const { id, revision } = request.body;
    switch (result.kind) {
      case 'forbidden':
        request.log.warn({ id, revision }, `refused a record for an existing id that came without its proof${sharingHint(request.headers.cookie, cookieDomain)}`);
        return sendError(reply, 403, {
          error: 'proof required',
          field: null,
          message: 'This id already has records: send the assent_id cookie or the Assent-Proof header its first record established.',
        });
      case 'conflict': {
        const { reason, latestRevision } = result;
        request.log.warn({ id, revision, latestRevision, reason }, `refused a record: ${reason}`);
        const message =
          reason === 'conflict'
            ? 'A different record is stored under this id and revision; send it again as a later revision.'
            : `The revision may be at most the latest stored one plus the allowed step; send it as revision ${latestRevision + 1}.`;
        return reply.code(409).type('application/json; charset=utf-8').send({ error: reason, field: 'revision', message, latestRevision });
      }
    }
    const { stored } = result;
    const secure = request.protocol === 'https';
    reply.header('set-cookie', consentCookie({ id, expiresAt: stored.expiresAt, now, secure, domain: cookieDomain, keys }));
    const created = result.kind === 'created';
    return reply.code(created ? 201 : 200).send({ stored: true, created, id, revision, receivedAt: stored.receivedAt, receipt: receiptOf(stored) });
  });

  app.get('/api/consent/current', { schema: { response: { 200: RECORD, 204: NOTHING } } }, async (request, reply) => {
    const id = consentIdFromCookie(request.headers.cookie, keys);
    const latest = id ? await store.latest(id) : null;
    return latest ? latest.record : reply.code(204).send();
  });

  // The public keys receipts and checkpoints are signed with: anyone can verify a receipt.
  app.get('/api/consent/keys', async () => ({ keys: keys.published }));

  // For mode="auto": the jurisdiction a CDN in front of the shop has geolocated.
  // Cache-Control: no-store comes from the app's onSend hook; Vary names the headers read.
  app.get('/api/consent/region', { schema: { response: { 200: { type: 'object', properties: { region: { type: 'string' } } }, 204: NOTHING } } }, async (request, reply) => {
    addVary(reply, region.vary);
    const found = region.read(request.headers);
    return found ? { region: found } : reply.code(204).send();
  });

  // Cross-device restore: the latest decision of a signed-in shopper, by the opaque `subject` the
  // shop gave the banner. The subject is the proof, so the answer holds only what a restore needs.
  // A static segment, so it never meets /:id (find-my-way prefers static).
  app.get<{ Params: { subject: string } }>(
    '/api/consent/subject/:subject',
    { schema: { params: subjectParamsSchema, response: { 200: RESTORABLE, 204: NOTHING } } },
    async (request, reply) => {
      const latest = await store.latestBySubject(request.params.subject);
      return latest ? latest.record : reply.code(204).send();
    },
  );

  /** The browser that owns the id (cookie or proof header), or the shop with its admin token. */
  async function mayRead(request: FastifyRequest, id: string): Promise<boolean> {
    if (consentIdFromCookie(request.headers.cookie, keys) === id || isAdmin(request)) return true;
    const hash = proofHash(request.headers['assent-proof']);
    return hash !== null && (await store.hasProof(id, hash));
  }

  function forbidden(reply: FastifyReply): FastifyReply {
    return sendError(reply, 403, {
      error: 'proof required',
      field: null,
      message: "Reading a browser's records needs its assent_id cookie, its Assent-Proof header, or the admin token.",
    });
  }

  app.get<{ Params: { id: string } }>(
    '/api/consent/:id',
    { schema: { params: consentIdParamsSchema, response: { 200: RECORD } } },
    async (request, reply) => {
      if (!(await mayRead(request, request.params.id))) return forbidden(reply);
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
      if (!(await mayRead(request, request.params.id))) return forbidden(reply);
      const history = await store.history(request.params.id);
      if (history.length === 0) return notFound(reply, 'No record with this id.');
      return { id: request.params.id, records: history.map((stored: StoredRecord) => stored.record) };
    },
  );
}

/** What the server itself vouches for: its clock, the user agent, the client's network, Sec-GPC. */
function observe(request: FastifyRequest, now: Date): ServerObservation {
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

/** The page's copy of the decision, a cookie only when the page shares it across sub-domains (`cookie-domain`). */
const SHARED_COPY_COOKIE = 'assent_consent';

/**
 * The likely cause of a refusal when the page shares decisions across sub-domains, which its copy
 * cookie coming along shows, while the assent_id cookie is host-only: the two domains differ.
 */
function sharingHint(cookieHeader: string | undefined, cookieDomain: string | undefined): string {
  if (cookieDomain || cookieValues(cookieHeader, SHARED_COPY_COOKIE).length === 0) return '';
  return ' (the page shares decisions across sub-domains with cookie-domain, but the assent_id cookie is host-only: set --cookie-domain / ASSENT_COOKIE_DOMAIN to the same domain)';
}
