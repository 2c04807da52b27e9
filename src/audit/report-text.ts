import type { AuditReport, Finding, PassReport } from './types.js';

export interface TextStyle {
  readonly good: (text: string) => string;
  readonly bad: (text: string) => string;
  readonly note: (text: string) => string;
  readonly strong: (text: string) => string;
}

const plain = (text: string) => text;
export const PLAIN: TextStyle = { good: plain, bad: plain, note: plain, strong: plain };
export const COLOURED: TextStyle = {
  good: (text) => `\x1b[32m${text}\x1b[39m`,
  bad: (text) => `\x1b[31m${text}\x1b[39m`,
  note: (text) => `\x1b[33m${text}\x1b[39m`,
  strong: (text) => `\x1b[1m${text}\x1b[22m`,
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function assentLine({ assent }: AuditReport): string {
  if (!assent.found) return 'Assent: not on this page. Observed one visit without clicking anything.';
  if (!assent.regime) return 'Assent: on this page but never ready. Observed one visit without clicking anything.';
  const categories = (assent.categories ?? []).map(({ name, sale }) => (sale ? `${name} (sale)` : name)).join(', ') || 'none';
  return `Assent: ${assent.regime} regime; categories: ${categories}; Consent Mode ${assent.consentMode ? 'on' : 'off'}.`;
}

function passLine(pass: PassReport, style: TextStyle): string {
  const mark = pass.ok ? style.good('✓') : style.bad('✗');
  const counts = `${plural(pass.requests.length, 'request')} to other sites, ${plural(pass.cookies.length, 'cookie')}`;
  return `${mark} ${pass.title.padEnd(44)} ${style.note(counts)}`;
}

function findingLine(finding: Finding, style: TextStyle): string {
  const mark = finding.severity === 'fail' ? style.bad('✗') : style.note('!');
  return `    ${mark} [${finding.rule}] ${finding.message}`;
}

function vendorLines(report: AuditReport): string[] {
  const accepted = report.passes.find(({ id }) => id === 'accept-all');
  if (!accepted?.vendorsByCategory) return [];
  const lines = ['', 'After Accept all, other sites by category:'];
  for (const [category, vendors] of Object.entries(accepted.vendorsByCategory)) {
    for (const { vendor, urls } of vendors) {
      const files = urls.map((url) => url.replace(/^[a-z]+:\/\/[^/]+/, '')).join(', ');
      lines.push(`  ${category.padEnd(14)} ${vendor}: ${files}`);
    }
  }
  return lines;
}

/** The readable summary printed to the terminal. */
export function textSummary(report: AuditReport, style: TextStyle): string {
  const lines = [style.strong(`assent audit ${report.url}`), assentLine(report), ''];
  for (const pass of report.passes) {
    lines.push(passLine(pass, style));
    for (const finding of pass.findings) lines.push(findingLine(finding, style));
  }
  lines.push(...vendorLines(report));
  const failed = report.findings.filter(({ severity }) => severity === 'fail');
  const warned = report.findings.length - failed.length;
  const seconds = (report.durationMs / 1000).toFixed(1);
  const warnings = warned ? `, ${plural(warned, 'warning')}` : '';
  lines.push(
    '',
    failed.length
      ? style.bad(`${plural(failed.length, 'problem')} found${warnings} (exit code 1). ${seconds} s.`)
      : style.good(`Every rule holds${warnings} (exit code 0). ${seconds} s.`),
  );
  return lines.join('\n');
}
