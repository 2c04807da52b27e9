// The tables on show as one CSV file, one line per cell (table, row, column, value), so that any
// spreadsheet can filter and pivot it. Numbers are written as they came: counts whole, shares as
// fractions (0.4545).
import type { Cell, DataTable } from './tables.js';

export function tablesCsv(tables: readonly DataTable[]): string {
  const lines = [['table', 'row', 'column', 'value']];
  for (const table of tables) {
    for (const row of table.rows) {
      table.columns.forEach((column, index) => {
        if (index > 0) lines.push([table.caption, String(row[0]), column.label, csvValue(row[index] ?? null)]);
      });
    }
  }
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvValue(cell: Cell): string {
  return cell === null ? '' : String(cell);
}

/**
 * RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would run as a formula: values
 * such as a variant come from shoppers' browsers.
 */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
