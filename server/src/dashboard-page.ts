// The dashboard's HTML and the headers it is served with (docs/dashboard.md). The page is a shell
// for one script of the endpoint's own (dist/admin/dashboard.js, built from server/admin/), and
// loads nothing else from anywhere.
import { readFile } from 'node:fs/promises';

/**
 * Nothing but the endpoint's own script, its own API and Lit's constructed style sheets (which no
 * style-src governs); no inline script or style, no frame, no form posting elsewhere, and every
 * DOM sink behind Lit's Trusted Types policy.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:", // data: for the empty favicon, which spares a request that would 404
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DASHBOARD_CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

// Relative URLs throughout, so that the page also works behind a proxy that mounts the endpoint
// under a path prefix (/consent/admin loads /consent/admin/dashboard.js and calls /consent/api/…).
const shell = (body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Consent insights</title>
<link rel="icon" href="data:,">
${body}
</html>
`;

export const DASHBOARD_HTML = shell(`<script type="module" src="admin/dashboard.js"></script>
</head>
<body>
<assent-dashboard></assent-dashboard>
<noscript>The dashboard needs JavaScript.</noscript>
</body>`);

export const DASHBOARD_OFF_HTML = shell(`</head>
<body>
<h1>The dashboard is off</h1>
<p>It opens with the endpoint's admin token, and none is set. Make one and restart assent-server with it:</p>
<pre>(umask 077 &amp;&amp; openssl rand -hex 32 &gt; admin-token)
ASSENT_ADMIN_TOKEN_FILE=admin-token npx assent-server</pre>
<p>Then open this page again and sign in with the token.</p>
</body>`);

const BUNDLE = new URL('./admin/dashboard.js', import.meta.url);
let bundle: Promise<Buffer> | undefined;

/** The built dashboard script, read once. */
export function dashboardBundle(): Promise<Buffer> {
  bundle ??= readFile(BUNDLE).catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}
