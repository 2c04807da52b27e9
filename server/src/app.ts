// The endpoint as a Fastify instance: `node dist/main.js` listens with it, and a host server
// (the demo's, a shop's) can mount it. It does not own the store: close that yourself.
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { handleError, sendError } from './errors.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerConsentRoutes } from './routes/consent.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { registerStatsRoutes } from './routes/stats.js';
import { regionReader } from './region.js';
import { MAX_BODY_BYTES, consentRecordSchema } from './schema.js';
import type { ConsentStore } from './store.js';

export interface RateLimitOptions {
  /** Requests per client IP within the window. */
  max: number;
  timeWindowMs: number;
}

export interface LoggerOptions {
  /** pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`. Default `info`. */
  level?: string;
  /** Where JSON log lines go instead of stdout. */
  stream?: { write(line: string): void };
}

export interface AppOptions {
  store: ConsentStore;
  /** Origins (`https://shop.example`) that may call the endpoint from the browser, with credentials. */
  allowedOrigins?: readonly string[];
  /** Enables the admin routes (`/api/records`, `/api/verify`, …) and the dashboard at `/admin`; without it they answer 403. */
  adminToken?: string | undefined;
  /** `Domain` of the `assent_id` cookie, e.g. `shop.example` to share it with checkout.shop.example. */
  cookieDomain?: string | undefined;
  /**
   * Fastify's `trustProxy`: honour X-Forwarded-For/-Proto from these proxies (hop count, or
   * addresses/CIDRs/named ranges). Never `true`: that would let any client forge its address.
   */
  trustProxy?: false | number | string | string[];
  /** Default: info-level JSON logs on stdout. */
  logger?: boolean | LoggerOptions;
  /** Per client IP, on every route. Default 120 per minute; `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Where `GET /api/consent/region` reads the shopper's region: one header holding `DE` or `US-CA`
   * (`'CF-IPCountry'`), or a country header and a subdivision header (`['CloudFront-Viewer-Country',
   * 'CloudFront-Viewer-Country-Region']`, or the same as one comma-separated string). Default: the
   * built-in Cloudflare, CloudFront, Vercel and App Engine headers.
   */
  regionHeader?: string | readonly string[] | undefined;
  /**
   * Records received longer ago than this are deleted (hourly, and at start) behind a signed
   * checkpoint. Default 1490 days: 3 years after the longest consent lifetime (395 days). `null`: keep all.
   */
  retentionDays?: number | null | undefined;
}

const MAX_PARAM_LENGTH = 16 * 1024;

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 120, timeWindowMs: 60_000 };
export const DEFAULT_RETENTION_DAYS = 3 * 365 + 395;
const STATS_INDEX_INTERVAL_MS = 60_000;
export const MIN_ADMIN_TOKEN_LENGTH = 32;
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Refused CORS origins are logged once each; a flood of made-up ones stops being logged here. */
const MAX_LOGGED_ORIGINS = 100;

