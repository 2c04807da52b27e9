// Reads the endpoint's settings from command-line flags and environment variables (a flag wins
// over its variable), and checks every value before anything starts. Pure apart from reading the
// admin token file, so it is tested without starting a process.
import { readFileSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';
import { COOKIE_DOMAIN, DEFAULT_RATE_LIMIT, MIN_ADMIN_TOKEN_LENGTH, type AppOptions } from './app.js';
import { regionReader } from './region.js';
import { DEFAULT_SQLITE_PATH } from './store.js';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_LOG_LEVEL = 'info';
export const DEFAULT_KEY_FILE = './data/assent-key.json';
/** The longest a decision stays in force (`max-age-days` of the browser side). */
export const LONGEST_CONSENT_DAYS = 395;
/** Three years after the longest a decision stays in force. */
export const DEFAULT_RETENTION_DAYS = 3 * 365 + LONGEST_CONSENT_DAYS;
export const MAX_RETENTION_DAYS = 36_500;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const HELP_HINT = 'Run assent-server --help for every setting.';

/** Shorter admin tokens are refused: a guessable token opens every stored record. */

export interface SettingSpec {
  /** Long flag without the dashes. */
  flag: string;
  variable: string;
  /** Placeholder shown after the flag in --help. */
  placeholder: string;
  /** The default, as --help shows it. */
  defaultText: string;
  /** One line of --help. */
  meaning: string;
  /** What a valid value looks like, for error messages. */
  expected: string;
}

/** Every setting, in the order --help lists them. */
export const SETTINGS = {
  port: {
    flag: 'port',
    variable: 'PORT',
    placeholder: '<number>',
    defaultText: String(DEFAULT_PORT),
    meaning: 'TCP port to listen on; 0 takes any free port.',
    expected: 'a whole number from 0 to 65535',
  },
  host: {
    flag: 'host',
    variable: 'HOST',
    placeholder: '<address>',
    defaultText: DEFAULT_HOST,
    meaning: 'Address to listen on; 0.0.0.0 (or ::) in a container.',
    expected: 'an address such as 127.0.0.1, 0.0.0.0 or ::',
  },
  db: {
    flag: 'db',
    variable: 'ASSENT_DB',
    placeholder: '<file>',
    defaultText: DEFAULT_SQLITE_PATH,
    meaning: 'SQLite file, relative to the working directory; created with its folder.',
    expected: 'a file path',
  },
  databaseUrl: {
    flag: 'database-url',
    variable: 'DATABASE_URL',
    placeholder: '<url>',
    defaultText: 'none (SQLite)',
    meaning: 'postgres://user:password@host:5432/database: PostgreSQL. Prefer the variable (a password shows in ps).',
    expected: 'a URL such as postgres://user:password@host:5432/database',
  },
  keyFile: {
    flag: 'key-file',
    variable: 'ASSENT_KEY_FILE',
    placeholder: '<file>',
    defaultText: DEFAULT_KEY_FILE,
    meaning: 'Ed25519 key signing receipts, checkpoints and the assent_id cookie; made (mode 0600) if missing. Back it up.',
    expected: 'a file path',
  },
  retentionDays: {
    flag: 'retention-days',
    variable: 'ASSENT_RETENTION_DAYS',
    placeholder: '<days>',
    defaultText: String(DEFAULT_RETENTION_DAYS),
    meaning: 'Days a record is kept after it arrived (3 years + the longest consent, 395 days); 0 or forever: keep all.',
    expected: `a whole number of days from 1 to ${MAX_RETENTION_DAYS} such as ${DEFAULT_RETENTION_DAYS}, or 0 or forever to keep every record`,
  },
  allowedOrigins: {
    flag: 'allowed-origins',
    variable: 'ASSENT_ALLOWED_ORIGINS',
    placeholder: '<origins>',
    defaultText: 'none',
    meaning: 'Comma-separated origins (https://shop.example) that may call it from the browser (CORS).',
    expected: 'comma-separated origins such as https://shop.example (no path, no trailing slash)',
  },
  adminToken: {
    flag: 'admin-token',
    variable: 'ASSENT_ADMIN_TOKEN',
    placeholder: '<token>',
    defaultText: 'none (admin routes off)',
    meaning: 'Bearer token for the admin routes, and the sign-in of the /admin dashboard; 32+ characters (openssl rand -hex 32). A flag shows in ps.',
    expected: 'the token',
  },
  adminTokenFile: {
    flag: 'admin-token-file',
    variable: 'ASSENT_ADMIN_TOKEN_FILE',
    placeholder: '<file>',
    defaultText: 'none',
    meaning: 'File holding the admin token (one trailing newline is dropped). Preferred, as is the variable.',
    expected: 'a readable file holding the token on one line',
  },
  cookieDomain: {
    flag: 'cookie-domain',
    variable: 'ASSENT_COOKIE_DOMAIN',
    placeholder: '<host>',
    defaultText: 'host-only cookie',
    meaning: 'Domain of the assent_id cookie: shop.example shares it with checkout.shop.example.',
    expected: 'a host name such as shop.example',
  },
  trustProxy: {
    flag: 'trust-proxy',
    variable: 'ASSENT_TRUST_PROXY',
    placeholder: '<proxies>',
    defaultText: 'false',
    meaning: 'Honour X-Forwarded-For/-Proto from your proxies: a hop count (1), or their addresses/CIDRs. Never true.',
    expected: 'false, a hop count such as 1, or comma-separated addresses/CIDRs such as 127.0.0.1,10.0.0.0/8 (or loopback, linklocal, uniquelocal)',
  },
  rateLimit: {
    flag: 'rate-limit',
    variable: 'ASSENT_RATE_LIMIT',
    placeholder: '<n/seconds>',
    defaultText: `${DEFAULT_RATE_LIMIT.max}/${DEFAULT_RATE_LIMIT.timeWindowMs / 1000}`,
    meaning: 'Requests per client IP and time window, e.g. 120/60 (requests/seconds), or off.',
    expected: 'requests/seconds such as 120/60, both whole numbers above 0, or off',
  },
  regionHeader: {
    flag: 'region-header',
    variable: 'ASSENT_REGION_HEADER',
    placeholder: '<headers>',
    defaultText: 'built-in CDN headers',
    meaning: 'Where GET /api/consent/region reads the region: CF-IPCountry, or country,subdivision headers.',
    expected: 'one header name such as CF-IPCountry, or two comma-separated: country,subdivision',
  },
  logLevel: {
    flag: 'log-level',
    variable: 'ASSENT_LOG_LEVEL',
    placeholder: '<level>',
    defaultText: DEFAULT_LOG_LEVEL,
    meaning: 'fatal, error, warn, info, debug, trace or silent; JSON lines on stdout.',
    expected: `one of ${LOG_LEVELS.join(', ')}`,
  },
} as const satisfies Record<string, SettingSpec>;

type SettingName = keyof typeof SETTINGS;

export interface Settings {
  port: number;
  host: string;
  logLevel: LogLevel;
  store: { databaseUrl: string | undefined; sqlitePath: string };
  /** The signing key's file, as given (relative to the working directory). */
  keyFile: string;
  /** `retentionDays`: days a record is kept after it was received; null keeps every record. */
  app: Omit<AppOptions, 'store' | 'logger' | 'retentionDays'> & { retentionDays: number | null };
}

export type SettingsOutcome =
  | { action: 'run'; settings: Settings }
  | { action: 'help' }
  | { action: 'version' }
  /** `message` is one line naming the flag or variable, the value and what is expected. */
  | { action: 'fail'; message: string };

type Environment = Readonly<Record<string, string | undefined>>;
type Flags = Readonly<Record<string, string | boolean | undefined>>;

/** A value and where it came from: `--port` or `PORT`. */
interface Given {
  source: string;
  value: string;
}

class InvalidSetting extends Error {}

const FLAG_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  ...Object.fromEntries(Object.values(SETTINGS).map(({ flag }) => [flag, { type: 'string' as const }])),
} as const;

