// Builds each translation in src/ui/i18n/messages/<code>.json into dist/drop-in/assent-lang-<code>.js:
// a classic script that hands its texts to the page's Assent (src/ui/i18n/language-files.ts) when
// loaded. It sits beside the other scripts, since the drop-in folder has no subfolders.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const source = new URL('../src/ui/i18n/messages/', import.meta.url);
const target = new URL('../dist/drop-in/', import.meta.url);
// The byte order mark makes browsers read the file as UTF-8 whatever the page's own encoding.
const BOM = '\uFEFF';
/** The name the main script asks for (src/ui/i18n/language-files.ts). */
const languageFileName = (code) => `assent-lang-${code}.js`;

mkdirSync(target, { recursive: true });
const files = readdirSync(source).filter((name) => name.endsWith('.json'));
for (const file of files) {
  const code = file.slice(0, -'.json'.length);
  const messages = JSON.parse(readFileSync(new URL(file, source), 'utf8'));
  const script = `${BOM}globalThis[Symbol.for("assent.messages")]?.(${JSON.stringify(code)},${JSON.stringify(messages)});\n`;
  writeFileSync(new URL(languageFileName(code), target), script);
}
console.log(`built ${files.length} language files into dist/drop-in/ (${languageFileName('<code>')})`);
