import type { AuditReport, PassReport, Screenshots } from './types.js';

const escapeHtml = (text: unknown) =>
  String(text).replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; } h3 { font-size: 1rem; }
.ok { color: #116329; } .fail { color: #b3261e; } .warn { color: #7a4f00; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
th, td { text-align: left; border-bottom: 1px solid #d0d0d7; padding: .25rem .5rem; vertical-align: top; overflow-wrap: anywhere; }
img { max-width: 100%; border: 1px solid #d0d0d7; }
code { font-size: 13px; }
`;

function table(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  if (rows.length === 0) return '<p>None.</p>';
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell ?? '')}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function passSection(pass: PassReport, screenshot: Buffer | undefined): string {
  const status = pass.ok ? '<span class="ok">✓ every rule holds</span>' : '<span class="fail">✗ a rule failed</span>';
  const findings = pass.findings.length
    ? `<ul>${pass.findings.map((finding) => `<li class="${finding.severity}">[${escapeHtml(finding.rule)}] ${escapeHtml(finding.message)}</li>`).join('')}</ul>`
    : '';
  const image = screenshot ? `<img alt="${escapeHtml(`Screenshot at the end of: ${pass.title}`)}" src="data:image/jpeg;base64,${screenshot.toString('base64')}">` : '';
  const state = pass.state ? `${pass.state.method} #${pass.state.revision}: ${Object.entries(pass.state.decisions).map(([name, on]) => `${name} ${on ? 'on' : 'off'}`).join(', ')}` : 'none';
  const consentMode = pass.consentMode
    ? table(['signal', 'in force'], Object.entries(pass.consentMode.effective))
    : '<p>No Consent Mode commands in the dataLayer.</p>';
  const buttons = pass.banner ? ([['Accept all', pass.banner.accept], ['Reject all', pass.banner.reject]] as const) : [];
  const banner = buttons.length
    ? table(
        ['button', 'text', 'size', 'contrast', 'position'],
        buttons.flatMap(([name, button]) => (button ? [[name, button.text, `${Math.round(button.box.width)} × ${Math.round(button.box.height)} px`, `${button.contrast}:1`, button.order + 1]] : [])),
      )
    : '';
  return `
<section id="${escapeHtml(pass.id)}">
  <h2>${escapeHtml(pass.title)} — ${status}</h2>
  ${findings}
  <p>Steps: ${escapeHtml(pass.steps.join('; '))}. Decision at the end: ${escapeHtml(state)}.</p>
  ${image}
  ${banner ? `<h3>What the banner offered</h3>${banner}` : ''}
  <h3>Requests to other sites</h3>
  ${table(['phase', 'vendor', 'category', 'type', 'URL', 'started by'], pass.requests.map((request) => [request.phase, request.vendor, request.categories?.join(' + ') ?? request.usualCategory ?? '', request.type, request.url, request.initiator ?? request.frame ?? '']))}
  <h3>Cookies</h3>
  ${table(['name', 'domain', 'party', 'since', 'vendor', 'category', 'set by'], pass.cookies.map((cookie) => [cookie.name, cookie.domain, cookie.party, cookie.since, cookie.vendor ?? '', cookie.categories?.join(' + ') ?? cookie.usualCategory ?? '', cookie.setBy ?? '']))}
  <h3>localStorage and sessionStorage</h3>
  ${table(['key', 'area', 'origin', 'since', 'set by'], pass.storage.map((item) => [item.key, item.area, item.origin, item.since, item.setBy ?? '']))}
  <h3>IndexedDB</h3>
  ${table(['database', 'stores'], pass.indexedDB.map((database) => [database.name, database.stores.map(({ name, keys }) => `${name} (${keys.join(', ')})`).join('; ')]))}
  <h3>Consent Mode</h3>
  ${consentMode}
</section>`;
}

/** A self-contained HTML report: the summary, then each pass with its screenshot as a data URL. */
export function htmlReport(report: AuditReport, screenshots: Screenshots): string {
  const failed = report.findings.filter(({ severity }) => severity === 'fail').length;
  const verdict = failed ? `<p class="fail">${failed} problem(s) found (exit code 1).</p>` : '<p class="ok">Every rule holds (exit code 0).</p>';
  const rows = report.passes.map(
    (pass) => `<tr><td><a href="#${escapeHtml(pass.id)}">${escapeHtml(pass.title)}</a></td><td class="${pass.ok ? 'ok' : 'fail'}">${pass.ok ? '✓' : '✗'}</td><td>${pass.requests.length}</td><td>${pass.cookies.length}</td></tr>`,
  );
  const overview = `<table><thead><tr><th>pass</th><th>result</th><th>requests to other sites</th><th>cookies</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`Assent audit of ${report.url}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(`Assent audit of ${report.url}`)}</h1>
<p>${escapeHtml(`${report.startedAt}, ${(report.durationMs / 1000).toFixed(1)} s, ${report.browser}, ${report.tool}.`)}</p>
${verdict}
${overview}
${report.passes.map((pass) => passSection(pass, screenshots.get(pass.id))).join('\n')}
</body>
</html>
`;
}
