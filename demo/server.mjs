// Assent demo storefront: a tiny, dependency-free static file server (Node 20+).
// Serves demo/ at "/" and the built library in dist/ at "/assent/".
// Usage: node demo/server.mjs [--port N]   (env: PORT, HOST; default 127.0.0.1:8080)
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEMO_ROOT = dirname(fileURLToPath(import.meta.url));
const DIST_ROOT = resolve(DEMO_ROOT, '..', 'dist');

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

/** Map a request path to a file inside its served root, or null if it would escape it. */
function resolveFile(pathname) {
  const [root, rel] = pathname.startsWith('/assent/')
    ? [DIST_ROOT, pathname.slice('/assent'.length)]
    : [DEMO_ROOT, pathname];
  let decoded;
  try {
    decoded = decodeURIComponent(rel); // also turns %2e%2e / %2f into ".." / "/"
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(join(root, decoded.endsWith('/') ? `${decoded}index.html` : decoded));
  return file.startsWith(root + sep) ? file : null;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
  }
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const file = resolveFile(pathname);
  if (!file) return send(res, 404, 'Not Found\n');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return send(res, 404, 'Not Found\n');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** Start the demo server. Resolves once listening; `port: 0` picks a free port. */
export function startDemoServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, 'Internal Server Error\n')));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: actualPort } = server.address();
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolvePromise({
        url: `http://${shownHost}:${actualPort}/`,
        port: actualPort,
        close: () =>
          new Promise((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
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
    const { port: actualPort, close } = await startDemoServer({ port, host: process.env.HOST || '127.0.0.1' });
    console.log(`Assent demo storefront: http://localhost:${actualPort}/`);
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => close().finally(() => process.exit(0)));
    }
  } catch (err) {
    console.error(`Assent demo server failed to start: ${err.message}`);
    process.exit(1);
  }
}
