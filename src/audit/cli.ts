#!/usr/bin/env node
// `npx assent audit <url>`: the `assent` package's command line. Exit codes: 0 every rule holds,
// 1 a rule failed, 2 the page could not be audited (or the command was wrong).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCommand, type AuditOptions } from './arguments.js';
import { audit } from './audit.js';
import { AuditError } from './audit-error.js';
import { declarationMarkup } from './declaration.js';
import { findChrome } from './find-chrome.js';
import { htmlReport } from './report-html.js';
import { COLOURED, PLAIN, textSummary } from './report-text.js';

const NOT_AUDITED = 2;

/** The installed package's version (dist/node/audit/cli.js → package.json). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** A report file's folder must exist before a run of many seconds, not after it. */
function unwritable({ json, html }: AuditOptions): string | undefined {
  for (const [option, path] of [['--json', json], ['--html', html]] as const) {
    if (path === undefined) continue;
    const folder = dirname(resolve(path));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) return `${option} ${path}: the folder ${folder} does not exist.`;
  }
  return undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.kind === 'help') {
    process.stdout.write(command.text);
    return 0;
  }
  if (command.kind === 'usage-error') {
    process.stderr.write(`assent: ${command.message}\n`);
    return NOT_AUDITED;
  }
  const { options } = command;
  const problem = unwritable(options);
  if (problem) {
    process.stderr.write(`assent audit: ${problem}\n`);
    return NOT_AUDITED;
  }
  const chrome = findChrome();
  if ('problem' in chrome) {
    process.stderr.write(`assent audit: ${chrome.problem}\n`);
    return NOT_AUDITED;
  }
  let result;
  try {
    result = await audit(options, chrome.path, `assent audit ${packageVersion()}`);
  } catch (error) {
    const message = error instanceof AuditError ? error.message : `the audit stopped: ${(error as Error).message.split('\n')[0]}`;
    process.stderr.write(`assent audit: ${message}\n`);
    return NOT_AUDITED;
  }
  const { report, screenshots } = result;
  const coloured = process.stdout.isTTY && !process.env['NO_COLOR'];
  process.stdout.write(`${textSummary(report, coloured ? COLOURED : PLAIN)}\n`);
  if (options.declare) process.stdout.write(`\n${declarationMarkup(report.declaration, report.assent)}\n`);
  try {
    if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    if (options.html) writeFileSync(options.html, htmlReport(report, screenshots));
  } catch (error) {
    process.stderr.write(`assent audit: could not write the report: ${(error as Error).message}\n`);
    return NOT_AUDITED;
  }
  return report.exitCode;
}

process.exitCode = await main(process.argv.slice(2));
