/**
 * Writing PostgreSQL COPY TEXT rows (the inverse of integrity/copy-text.ts's parser):
 * tab-separated, `\N` for NULL, and backslash escapes for the characters that would
 * otherwise end a field or a row.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + copyField(values[i]);
  return `${line}\n`;
}

/**
 * A jsonb value as Python's json.dumps writes it (printable ASCII: no tab, newline or
 * carriage return) as a COPY TEXT field: only `\` needs escaping, so the common case costs
 * one scan.
 */
export function copyJson(json: string | null): string {
  if (json === null) return '\\N';
  return json.indexOf('\\') === -1 ? json : json.replaceAll('\\', '\\\\');
}

/** A PostgreSQL text[] literal such as `{read,write}` (values here are plain words). */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}
