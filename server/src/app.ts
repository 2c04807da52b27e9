// The endpoint as a Fastify instance: `node dist/main.js` listens with it, and a host server
// (the demo's, a shop's) can mount it. It does not own the store: close that yourself.
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { handleError, sendError } from './errors.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerConsentRoutes } from './routes/consent.js';
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
  /** Enables `GET /api/records` and `GET /api/verify/:id`; without it they answer 403. */
  adminToken?: string | undefined;
  /** `Domain` of the `assent_id` cookie, e.g. `shop.example` to share it with checkout.shop.example. */
  cookieDomain?: string | undefined;
  /** Fastify's `trustProxy`: honour X-Forwarded-For/-Proto from these proxies (true, hop count, addresses/CIDRs). */
  trustProxy?: boolean | number | string | string[];
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
}

const MAX_PARAM_LENGTH = 16 * 1024;

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 120, timeWindowMs: 60_000 };

/** A bare host name (`shop.example`): anything else could smuggle attributes into Set-Cookie. */
export const COOKIE_DOMAIN = /^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export function buildApp(options: AppOptions): FastifyInstance {
  if (options.cookieDomain && !COOKIE_DOMAIN.test(options.cookieDomain)) {
    throw new Error(`cookieDomain must be a host name such as shop.example, not ${JSON.stringify(options.cookieDomain)}`);
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
  void app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.has(origin)),
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type'],
    maxAge: 600,
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
    registerConsentRoutes(routes, { store: options.store, cookieDomain: options.cookieDomain, region });
    registerAdminRoutes(routes, { store: options.store, adminToken: options.adminToken });
  });

  return app;
}

/** `/api/consent/subject/<token>?…` → `/api/consent/subject/[subject]?…` */
export function redactSubject(url: string): string {
  return url.replace(/^(\/api\/consent\/subject\/)[^?#]*/, '$1[subject]');
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