/** A bare host name (`shop.example`): anything else could smuggle attributes into Set-Cookie. */
export const COOKIE_DOMAIN = /^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export function buildApp(options: AppOptions): FastifyInstance {
  if (options.cookieDomain && !COOKIE_DOMAIN.test(options.cookieDomain)) {
    throw new Error(`cookieDomain must be a host name such as shop.example, not ${JSON.stringify(options.cookieDomain)}`);
  }
  if (options.adminToken !== undefined && [...options.adminToken].length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(`adminToken must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (it guards every shopper's records); make one with: openssl rand -hex 32`);
  }
  if ((options.trustProxy as unknown) === true) {
    throw new Error('trustProxy must be a hop count or the proxies\' addresses, not true: true lets any client forge its address and escape the rate limit');
  }
  const retentionDays = options.retentionDays === undefined ? DEFAULT_RETENTION_DAYS : options.retentionDays;
  if (retentionDays !== null && !(Number.isInteger(retentionDays) && retentionDays >= 1)) {
    throw new Error(`retentionDays must be a whole number of days (at least 1) or null, not ${JSON.stringify(retentionDays)}`);
  }
  const region = regionReader(options.regionHeader);
  const app = Fastify({
    logger: loggerConfig(options.logger ?? true),
    trustProxy: trustProxyConfig(options.trustProxy ?? false),
    bodyLimit: MAX_BODY_BYTES,
    // Fastify's default (100) would answer a subject of 101+ characters with "no such route".
    // Node's request line is at most 16 KB anyway; a parameter the schema refuses is answered 400.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ajv: {
      // Fastify's defaults would silently drop unknown fields and coerce "1" to 1: reject instead.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
  });

  // Records arrive as application/json only; anything else is answered 415.
  app.removeContentTypeParser('text/plain');
  app.addSchema(consentRecordSchema);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, { error: 'not found', field: null, message: 'No such route.' }));
  app.addHook('onSend', async (_request, reply) => {
    // Records are personal data, and /current depends on a cookie: nothing is cached anywhere.
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });

  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const refusedOrigins = new Set<string>();
  const corsOptions = { credentials: true, methods: ['GET', 'POST'], allowedHeaders: ['Content-Type', 'Assent-Proof'], maxAge: 600 };
  void app.register(cors, {
    delegator: (request, callback) =>
      callback(null, {
        ...corsOptions,
        origin: (origin, done) => {
          const allowed = origin !== undefined && allowedOrigins.has(origin);
          // The dashboard's own page sends its origin too: it needs no CORS, and is no refusal worth a warning.
          const sameOrigin = request.headers['sec-fetch-site'] === 'same-origin';
          if (origin !== undefined && !allowed && !sameOrigin && refusedOrigins.size < MAX_LOGGED_ORIGINS && !refusedOrigins.has(origin)) {
            refusedOrigins.add(origin);
            app.log.warn({ origin }, `refused a cross-origin request from ${origin}: add it to ASSENT_ALLOWED_ORIGINS if it is the shop (logged once per origin)`);
          }
          done(null, allowed);
        },
      }),
  });

  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (limit) {
    void app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        message: `Too many requests from this network; retry in ${context.after}.`,
      }),
    });
  }

  void app.register(async (routes) => {
    registerConsentRoutes(routes, { store: options.store, cookieDomain: options.cookieDomain, region, adminToken: options.adminToken });
    registerAdminRoutes(routes, { store: options.store, adminToken: options.adminToken });
    registerDashboardRoutes(routes, { store: options.store, adminToken: options.adminToken });
    registerStatsRoutes(routes, { store: options.store, adminToken: options.adminToken });
    registerHealthRoute(routes, options.store);
  });

  if (retentionDays !== null) keepRetention(app, options.store, retentionDays);
  if (options.adminToken) keepStatsIndexed(app, options.store);
  return app;
}

/** `GET /health`: 200 when the database answers and checks out, else 503. For load balancers and monitors. */
function registerHealthRoute(app: FastifyInstance, store: ConsentStore): void {
  app.get('/health', async (request, reply) => {
    try {
      const health = await store.health();
      return reply.code(health.ok ? 200 : 503).send({ status: health.ok ? 'ok' : 'failing', store: store.kind, records: health.records, detail: health.detail });
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'failing', store: store.kind, records: null, detail: 'the database did not answer' });
    }
  });
}

/** Prunes records past the retention period at start and every hour, each time behind a signed checkpoint. */
function keepRetention(app: FastifyInstance, store: ConsentStore, days: number): void {
  const prune = async () => {
    const before = new Date(Date.now() - days * DAY_MS).toISOString();
    try {
      const { records } = await store.prune(before);
      if (records > 0) app.log.info({ records, before }, `retention: deleted ${records} records received before ${before}`);
    } catch (error) {
      app.log.error({ err: error }, 'retention: could not prune old records');
    }
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  app.addHook('onReady', async () => {
    void prune();
    timer = setInterval(() => void prune(), RETENTION_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}

/**
 * Indexes new records for `/api/stats` every minute, so that a request finds little left to do;
 * the route itself catches up with whatever arrived since.
 */
function keepStatsIndexed(app: FastifyInstance, store: ConsentStore): void {
  const index = async () => {
    try {
      await store.indexStats();
    } catch (error) {
      app.log.error({ err: error }, 'stats: could not index new records');
    }
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => void index(), STATS_INDEX_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}

/**
 * `/api/consent/subject/<token>?…` → `/api/consent/subject/[subject]?…`, also when the path is
 * percent-encoded (`%73ubject`) or differently cased: a subject reads a shopper's decision.
 */
export function redactSubject(url: string): string {
  const queryAt = url.search(/[?#]/);
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const rest = queryAt === -1 ? '' : url.slice(queryAt);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: judge the raw path.
  }
  const at = decoded.toLowerCase().indexOf('/subject/');
  return at === -1 ? url : `${decoded.slice(0, at)}/subject/[subject]${rest}`;
}

function trustProxyConfig(trustProxy: NonNullable<AppOptions['trustProxy']>): FastifyServerOptions['trustProxy'] {
  if (typeof trustProxy !== 'number') return trustProxy;
  return (_address: string, hop: number) => hop < trustProxy; // the n proxies nearest to us
}

function loggerConfig(logger: boolean | LoggerOptions): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const { level = 'info', stream } = logger === true ? {} : logger;
  return {
    level,
    ...(stream ? { stream } : {}),
    // Fastify's default request serializer logs the client's full address; ours never does, nor
    // a shopper's subject token (it reads that shopper's decisions).
    serializers: { req: (request: FastifyRequest) => ({ method: request.method, url: redactSubject(request.url) }) },
  };
}
