// The two origins of the peer benchmark, served by node:http:
// - the shop (http://localhost:<port>): the benchmark pages, the shared storefront stylesheet and
//   each consent system's files, mounted from node_modules/ and dist/;
// - the vendors (http://127.0.0.1:<port + 1>): analytics.js and marketing.js, two stand-in
//   third-party scripts that record when they ran. Addressed by IP, they are another site.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const PEERS_ROOT = fileURLToPath(new URL('.', import.meta.url));
const PAGES_ROOT = join(PEERS_ROOT, 'pages');
const STOREFRONT_CSS = join(PEERS_ROOT, 'storefront.css');
const STOREFRONT_MARKUP = join(PEERS_ROOT, 'storefront.html');

/** Where a page asks for the shared storefront markup. */
const STOREFRONT_INCLUDE = '<!--#include storefront-->';
/** Where a page names the vendors' origin. */
const VENDOR_PLACEHOLDER = /%VENDOR%/g;

export const VENDOR_SCRIPTS = ['analytics', 'marketing'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Text is served gzipped, as any shop's web server or CDN would. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg']);

/**
 * Pages and the storefront stylesheet are revalidated on every visit; the consent systems' files
 * and the vendor scripts may be cached for an hour, so a returning visitor loads them from cache.
 */
const PAGE_CACHING = 'no-cache';
const ASSET_CACHING = 'public, max-age=3600';

function vendorScript(name) {
  return `(window.benchRan ||= {})[${JSON.stringify(name)}] = performance.now();\n`;
}

/** The file under `root` that `relative` names, or null if it would leave `root`. */
function fileInside(root, relative) {
  let decoded;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(join(root, decoded));
  return file.startsWith(root + sep) ? file : null;
}

/** Maps a shop path to a file: a mount prefix ("/vendor/klaro/") or a page at the top level. */
function shopFile(pathname, mounts) {
  if (pathname === '/storefront.css') return STOREFRONT_CSS;
  for (const [prefix, root] of Object.entries(mounts)) {
    if (pathname.startsWith(prefix)) return fileInside(resolve(root), pathname.slice(prefix.length));
  }
  return pathname.endsWith('.html') ? fileInside(PAGES_ROOT, pathname.slice(1)) : null;
}

function reply(req, res, status, body, { type = 'text/plain; charset=utf-8', caching = 'no-store', gzipped = null, extraHeaders = {} } = {}) {
  const useGzip = gzipped && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const payload = useGzip ? gzipped : body;
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': caching,
    'Content-Length': payload.length,
    ...(gzipped ? { Vary: 'Accept-Encoding' } : {}),
    ...(useGzip ? { 'Content-Encoding': 'gzip' } : {}),
    ...extraHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/** A benchmark page with the storefront markup and the vendors' origin filled in. */
async function renderPage(file, vendorOrigin) {
  const [page, storefront] = await Promise.all([readFile(file, 'utf8'), readFile(STOREFRONT_MARKUP, 'utf8')]);
  const body = Buffer.from(page.replace(STOREFRONT_INCLUDE, storefront).replace(VENDOR_PLACEHOLDER, vendorOrigin));
  return { body, gzipped: gzipSync(body) };
}

/** The file's bytes, and gzipped when it is text; kept in memory, as they do not change during a run. */
function fileCache() {
  const cache = new Map();
  return async (file) => {
    if (!cache.has(file)) {
      const body = await readFile(file);
      cache.set(file, { body, gzipped: COMPRESSIBLE.has(extname(file).toLowerCase()) ? gzipSync(body) : null });
    }
    return cache.get(file);
  };
}

function shopHandler(mounts, vendorOrigin) {
  const readCached = fileCache();
  return async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const file = shopFile(pathname, mounts);
    const extension = extname(file ?? '').toLowerCase();
    const isPage = extension === '.html';
    const content = file && (await (isPage ? renderPage(file, vendorOrigin()) : readCached(file)).catch(() => null));
    if (!content) return reply(req, res, 404, 'Not Found\n');
    reply(req, res, 200, content.body, {
      type: TYPES[extension] ?? 'application/octet-stream',
      caching: isPage || file === STOREFRONT_CSS ? PAGE_CACHING : ASSET_CACHING,
      gzipped: content.gzipped,
    });
  };
}

function vendorHandler() {
  return async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const name = VENDOR_SCRIPTS.find((script) => pathname === `/${script}.js`);
    if (!name) return reply(req, res, 404, 'Not Found\n');
    reply(req, res, 200, Buffer.from(vendorScript(name)), {
      type: TYPES['.js'],
      caching: ASSET_CACHING,
      extraHeaders: { 'Access-Control-Allow-Origin': '*' },
    });
  };
}

function listen(handler, port) {
  const server = createServer((req, res) => {
    handler(req, res).catch(() => (res.headersSent ? res.destroy() : reply(req, res, 500, 'Internal Server Error\n')));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise({
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Picks a free port whose successor is free too, and listens on both (shop, vendors). */
async function listenOnAdjacentPorts(shop, vendors) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await listen(shop, 0);
    const second = await listen(vendors, first.port + 1).catch(() => null);
    if (second) return [first, second];
    await first.close();
  }
  throw new Error('no two adjacent free ports found');
}

/**
 * Starts both origins. `mounts` maps URL prefixes on the shop ("/vendor/klaro/") to folders.
 * Resolves to both origins and a close function.
 */
export async function startBenchServer({ mounts }) {
  let vendorOrigin = ''; // known once the vendors listen, before any page is asked for
  const [shop, vendors] = await listenOnAdjacentPorts(shopHandler(mounts, () => vendorOrigin), vendorHandler());
  vendorOrigin = `http://127.0.0.1:${vendors.port}`;
  return {
    shopOrigin: `http://localhost:${shop.port}`,
    vendorOrigin,
    close: () => Promise.all([shop.close(), vendors.close()]),
  };
}
