/**
 * PostgreSQL's COPY TEXT format, as `COPY … TO STDOUT` writes it (client_encoding UTF8):
 * one row per line ending in `\n`, columns separated by a tab, `\N` for NULL, and inside a
 * value the escapes `\b \f \n \r \t \v \\`, `\ooo` (1–3 octal digits) and `\xhh` (1–2 hex
 * digits) for bytes, any other escaped character standing for itself.
 *
 * The parser takes the byte chunks of the stream as they come (a row may span chunks) and
 * decodes each run of complete rows as UTF-8 in one call; a row without a backslash is
 * split natively, no per-character work in JavaScript.
 */
import { isUtf8 } from 'node:buffer';
import { verifyDbV1Values } from './db-v1';
import type { DbV1Result } from './db-v1';

export type CopyRow = (string | null)[];

export class CopyTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyTextError';
  }
}

const BACKSLASH = 0x5c;

function isOctal(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Appends the UTF-8 bytes of a string to a byte list. */
function pushUtf8(bytes: number[], s: string): void {
  for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
}

/**
 * De-escapes one COPY TEXT value that contains a backslash (not the `\N` marker). Bytes
 * given as `\ooo` or `\xhh` are taken as UTF-8, as PostgreSQL reads them in a UTF8
 * client encoding, and must form valid UTF-8 with the text around them.
 */
function unescapeValue(raw: string): string {
  const n = raw.length;
  let out = '';
  let bytes: number[] | null = null; // used once an escape gave a byte >= 0x80
  let start = 0; // start of the text not yet copied
  let i = raw.indexOf('\\');
  while (i !== -1) {
    if (i > start) {
      if (bytes === null) out += raw.slice(start, i);
      else pushUtf8(bytes, raw.slice(start, i));
    }
    if (i + 1 === n) {
      // A backslash that ends the value: PostgreSQL drops it.
      start = n;
      break;
    }
    const c = raw.charCodeAt(i + 1);
    let next = i + 2; // first character after the escape
    let value = -1; // the character (or, when isByte, the byte) the escape stands for
    let isByte = false;
    switch (c) {
      case 0x62:
        value = 0x08;
        break; // \b
      case 0x66:
        value = 0x0c;
        break; // \f
      case 0x6e:
        value = 0x0a;
        break; // \n
      case 0x72:
        value = 0x0d;
        break; // \r
      case 0x74:
        value = 0x09;
        break; // \t
      case 0x76:
        value = 0x0b;
        break; // \v
      case 0x78: {
        // \xh or \xhh; a plain 'x' when no hex digit follows
        const h1 = hexValue(raw.charCodeAt(next));
        if (h1 >= 0) {
          next++;
          const h2 = hexValue(raw.charCodeAt(next));
          if (h2 >= 0) next++;
          value = h2 >= 0 ? (h1 << 4) | h2 : h1;
          isByte = true;
        }
        break;
      }
      default:
        if (isOctal(c)) {
          // \o, \oo or \ooo
          value = c - 0x30;
          if (isOctal(raw.charCodeAt(next))) {
            value = (value << 3) + raw.charCodeAt(next++) - 0x30;
            if (isOctal(raw.charCodeAt(next))) value = ((value << 3) + raw.charCodeAt(next++) - 0x30) & 0xff;
          }
          isByte = true;
        }
    }
    if (value === -1) {
      // Any other character stands for itself: it starts the next run of plain text
      // (which keeps a surrogate pair whole), and is not itself an escape.
      start = i + 1;
      i = raw.indexOf('\\', i + 2);
      continue;
    }
    if (isByte && value === 0) throw new CopyTextError('invalid byte sequence for encoding "UTF8": 0x00');
    if (isByte && value >= 0x80 && bytes === null) bytes = [...Buffer.from(out, 'utf8')];
    if (bytes === null) out += String.fromCharCode(value);
    else bytes.push(value);
    start = next;
    i = raw.indexOf('\\', next);
  }
  if (start < n) {
    if (bytes === null) out += raw.slice(start);
    else pushUtf8(bytes, raw.slice(start));
  }
  if (bytes === null) return out;
  const buf = Buffer.from(bytes);
  if (!isUtf8(buf)) throw new CopyTextError('invalid byte sequence for encoding "UTF8" in an escaped value');
  return buf.toString('utf8');
}

/** True when `s` ends with an odd number of backslashes (the last one escapes what follows). */
function endsWithEscape(s: string): boolean {
  let k = s.length - 1;
  while (k >= 0 && s.charCodeAt(k) === BACKSLASH) k--;
  return (s.length - 1 - k) % 2 === 1;
}

/**
 * Splits one COPY TEXT row (without its `\n`) into values: strings, null for `\N`.
 * A backslash before a raw tab makes the tab part of the value, as PostgreSQL reads it
 * (COPY TO never writes that; it writes `\t`).
 */
export function parseCopyTextRow(row: string): CopyRow {
  const parts: CopyRow = row.split('\t');
  if (row.indexOf('\\') === -1) return parts;
  let w = 0;
  for (let k = 0; k < parts.length; k++) {
    let p = parts[k] as string;
    if (p.indexOf('\\') !== -1) {
      while (k + 1 < parts.length && endsWithEscape(p)) p = p + '\t' + (parts[++k] as string);
      parts[w++] = p === '\\N' ? null : unescapeValue(p);
    } else {
      parts[w++] = p;
    }
  }
  parts.length = w;
  return parts;
}

/**
 * Cuts a stream of COPY chunks into regions of complete rows (each region ends with `\n`),
 * keeping the partial row at the end of a chunk for the next one. A region may still end
 * inside a row when its last newline was escaped: `giveBack` returns that tail.
 */
export class CopyRegions {
  private pending: Buffer[] = [];
  private pendingLength = 0;

  /** The complete rows this chunk finishes (with what earlier chunks left), or null when it finishes none. */
  take(chunk: Uint8Array): Buffer | null {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl === -1) {
      if (buf.length > 0) {
        this.pending.push(Buffer.from(buf)); // a copy: the stream may reuse the chunk
        this.pendingLength += buf.length;
      }
      return null;
    }
    let region = buf.subarray(0, lastNl + 1);
    if (this.pendingLength > 0) {
      this.pending.push(region);
      region = Buffer.concat(this.pending, this.pendingLength + region.length);
      this.pending = [];
      this.pendingLength = 0;
    }
    if (lastNl + 1 < buf.length) {
      // Copy the partial row: the chunk's memory may be reused by the stream.
      this.pending.push(Buffer.from(buf.subarray(lastNl + 1)));
      this.pendingLength = buf.length - lastNl - 1;
    }
    return region;
  }

  /** Puts back the end of a region that is not a complete row (it goes before what is pending). */
  giveBack(rest: Buffer): void {
    this.pending.unshift(Buffer.from(rest));
    this.pendingLength += rest.length;
  }

  /** Call when the stream ends: COPY ends every row with a newline, so a rest is an error. */
  end(): void {
    if (this.pendingLength === 0) return;
    const rest = this.pendingLength;
    this.pending = [];
    this.pendingLength = 0;
    throw new CopyTextError(`COPY data ended inside a row (${rest} bytes after the last newline)`);
  }
}

