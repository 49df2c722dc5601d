/**
 * CSV as RFC 4180 writes it: fields with a comma, quote or line break are quoted, quotes doubled,
 * lines ended by CRLF. A field that starts with =, +, - or @ is prefixed with a quote mark so that
 * a spreadsheet shows it as text instead of running it as a formula.
 */
export type CsvValue = string | number | boolean | null | undefined;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