/** `argv` without node and the script: `process.argv.slice(2)`. */
export function readSettings(argv: readonly string[], env: Environment): SettingsOutcome {
  let flags: Flags;
  try {
    flags = parseArgs({ args: [...argv], options: FLAG_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { action: 'fail', message: describeArgumentError(error) };
  }
  if (flags['help']) return { action: 'help' };
  if (flags['version']) return { action: 'version' };
  try {
    return { action: 'run', settings: settingsFrom(flags, env) };
  } catch (error) {
    if (error instanceof InvalidSetting) return { action: 'fail', message: `assent-server: ${error.message}` };
    throw error;
  }
}

function settingsFrom(flags: Flags, env: Environment): Settings {
  /** The flag's value, else the variable's; an empty value (even a flag's) means the default. */
  const given = (name: SettingName): Given | undefined => {
    const found = fromFlag(flags, name) ?? fromVariable(env, name);
    return found && found.value.trim() !== '' ? found : undefined;
  };
  const regionHeader = given('regionHeader');
  return {
    port: port(given('port')),
    host: given('host')?.value.trim() ?? DEFAULT_HOST,
    logLevel: logLevel(given('logLevel')),
    store: { databaseUrl: databaseUrl(given('databaseUrl')), sqlitePath: given('db')?.value ?? DEFAULT_SQLITE_PATH },
    keyFile: given('keyFile')?.value ?? DEFAULT_KEY_FILE,
    app: {
      retentionDays: retentionDays(given('retentionDays')),
      allowedOrigins: allowedOrigins(given('allowedOrigins')),
      adminToken: adminToken(flags, env),
      cookieDomain: cookieDomain(given('cookieDomain')),
      trustProxy: trustProxy(given('trustProxy')),
      rateLimit: rateLimit(given('rateLimit')),
      regionHeader: regionHeader ? regionHeaders(regionHeader) : undefined,
    },
  };
}

function fromFlag(flags: Flags, name: SettingName): Given | undefined {
  const { flag } = SETTINGS[name];
  const value = flags[flag];
  return typeof value === 'string' ? { source: `--${flag}`, value } : undefined;
}

function fromVariable(env: Environment, name: SettingName): Given | undefined {
  const { variable } = SETTINGS[name];
  const value = env[variable];
  return value === undefined ? undefined : { source: variable, value };
}

function invalid(given: Given, name: SettingName, part?: string): InvalidSetting {
  const culprit = part === undefined || part === given.value ? '' : ` (${JSON.stringify(part)})`;
  return new InvalidSetting(`${given.source}=${JSON.stringify(given.value)}${culprit} is not valid: expected ${SETTINGS[name].expected}.`);
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function port(given: Given | undefined): number {
  if (!given) return DEFAULT_PORT;
  const text = given.value.trim();
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw invalid(given, 'port');
  return Number(text);
}

function logLevel(given: Given | undefined): LogLevel {
  if (!given) return DEFAULT_LOG_LEVEL;
  const level = LOG_LEVELS.find((known) => known === given.value.trim().toLowerCase());
  if (!level) throw invalid(given, 'logLevel');
  return level;
}

/** What node-postgres reads as a connection URL (`socket:` for a Unix socket). */
const POSTGRES_PROTOCOLS = new Set(['postgres:', 'postgresql:', 'socket:']);

/** Never echoes the value: no parser can be trusted to find the password in a malformed URL. */
function databaseUrl(given: Given | undefined): string | undefined {
  if (!given) return undefined;
  if (URL.canParse(given.value) && POSTGRES_PROTOCOLS.has(new URL(given.value).protocol)) return given.value;
  throw new InvalidSetting(`${given.source} is not valid (its value is not shown: it may hold a password): expected ${SETTINGS.databaseUrl.expected}.`);
}

/** Null keeps every record: `0` or `forever`. */
function retentionDays(given: Given | undefined): number | null {
  if (!given) return DEFAULT_RETENTION_DAYS;
  const text = given.value.trim().toLowerCase();
  if (text === 'forever') return null;
  if (!/^\d{1,6}$/.test(text) || Number(text) > MAX_RETENTION_DAYS) throw invalid(given, 'retentionDays');
  return Number(text) === 0 ? null : Number(text);
}

function allowedOrigins(given: Given | undefined): string[] {
  if (!given) return [];
  const origins = list(given.value);
  // The browser's Origin header is compared as a string: `https://shop.example/` would never match.
  const notOrigin = origins.find((origin) => !URL.canParse(origin) || new URL(origin).origin !== origin);
  if (notOrigin !== undefined) throw invalid(given, 'allowedOrigins', notOrigin);
  return origins;
}

function cookieDomain(given: Given | undefined): string | undefined {
  if (!given) return undefined;
  const domain = given.value.trim();
  if (!COOKIE_DOMAIN.test(domain)) throw invalid(given, 'cookieDomain');
  return domain;
}

/**
 * A number trusts that many hops (0: none), anything else a list of addresses/CIDRs. `true` is
 * refused: it believes every client's X-Forwarded-For, so any client could choose the address
 * stored with its record and the one the rate limit counts.
 */
function trustProxy(given: Given | undefined): false | number | string[] {
  if (!given) return false;
  const text = given.value.trim().toLowerCase();
  if (text === 'false') return false;
  if (text === 'true') {
    throw new InvalidSetting(
      `${given.source}=${JSON.stringify(given.value)} would believe every client's X-Forwarded-For (any client could pick its own address and escape the rate limit): give instead the number of proxies in front of the endpoint, such as 1, or their addresses/CIDRs, such as 127.0.0.1,10.0.0.0/8.`,
    );
  }
  if (/^\d+$/.test(text)) return Number(text) === 0 ? false : Number(text);
  const proxies = list(given.value);
  const notProxy = proxies.find((proxy) => !isProxyAddress(proxy));
  if (notProxy !== undefined) throw invalid(given, 'trustProxy', notProxy);
  return proxies;
}

/** Ranges proxy-addr (Fastify's trustProxy) knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** What proxy-addr accepts: an address, `address/prefix-length`, `IPv4/netmask`, or a named range. */
function isProxyAddress(text: string): boolean {
  if (NAMED_RANGES.has(text)) return true;
  const [address = '', range, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) >= 1 && Number(range) <= (version === 4 ? 32 : 128);
  return version === 4 && isIPv4(range) && isContiguousNetmask(range);
}

function isContiguousNetmask(mask: string): boolean {
  const bits = mask
    .split('.')
    .map((octet) => Number(octet).toString(2).padStart(8, '0'))
    .join('');
  return /^1+0*$/.test(bits);
}

function rateLimit(given: Given | undefined): NonNullable<AppOptions['rateLimit']> {
  if (!given) return DEFAULT_RATE_LIMIT;
  const text = given.value.trim();
  if (text.toLowerCase() === 'off') return false;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const max = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(max) || !Number.isSafeInteger(seconds * 1000) || max < 1 || seconds < 1) {
    throw invalid(given, 'rateLimit');
  }
  return { max, timeWindowMs: seconds * 1000 };
}

function regionHeaders(given: Given): string[] {
  const names = list(given.value);
  try {
    regionReader(names); // the same check buildApp makes: one or two HTTP header names
  } catch {
    throw invalid(given, 'regionHeader');
  }
  return names;
}

/**
 * The token from `--admin-token` or `--admin-token-file`, else from `ASSENT_ADMIN_TOKEN` or
 * `ASSENT_ADMIN_TOKEN_FILE`: either flag beats both variables; two of one kind are refused.
 */
function adminToken(flags: Flags, env: Environment): string | undefined {
  const flagged = [fromFlag(flags, 'adminToken'), fromFlag(flags, 'adminTokenFile')] as const;
  const [token, file] = flagged.some(Boolean) ? flagged : [fromVariable(env, 'adminToken'), fromVariable(env, 'adminTokenFile')];
  const tokenGiven = token && token.value !== '' ? token : undefined;
  const fileGiven = file && file.value.trim() !== '' ? file : undefined;
  if (tokenGiven && fileGiven) {
    throw new InvalidSetting(`${tokenGiven.source} and ${fileGiven.source} are both set: expected only one of them (${fileGiven.source} is safer).`);
  }
  if (tokenGiven) return longEnough(tokenGiven.value, (length) => `${tokenGiven.source} is ${length} characters long`);
  if (!fileGiven) return undefined;
  return longEnough(readTokenFile(fileGiven), (length) => `${fileGiven.source}=${JSON.stringify(fileGiven.value)} holds a token of ${length} characters`);
}

/** The token when it is long enough; the refusal says how long it is, never what it is. */
function longEnough(token: string, tooShort: (length: number) => string): string {
  const length = [...token].length;
  if (length >= MIN_ADMIN_TOKEN_LENGTH) return token;
  throw new InvalidSetting(`${tooShort(length)}: expected at least ${MIN_ADMIN_TOKEN_LENGTH} random characters; make one with openssl rand -hex 32.`);
}

function readTokenFile(file: Given): string {
  let text: string;
  try {
    text = readFileSync(file.value, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InvalidSetting(`${file.source}=${JSON.stringify(file.value)} cannot be read (${code}): expected ${SETTINGS.adminTokenFile.expected}.`);
  }
  const token = text.replace(/\r?\n$/, '');
  if (token === '' || /[\r\n]/.test(token)) {
    const problem = token === '' ? 'is empty' : 'holds more than one line';
    throw new InvalidSetting(`${file.source}=${JSON.stringify(file.value)} ${problem}: expected ${SETTINGS.adminTokenFile.expected}.`);
  }
  return token;
}

/** parseArgs' own messages span lines and name options oddly (`'-h, --help'`): one line of ours instead. */
function describeArgumentError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const flag = /--[a-z-]+/.exec(quoted)?.[0] ?? quoted;
  const spec = Object.values(SETTINGS).find((setting) => `--${setting.flag}` === flag);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `assent-server: ${quoted} is not an option: expected one of the options listed by --help.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `assent-server: ${JSON.stringify(quoted)} is not an option: expected options only, such as --port 8787.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!spec) return `assent-server: ${flag} takes no value: expected ${flag} alone.`;
      return message.includes('ambiguous')
        ? `assent-server: ${flag} is missing its value: expected ${spec.expected} (write ${flag}=VALUE for a value starting with -).`
        : `assent-server: ${flag} is missing its value: expected ${spec.expected}.`;
  }
  return `assent-server: ${message.split('\n')[0]}`;
}
