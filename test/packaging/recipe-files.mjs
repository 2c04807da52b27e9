// The runnable example of a recipe in docs/recipes/: every fenced code block whose info string names
// a file (```js file=src/main.js), as { 'src/main.js': '…' }. The test runs exactly what the page shows.
import { readFileSync } from 'node:fs';

const RECIPES = new URL('../../docs/recipes/', import.meta.url);

export function recipeFiles(name) {
  const markdown = readFileSync(new URL(name, RECIPES), 'utf8');
  const files = {};
  for (const [, path, body] of markdown.matchAll(/^```[\w-]*[ \t]+file=(\S+)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)) {
    if (path in files) throw new Error(`${name} shows ${path} twice`);
    files[path] = body;
  }
  if (Object.keys(files).length === 0) throw new Error(`${name} marks no code block with file=`);
  return files;
}
