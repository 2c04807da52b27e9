// Reads the source maps Vite writes for each bundle (dist/maps/ for the drop-in scripts), without a dependency: the Base64 VLQ
// mappings decoded line by line (https://tc39.es/ecma426/).
import { readFileSync } from 'node:fs';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one line's comma-separated Base64 VLQ segments into arrays of numbers. */
function decodeSegments(line) {
  return line.split(',').filter(Boolean).map((segment) => {
    const values = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = BASE64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    return values;
  });
}

/**
 * The mappings of a source map, line by line of the bundle: each segment's starting column and,
 * when it maps to a source, the index into `map.sources` and the line there (0-based).
 */
export function mappedLines(map) {
  let source = 0;
  let originalLine = 0;
  return map.mappings.split(';').map((line) => {
    let column = 0;
    return decodeSegments(line).map((values) => {
      column += values[0];
      if (values.length === 1) return { column };
      source += values[1];
      originalLine += values[2];
      return { column, source, line: originalLine };
    });
  });
}

/**
 * Maps a position in a bundle to its source: returns a function that takes a character offset
 * into `file` and answers "src/core/gate.ts:186" (node_modules shortened to the package path).
 */
export function sourceLocator(file, mapFile) {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const lineStarts = [0];
  for (let index = code.indexOf('\n'); index !== -1; index = code.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const lines = mappedLines(map);
  return (offset) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > offset) line--;
    const column = offset - lineStarts[line];
    const segment = (lines[line] ?? []).findLast((candidate) => candidate.column <= column && candidate.source !== undefined);
    if (!segment) return `${file.split('/').pop()}@${offset}`;
    const path = map.sources[segment.source].replace(/^(\.\.\/)+/, '').replace(/.*node_modules\//, '');
    return `${path}:${segment.line + 1}`;
  };
}