/**
 * Where the row starting at `p` ends (the index of its `\n`), from the first newline at or
 * after it (`nl`): a newline after an odd run of backslashes is data, not the end of the
 * row. -1 when the text ends inside the row.
 */
export function rowEnd(text: string, p: number, nl: number): number {
  while (nl > 0 && text.charCodeAt(nl - 1) === BACKSLASH && endsWithEscape(text.slice(p, nl))) {
    nl = text.indexOf('\n', nl + 1);
    if (nl === -1) break;
  }
  return nl;
}

/**
 * Streaming COPY TEXT parser: `push` each chunk of `COPY … TO STDOUT` output, `end` once
 * the stream is done. Rows are handed over in order; the `\.` end-of-data line (in files
 * written by psql) is skipped.
 */
export class CopyTextParser {
  private readonly regions = new CopyRegions();
  /** Rows handed over so far. */
  rows = 0;
  /** Bytes consumed so far (complete rows only). */
  bytes = 0;

  push(chunk: Uint8Array, onRow: (row: CopyRow) => void): void {
    const region = this.regions.take(chunk);
    if (region !== null) this.parseRegion(region, onRow);
  }

  /** Call when the stream ends: COPY ends every row with a newline, so a rest is an error. */
  end(): void {
    this.regions.end();
  }

  private parseRegion(region: Buffer, onRow: (row: CopyRow) => void): void {
    if (!isUtf8(region)) throw new CopyTextError('COPY data is not valid UTF-8 (is client_encoding UTF8?)');
    const text = region.toString('utf8');
    const n = text.length;
    let p = 0;
    while (p < n) {
      const nl = rowEnd(text, p, text.indexOf('\n', p));
      if (nl === -1) {
        // Cannot happen for a region cut after a newline unless that newline was escaped.
        const rest = Buffer.from(text.slice(p), 'utf8');
        this.regions.giveBack(rest);
        this.bytes += region.length - rest.length;
        return;
      }
      const row = text.slice(p, nl);
      p = nl + 1;
      if (row === '\\.') continue;
      this.rows++;
      onRow(parseCopyTextRow(row));
    }
    this.bytes += region.length;
  }
}

/** The columns the database verification reads, in this order. */
export const AUDIT_COPY_COLUMNS = [
  'id',
  'trace_id',
  'actor_name',
  'actor_email',
  'actor_role',
  'drag_mode',
  'workflow_name',
  'outcome',
  'created_at',
  'integrity_hash',
] as const;

/** The statement whose COPY TEXT rows {@link verifyAuditCopyRow} reads. */
export const AUDIT_COPY_SQL = `COPY (SELECT ${AUDIT_COPY_COLUMNS.join(', ')} FROM audit_logs ORDER BY created_at, id) TO STDOUT`;

export interface AuditCopyRowResult extends DbV1Result {
  /** The row's `id` (uuid text). */
  id: string | null;
}

/**
 * The db-v1 verdict for one row of {@link AUDIT_COPY_SQL}. The session must print
 * timestamps in DateStyle ISO (the server default) and use client_encoding UTF8.
 */
export function verifyAuditCopyRow(row: CopyRow): AuditCopyRowResult {
  if (row.length !== AUDIT_COPY_COLUMNS.length) {
    throw new CopyTextError(`expected ${AUDIT_COPY_COLUMNS.length} columns, got ${row.length}`);
  }
  const result = verifyDbV1Values(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]) as AuditCopyRowResult;
  result.id = row[0];
  return result;
}
