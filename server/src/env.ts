// Reads the endpoint's configuration from environment variables (documented in server/README.md).
import type { AppOptions } from './app.js';
import type { OpenStoreOptions } from './store.js';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface Environment {
  port: number;
  host: string;
  logLevel: string;
  store: OpenStoreOptions;
  app: Omit<AppOptions, 'store' | 'logger'>;
}

export function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  return {
    port: env['PORT'] ? Number.parseInt(env['PORT'], 10) : DEFAULT_PORT,
    host: env['HOST'] || DEFAULT_HOST,
    logLevel: env['ASSENT_LOG_LEVEL'] || 'info',
    store: { databaseUrl: env['DATABASE_URL'] || undefined, sqlitePath: env['ASSENT_DB'] || undefined },
    app: {
      allowedOrigins: list(env['ASSENT_ALLOWED_ORIGINS']),
      adminToken: env['ASSENT_ADMIN_TOKEN'] || undefined,
      cookieDomain: env['ASSENT_COOKIE_DOMAIN'] || undefined,
      trustProxy: trustProxy(env['ASSENT_TRUST_PROXY']),
      rateLimit: rateLimit(env['ASSENT_RATE_LIMIT']),
      // `CF-IPCountry`, or `CloudFront-Viewer-Country,CloudFront-Viewer-Country-Region`; unset: built-in CDN headers.
      regionHeader: env['ASSENT_REGION_HEADER'] ? list(env['ASSENT_REGION_HEADER']) : undefined,
    },
  };
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

/** `true`/`1` trusts every proxy, a number that many hops, anything else a list of addresses/CIDRs. */
function trustProxy(value: string | undefined): AppOptions['trustProxy'] {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return list(value);
}

/** `120/60` (requests per seconds), or `off`. Default 120 per minute. */
function rateLimit(value: string | undefined): AppOptions['rateLimit'] {
  if (!value) return undefined;
  if (value.trim() === 'off') return false;
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) throw new Error(`ASSENT_RATE_LIMIT must look like 120/60 (requests/seconds) or off, not ${value}`);
  return { max: Number(match[1]), timeWindowMs: Number(match[2]) * 1000 };
}
