// `GET /api/stats` (docs/server.md#statistics-get-apistats): consent insights for a period, behind the admin token or a dashboard session.
// Only aggregates leave this route.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireAdmin } from '../admin-auth.js';
import { sendError } from '../errors.js';
import {
  DEFAULT_PERIOD_DAYS,
  MAX_PERIOD_DAYS,
  STATS_DIMENSIONS,
  dayNumber,
  dayText,
  figures,
  periodJson,
  previousPeriod,
  type Period,
  type StatsDimension,
} from '../stats.js';
import type { ConsentStore } from '../store.js';

export interface StatsRoutesOptions {
  store: ConsentStore;
  adminToken?: string | undefined;
}

interface StatsQuery {
  from?: string;
  to?: string;
  by?: string;
  compare?: 'previous';
}

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';

export function registerStatsRoutes(app: FastifyInstance, { store, adminToken }: StatsRoutesOptions): void {
  app.get<{ Querystring: StatsQuery }>(
    '/api/stats',
    {
      preHandler: requireAdmin(adminToken, store),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'string', pattern: DAY },
            to: { type: 'string', pattern: DAY },
            by: { type: 'string', maxLength: 200 },
            compare: { type: 'string', enum: ['previous'] },
          },
        },
      },
    },
    async (request, reply) => {
      const period = periodOf(request.query, reply);
      if (!period) return reply;
      const dimensions = dimensionsOf(request.query.by, reply);
      if (!dimensions) return reply;

      await store.indexStats();
      const currentPolicyVersion = await store.currentPolicyVersion();
      const figuresOf = async (of: Period) => figures(of, await store.stats(of), dimensions, currentPolicyVersion);
      const answer = { period: periodJson(period), currentPolicyVersion, figures: await figuresOf(period) };
      if (request.query.compare !== 'previous') return answer;
      const previous = previousPeriod(period);
      return { ...answer, previous: { period: periodJson(previous), figures: await figuresOf(previous) } };
    },
  );
}

/** The period asked for, by default the 30 days ending today (UTC); null after answering 400. */
function periodOf(query: StatsQuery, reply: FastifyReply): Period | null {
  const from = query.from === undefined ? undefined : calendarDay(query.from);
  const to = query.to === undefined ? dayNumber(new Date().toISOString()) : calendarDay(query.to);
  if (from === null) return invalid(reply, 'from', 'is not a calendar day (YYYY-MM-DD)');
  if (to === null) return invalid(reply, 'to', 'is not a calendar day (YYYY-MM-DD)');
  const period = { from: from ?? to - (DEFAULT_PERIOD_DAYS - 1), to };
  if (period.from > period.to) return invalid(reply, 'from', 'is after to');
  if (period.to - period.from + 1 > MAX_PERIOD_DAYS) return invalid(reply, 'from', `makes a period longer than ${MAX_PERIOD_DAYS} days`);
  return period;
}

function calendarDay(text: string): number | null {
  const day = dayNumber(`${text}T00:00:00Z`);
  return Number.isFinite(day) && dayText(day) === text ? day : null;
}

/** `by=region,language`; by default every breakdown, `by=` none; null after answering 400. */
function dimensionsOf(by: string | undefined, reply: FastifyReply): StatsDimension[] | null {
  if (by === undefined) return [...STATS_DIMENSIONS];
  const asked = by.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = asked.find((name) => !(STATS_DIMENSIONS as readonly string[]).includes(name));
  if (unknown !== undefined) return invalid(reply, 'by', `names an unknown breakdown "${unknown}"; use ${STATS_DIMENSIONS.join(', ')}`);
  return [...new Set(asked)] as StatsDimension[];
}

function invalid(reply: FastifyReply, field: string, message: string): null {
  void sendError(reply, 400, { error: 'invalid querystring', field, message: `${field} ${message}` });
  return null;
}
