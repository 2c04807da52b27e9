// The audit's broken shops (test/fixtures/audit/) on a real HTTP server, with the built drop-in
// folder at /assent/, and their stand-in vendors on a second server: the pages are visited as
// http://localhost:<port>/ and the vendors answer at http://127.0.0.1:<other port>/, another site.
// /head-only/ holds assent-head.js without the main script beside it.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const FIXTURES = new URL('../fixtures/audit/', import.meta.url).pathname;
const DROP_IN = new URL('../../dist/drop-in/', import.meta.url).pathname;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

function listen(handler) {
  const server = createServer((req, res) => handler(req, res).catch(() => res.writeHead(500).end()));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A file of `root`; HTML gets the vendors' origin in place of %VENDOR%. */
async function serveFile(res, root, pathname, vendorOrigin) {
  const base = root.endsWith(sep) ? root : root + sep;
  const file = normalize(join(base, decodeURIComponent(pathname)));
  const body = file.startsWith(base) ? await readFile(file).catch(() => null) : null;
  if (!body) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const text = type.startsWith('text/html') ? body.toString('utf8').replaceAll('%VENDOR%', vendorOrigin) : body;
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(text);
}

/** Starts both servers; resolves to `{ page(name), vendorOrigin, close() }`. */
export async function startFixtureServer() {
  const vendors = await listen(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://vendor');
    if (pathname === '/collect') return res.writeHead(204).end();
    return serveFile(res, join(FIXTURES, 'vendor'), pathname, '');
  });
  const vendorOrigin = `http://127.0.0.1:${vendors.address().port}`;
  const shop = await listen(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://shop');
    if (pathname.startsWith('/assent/')) return serveFile(res, DROP_IN, pathname.slice('/assent/'.length), vendorOrigin);
    // A folder where the head part was uploaded without the main script beside it.
    if (pathname === '/head-only/assent-head.js') return serveFile(res, DROP_IN, 'assent-head.js', vendorOrigin);
    return serveFile(res, FIXTURES, pathname, vendorOrigin);
  });
  const close = (server) => new Promise((done) => server.close(done).closeAllConnections());
  return {
    page: (name) => `http://localhost:${shop.address().port}/${name}`,
    vendorOrigin,
    close: () => Promise.all([close(shop), close(vendors)]),
  };
}
