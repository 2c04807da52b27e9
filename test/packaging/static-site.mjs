// A plain static web host for a folder, as a shop's host serves its files: the query of a URL is
// ignored (Shopify's and WordPress's `?v=` / `?ver=` are only cache keys), and `/api/` can be passed
// on to an endpoint running elsewhere, as a reverse proxy would.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as forward } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };

/**
 * Serves `root` on a free port of 127.0.0.1. `api` is the origin requests under /api/ go to.
 * Resolves to `{ url, requests, close }`; `requests` lists every path with its query, in order.
 */
export function serveFolder(root, { api } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const { pathname } = new URL(req.url, 'http://host');
    if (api && pathname.startsWith('/api/')) return proxy(req, res, api);
    const file = normalize(join(root, decodeURIComponent(pathname.endsWith('/') ? `${pathname}index.html` : pathname)));
    const info = file.startsWith(root + sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('Not Found\n');
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        requests,
        close: () => new Promise((done) => server.close(done).closeAllConnections()),
      }),
    ),
  );
}

function proxy(req, res, origin) {
  const target = new URL(req.url, origin);
  const upstream = forward(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('Bad Gateway\n');
  });
  req.pipe(upstream);
}
