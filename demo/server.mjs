// Assent demo storefront (Node 20+): serves demo/ at "/", the built drop-in folder (dist/drop-in/)
// at "/assent/" and the reference consent endpoint (the assent-server package) at "/api/", in one
// process; and, on the next port, the stand-in vendors of demo/third-party/ as a real third party
// (another origin and site).
// Usage: node demo/server.mjs [--port N]
// Env: PORT, HOST (default 127.0.0.1:8080, vendors on the next port), ASSENT_DB (SQLite file,
// default ./data/assent.db), DATABASE_URL (PostgreSQL instead), ASSENT_ADMIN_TOKEN, ASSENT_ALLOWED_ORIGINS,
// ASSENT_COOKIE_DOMAIN (the Domain of the endpoint's assent_id cookie).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp, DEFAULT_SQLITE_PATH, ephemeralKeys, loadServerKeys, openStore } from 'assent-server';

const DEMO_ROOT = dirname(fileURLToPath(import.meta.url));
const DIST_ROOT = resolve(DEMO_ROOT, '..', 'dist', 'drop-in');
const THIRD_PARTY_ROOT = join(DEMO_ROOT, 'third-party');

/** The demo pages name the vendors' origin and their nonce as placeholders, filled in per response. */
const THIRD_PARTY_PLACEHOLDER = /%THIRD_PARTY%/g;
const NONCE_PLACEHOLDER = /%NONCE%/g;
/**
 * A shop's server knows where the shopper is (from its CDN) and writes it into the page as
 * `region="…"`; the demo takes it from `?region=US-CA` so every regime can be tried. The same way,
 * `?lang=ar`, `?theme=dark`, `?layout=box` and `?position=top` show the banner's other looks,
 * `?variants=calm+bold` gives the page presentation variants, and `?cookie-domain=.shop.test`
 * shares the decision with the sub-domains (with `cookieDomain` set the same for the endpoint).
 */
const CONSENT_ATTRIBUTES_PLACEHOLDER = /%CONSENT_ATTRIBUTES%/g;
const DEMO_ATTRIBUTES = {
  region: /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/,
  lang: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/,
  theme: /^(light|dark|auto)$/,
  layout: /^(bar|box)$/,
  position: /^(bottom|top|bottom-left|bottom-right|center)$/,
  variants: /^[A-Za-z0-9._-]{1,32}( [A-Za-z0-9._-]{1,32})*$/,
  'cookie-domain': /^\.?[A-Za-z0-9.-]{1,253}$/,
};
const consentAttributes = (searchParams) =>
  Object.entries(DEMO_ATTRIBUTES)
    .filter(([name, pattern]) => pattern.test(searchParams.get(name) ?? ''))
    .map(([name]) => ` ${name}="${name === 'region' ? searchParams.get(name).toUpperCase() : searchParams.get(name)}"`)
    .join('');

/**
 * The demo pages load Assent the documented way, through the small head part, which loads the
 * main script itself; `?loading=single` serves them with the main script alone instead.
 */
const HEAD_SCRIPT = '/assent/assent-head.js';
const MAIN_SCRIPT = '/assent/assent.iife.js';

/** Pages served with a strict, nonce-based Content-Security-Policy. */
const STRICT_CSP_PAGES = new Set(['/strict-csp.html']);
const strictCsp = (nonce) =>
  `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'; style-src 'self'; report-uri /csp-report`;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Map a request path to a file inside its served root, by name, or null if it would escape it. */
function resolveFile(pathname, site) {
  const [root, rel] = site === 'third-party'
    ? [THIRD_PARTY_ROOT, pathname]
    : pathname.startsWith('/assent/')
      ? [DIST_ROOT, pathname.slice('/assent'.length)]
      : pathname.startsWith('/third-party/')
        ? [null, '']
        : [DEMO_ROOT, pathname];
  if (!root) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(rel); // also turns %2e%2e / %2f into ".." / "/"
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(join(root, decoded.endsWith('/') ? `${decoded}index.html` : decoded));
  return file.startsWith(root + sep) ? { root, file } : null;
}

/**
 * The file's real path, every symlink on the way resolved, when it is still inside the real root;
 * null when it is not (a symlink in the served folder that points out of it) or does not exist.
 */
