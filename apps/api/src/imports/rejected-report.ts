import type { ImportRejectedRow } from '@ascolto/persistence';

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) gets a
 * leading apostrophe; every cell is quoted, with quotes doubled. Reasons are ours, but they
 * may name a field or a header from the file, which a stranger wrote.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** The rejected rows of an import as CSV: `row,reason`, CRLF line ends, UTF-8 with a BOM for Excel. */
export function rejectedRowsCsv(rows: readonly ImportRejectedRow[], truncatedFrom?: number): string {
  const lines = ['row,reason', ...rows.map((r) => `${csvCell(r.row)},${csvCell(r.reason)}`)];
  if (truncatedFrom !== undefined && truncatedFrom > rows.length) {
    lines.push(`${csvCell('…')},${csvCell(`${truncatedFrom - rows.length} more rejected rows are not listed`)}`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
