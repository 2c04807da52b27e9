// The documentation stands on its own: every relative link and anchor in the Markdown files
// resolves, every repository path that code or docs cite exists, and nothing cites a file the
// repository does not hold.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { headingSlugs, markdownLinks } from './markdown.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && existsSync(join(ROOT, file)));
const markdown = tracked.filter((file) => file.endsWith('.md'));
const text = (file) => readFileSync(join(ROOT, file), 'utf8');

test('the README, docs/ and every other Markdown file are found', () => {
  for (const file of ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'SECURITY.md', 'docs/README.md', 'server/README.md', 'bench/README.md']) {
    assert.ok(markdown.includes(file), `${file} exists`);
  }
});

test('every relative link and anchor in the Markdown files resolves', () => {
  const broken = [];
  for (const file of markdown) {
    for (const { target, line } of markdownLinks(text(file))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const [path, anchor] = splitAnchor(target);
      const resolved = path ? join(dirname(join(ROOT, file)), decodeURIComponent(path)) : join(ROOT, file);
      const where = `${file}:${line} → ${target}`;
      if (!existsSync(resolved)) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (anchor === undefined) continue;
      if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
        broken.push(`${where} (an anchor into something that is not a Markdown file)`);
        continue;
      }
      if (!headingSlugs(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) broken.push(`${where} (no heading #${anchor} in ${relative(ROOT, resolved)})`);
    }
  }
  assert.deepEqual(broken, []);
});

test('every repository path that code, tests or docs cite exists', () => {
  const cited = /(?<![\w/.-])((?:docs|src|server|scripts|test|bench|demo)\/[\w/.-]*\.(?:md|ts|mjs|js|json|html))\b/g;
  const missing = [];
  // Recipes and the packaging test write example projects, whose src/ is not the repository's.
  const examples = /^(docs\/recipes|test\/packaging)\//;
  for (const file of tracked.filter((name) => /\.(ts|mjs|js|md|html)$/.test(name) && !examples.test(name) && !name.startsWith('bench/RESULTS'))) {
    const lines = text(file).split('\n');
    lines.forEach((line, index) => {
      for (const [, path] of line.matchAll(cited)) {
        if (existsSync(join(ROOT, path)) || existsSync(join(ROOT, dirname(file), path))) continue;
        missing.push(`${file}:${index + 1} cites ${path}`);
      }
    });
  }
  assert.deepEqual(missing, []);
});

test('no file cites an interface document outside the repository', () => {
  // Spelt in two parts so that this file does not cite it either.
  const outside = new RegExp(`${'CONTRA'}CT(\\.md|\\s*§)`);
  const citing = tracked.filter((file) => !/\.(png|jpe?g|ico|woff2?)$/.test(file) && outside.test(text(file)));
  assert.deepEqual(citing, []);
});

function splitAnchor(target) {
  const hash = target.indexOf('#');
  return hash === -1 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}