async function realFileInside({ root, file }) {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]).catch(() => []);
  return realFile?.startsWith(realRoot + sep) ? realFile : null;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function handle(req, res, site) {
  const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost');
  if (site.endpoint && pathname.startsWith('/api/')) return site.endpoint.routing(req, res);
  if (site.name === 'shop' && pathname === '/csp-report' && req.method === 'POST') {
    req.resume();
    return send(res, 204, '');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
  }
  const resolved = resolveFile(pathname, site.name);
  const file = resolved && (await realFileInside(resolved));
  if (!file) return send(res, 404, 'Not Found\n');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return send(res, 404, 'Not Found\n');
  if (site.name === 'third-party') {
    // A slow vendor, on request: shows that later scripts still wait for it.
    const delay = Math.min(Number(searchParams.get('delay')) || 0, 3000);
    if (delay) await new Promise((done) => setTimeout(done, delay));
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  // Module scripts from another origin need CORS.
  if (site.name === 'third-party') headers['Access-Control-Allow-Origin'] = '*';
  if (site.name === 'shop' && extname(file) === '.html') {
    const nonce = randomBytes(16).toString('base64');
    if (STRICT_CSP_PAGES.has(pathname)) headers['Content-Security-Policy'] = strictCsp(nonce);
    const page = (await readFile(file, 'utf8')).replace(THIRD_PARTY_PLACEHOLDER, site.thirdPartyOrigin).replace(NONCE_PLACEHOLDER, nonce).replace(CONSENT_ATTRIBUTES_PLACEHOLDER, consentAttributes(searchParams))
      .replace(HEAD_SCRIPT, searchParams.get('loading') === 'single' ? MAIN_SCRIPT : HEAD_SCRIPT);
    res.writeHead(200, { ...headers, 'Content-Length': Buffer.byteLength(page) });
    return res.end(req.method === 'HEAD' ? undefined : page);
  }
  res.writeHead(200, {
    ...headers,
    'Content-Length': info.size,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** Listens with `handler`; resolves to the address and a close function. */
function listen(handler, port, host) {
  const server = createServer((req, res) => {
    handler(req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, 'Internal Server Error\n')));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise({
        port: server.address().port,
        close: () =>
          new Promise((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

function urlHost(host) {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}

/**
 * Start the demo: the shop with the consent endpoint on `port` and the stand-in vendors on
 * `thirdPartyPort` (default: the next port). The vendors are addressed by IP while the shop is
 * visited by name, so they are a different site, as real vendors are. The endpoint stores records
 * in the SQLite file `database` (or PostgreSQL at `databaseUrl`). Resolves once all listen;
 * `port: 0` picks free ports.
 *
 * @param {{ port?: number, host?: string, thirdPartyPort?: number, database?: string, databaseUrl?: string,
 *   adminToken?: string, allowedOrigins?: string[], cookieDomain?: string, logger?: boolean, rateLimit?: false | { max: number, timeWindowMs: number } }} [options]
 */
export async function startDemoServer({
  port = 8080,
  host = '127.0.0.1',
  thirdPartyPort,
  database = process.env.ASSENT_DB || DEFAULT_SQLITE_PATH,
  databaseUrl = process.env.DATABASE_URL,
  adminToken = process.env.ASSENT_ADMIN_TOKEN,
  allowedOrigins = (process.env.ASSENT_ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
  cookieDomain = process.env.ASSENT_COOKIE_DOMAIN || undefined,
  logger = false,
  rateLimit,
} = {}) {
  const vendorHost = host === '0.0.0.0' || host === '::' || host === 'localhost' ? '127.0.0.1' : host;
  // The signing key lives beside the demo's database, as `npx assent-server` keeps it: receipts and
  // cookies stay valid across restarts. An in-memory database gets a key as short-lived as it is.
  const keys = database === ':memory:' && !databaseUrl ? ephemeralKeys() : (await loadServerKeys(join(dirname(resolve(database)), 'assent-key.json'))).keys;
  const store = await openStore({ databaseUrl, sqlitePath: database, keys });
  const endpoint = buildApp({ store, allowedOrigins, adminToken, cookieDomain, logger, ...(rateLimit === undefined ? {} : { rateLimit }) });
  await endpoint.ready();
  const closeEndpoint = async () => {
    await endpoint.close();
    await store.close();
  };
  const vendors = await listen((req, res) => handle(req, res, { name: 'third-party' }), thirdPartyPort ?? (port === 0 ? 0 : port + 1), host).catch(async (error) => {
    await closeEndpoint();
    throw error;
  });
  const thirdPartyOrigin = `http://${urlHost(vendorHost)}:${vendors.port}`;
  const shop = await listen((req, res) => handle(req, res, { name: 'shop', thirdPartyOrigin, endpoint }), port, host).catch(async (error) => {
    await Promise.all([vendors.close(), closeEndpoint()]);
    throw error;
  });
  return {
    url: `http://${urlHost(host)}:${shop.port}/`,
    port: shop.port,
    thirdPartyOrigin,
    close: async () => {
      await Promise.all([shop.close(), vendors.close()]);
      await closeEndpoint();
    },
  };
}

function cliPort(argv) {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw = i === -1 ? process.env.PORT : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const port = Number(raw ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${raw}`);
  return port;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const port = cliPort(process.argv.slice(2));
    const { port: actualPort, thirdPartyOrigin, close } = await startDemoServer({ port, host: process.env.HOST || '127.0.0.1', logger: true });
    console.log(`Assent demo storefront: http://localhost:${actualPort}/`);
    console.log(`Stand-in third-party vendors: ${thirdPartyOrigin}/`);
    console.log(`Consent endpoint: http://localhost:${actualPort}/api/consent (records in ${process.env.DATABASE_URL ? 'PostgreSQL' : process.env.ASSENT_DB || DEFAULT_SQLITE_PATH})`);
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => close().finally(() => process.exit(0)));
    }
  } catch (err) {
    console.error(`Assent demo server failed to start: ${err.message}`);
    process.exit(1);
  }
}
