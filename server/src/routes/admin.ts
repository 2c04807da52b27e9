// The shop's own routes, behind the admin token: verify an id's hash chain, export every record.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { requireAdminToken } from '../admin-auth.js';
import { sendError } from '../errors.js';
import { verifyChain } from '../hash-chain.js';
import { consentIdParamsSchema } from '../schema.js';
import type { ConsentStore, StoredRecord } from '../store.js';

export interface AdminRoutesOptions {
  store: ConsentStore;
  adminToken?: string | undefined;
}

/** `2026-11-01`, `2026-11-01T00:00Z`, `2026-11-01T12:00:00.000+01:00` */
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
const EXPORT_PAGE_SIZE = 500;

export function registerAdminRoutes(app: FastifyInstance, { store, adminToken }: AdminRoutesOptions): void {
  const preHandler = requireAdminToken(adminToken);

  app.get<{ Params: { id: string } }>(
    '/api/verify/:id',
    {
      preHandler,
      schema: { params: consentIdParamsSchema },
    },
    async (request, reply) => {
      const { id } = request.params;
      const history = await store.history(id);
      if (history.length === 0) return sendError(reply, 404, { error: 'not found', field: null, message: 'No record with this id.' });
      return { id, ...verifyChain(history) };
    },
  );

  app.get<{ Querystring: { since?: string } }>(
    '/api/records',
    {
      preHandler,
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: { since: { type: 'string', pattern: ISO_INSTANT } } },
      },
    },
    async (request, reply) => {
      const since = request.query.since === undefined ? null : new Date(request.query.since);
      if (since && Number.isNaN(since.getTime())) {
        return sendError(reply, 400, { error: 'invalid querystring', field: 'since', message: 'is not a valid date' });
      }
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .send(Readable.from(exportLines(store, since?.toISOString() ?? null)));
    },
  );
}

/** One JSON line per stored record, in receive order, read page by page so memory stays flat. */
async function* exportLines(store: ConsentStore, since: string | null): AsyncGenerator<string> {
  let afterSeq = 0;
  for (;;) {
    const page = await store.exportPage({ since, afterSeq, limit: EXPORT_PAGE_SIZE });
    for (const stored of page) yield `${JSON.stringify(exportLine(stored))}\n`;
    if (page.length < EXPORT_PAGE_SIZE) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}

function exportLine({ seq, receivedAt, userAgent, ipPrefix, secGpc, prevHash, hash, record }: StoredRecord) {
  return { seq, receivedAt, userAgent, ipPrefix, secGpc, prevHash, hash, record };
}
