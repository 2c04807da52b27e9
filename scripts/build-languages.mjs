// Builds each translation in src/ui/i18n/messages/<code>.json into dist/i18n/<code>.js: a classic
// script that hands its texts to the page's Assent (src/ui/i18n/language-files.ts) when loaded.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const source = new URL('../src/ui/i18n/messages/', import.meta.url);
const target = new URL('../dist/i18n/', import.meta.url);
// The byte order mark makes browsers read the file as UTF-8 whatever the page's own encoding.
const BOM = '\uFEFF';

mkdirSync(target, { recursive: true });
const files = readdirSync(source).filter((name) => name.endsWith('.json'));
for (const file of files) {
  const code = file.slice(0, -'.json'.length);
  const messages = JSON.parse(readFileSync(new URL(file, source), 'utf8'));
  const script = `${BOM}globalThis[Symbol.for("assent.messages")]?.(${JSON.stringify(code)},${JSON.stringify(messages)});\n`;
  writeFileSync(new URL(`${code}.js`, target), script);
}
console.log(`built ${files.length} language files into dist/i18n/`);
