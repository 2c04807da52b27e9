// The shop's own routes, behind the admin token or a dashboard session (docs/endpoint.md, docs/data-rights.md): verify the
// log, export every record, and answer a shopper's access and erasure requests.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireAdmin } from '../admin-auth.js';
import { sendError } from '../errors.js';
import { receiptOf, verifyChain } from '../hash-chain.js';
import { consentIdParamsSchema, SUBJECT_PATTERN, UUID_V4_PATTERN } from '../schema.js';
import type { ConsentStore, ShopperRef, StoredRecord } from '../store.js';

export interface AdminRoutesOptions {
  store: ConsentStore;
  adminToken?: string | undefined;
}

/** `2026-11-01`, `2026-11-01T00:00Z`, `2026-11-01T12:00:00.000+01:00` */
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
const EXPORT_PAGE_SIZE = 500;

/** `{ "id": … }` or `{ "subject": … }`: one shopper. A subject travels in a body, never in a URL that logs keep. */
const SHOPPER_REF = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { id: { type: 'string', pattern: UUID_V4_PATTERN }, subject: { type: 'string', pattern: SUBJECT_PATTERN } },
} as const;

export function registerAdminRoutes(app: FastifyInstance, { store, adminToken }: AdminRoutesOptions): void {
  const preHandler = requireAdmin(adminToken, store);
  const { keys } = store;

  app.get<{ Params: { id: string } }>('/api/verify/:id', { preHandler, schema: { params: consentIdParamsSchema } }, async (request, reply) => {
    const { id } = request.params;
    const history = await store.history(id);
    if (history.length === 0) return notFound(reply, 'No record with this id.');
    return { id, ...verifyChain(history, keys, { pruned: await store.pruned() }) };
  });

  // Every chain, the log chain and every signed checkpoint: reads the whole log.
  app.get('/api/verify', { preHandler }, async () => store.verifyLog());

  app.post('/api/checkpoint', { preHandler }, async () => ({ checkpoint: await store.checkpoint('admin') }));

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

  // An access request (GDPR Art. 15): everything stored about one shopper, with its verification.
  app.post<{ Body: ShopperRef }>('/api/export', { preHandler, schema: { body: SHOPPER_REF } }, async (request, reply) => {
    const { ids, histories } = await store.shopper(request.body);
    if (ids.length === 0) return notFound(reply, 'No record of this shopper.');
    const pruned = await store.pruned();
    return {
      exportedAt: new Date().toISOString(),
      shopper: request.body,
      keys: keys.published,
      ids: ids.map((id) => {
        const history = histories.get(id) ?? [];
        return { id, verification: verifyChain(history, keys, { pruned }), records: history.map(exportLine) };
      }),
    };
  });

  // An erasure request (GDPR Art. 17): the personal fields go, the decisions and the chain stay.
  app.post<{ Body: ShopperRef }>('/api/erase', { preHandler, schema: { body: SHOPPER_REF } }, async (request, reply) => {
    const at = new Date().toISOString();
    const { ids, records } = await store.erase(request.body, at);
    if (ids.length === 0) return notFound(reply, 'No record of this shopper.');
    request.log.info({ ids: ids.length, records }, 'erased the personal fields of a shopper');
    return { erasedAt: at, ids, records };
  });
}

/** One JSON line per stored record, in log order, read page by page so memory stays flat. */
async function* exportLines(store: ConsentStore, since: string | null): AsyncGenerator<string> {
  let afterSeq = 0;
  for (;;) {
    const page = await store.exportPage({ since, afterSeq, limit: EXPORT_PAGE_SIZE });
    for (const stored of page) yield `${JSON.stringify(exportLine(stored))}\n`;
    if (page.length < EXPORT_PAGE_SIZE) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}

/** Everything hashed, so that an auditor can recompute it: the salt too (the values it salts are on the same line). */
function exportLine(stored: StoredRecord) {
  const { seq, version, receivedAt, userAgent, ipPrefix, secGpc, prevHash, hash, logHash, personal, salt, erasedAt, record } = stored;
  return { seq, version, receivedAt, userAgent, ipPrefix, secGpc, prevHash, hash, logHash, personal, salt, erasedAt, record, receipt: receiptOf(stored) };
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return sendError(reply, 404, { error: 'not found', field: null, message });
}
