/**
 * The canonical row of a sealed log (docs/seal-format.md §2): the leaf bytes of one row.
 *
 * A row is its values, in the fixed column order of its table, each as the text PostgreSQL
 * prints for it (DateStyle ISO), NULL kept apart from the empty string. The canonical row is
 * those values joined by one TAB (0x09), each written as:
 *
 *   NULL             → the two characters `\N`
 *   any other value  → its text, with `\` → `\\`, BS → `\b`, FF → `\f`, LF → `\n`, CR → `\r`,
 *                      TAB → `\t`, VT → `\v`; every other character as itself
 *
 * encoded as UTF-8, with no terminator. This is exactly the row PostgreSQL's `COPY … TO
 * STDOUT` (text format, client_encoding UTF8) writes for those values, without its newline,
 * so a sealer can hash what COPY sends; but the definition stands on its own and this module
 * is how the console writes and reads it.
 *
 * Pure: node: built-ins only, no database.
 */
import { Buffer } from 'node:buffer';
import { parseCopyTextRow } from './copy-text';
import type { CutRow } from './copy-rows';
import { hashLeaf } from './merkle/hash';

/** A value as text, or null for SQL NULL. */
export type RowValue = string | null;

export interface SealedColumn {
  readonly name: string;
  /** As PostgreSQL's format_type() prints the column's type: what schema-changed detection compares. */
  readonly type: string;
}

/** A table sealed as a log: its columns in leaf order, and the columns leaves are ordered by. */
export interface SealedTable {
  readonly table: 'audit_logs' | 'console_events';
  readonly columns: readonly SealedColumn[];
  /** The time column of the (time, id) order. */
  readonly timeColumn: string;
  readonly idColumn: 'id';
}

const VARCHAR = (n: number) => `character varying(${n})`;
const TIMESTAMP = 'timestamp without time zone';

/** audit_logs as the service creates it (docs/formats.md §1): all eighteen columns, in table order. */
export const AUDIT_LOGS_SEALED: SealedTable = {
  table: 'audit_logs',
  columns: [
    { name: 'id', type: 'uuid' },
    { name: 'trace_id', type: 'uuid' },
    { name: 'user_id', type: 'uuid' },
    { name: 'actor_name', type: VARCHAR(255) },
    { name: 'actor_email', type: VARCHAR(255) },
    { name: 'actor_role', type: VARCHAR(50) },
    { name: 'drag_mode', type: VARCHAR(20) },
    { name: 'workflow_name', type: VARCHAR(100) },
    { name: 'parameters', type: 'jsonb' },
    { name: 'outcome', type: VARCHAR(20) },
    { name: 'error', type: 'text' },
    { name: 'duration_seconds', type: 'numeric(10,3)' },
    { name: 'input_sources', type: 'jsonb' },
    { name: 'input_constraints', type: 'jsonb' },
    { name: 'mission_objective', type: 'text' },
    { name: 'mission_success_criteria', type: 'jsonb' },
    { name: 'integrity_hash', type: VARCHAR(64) },
    { name: 'created_at', type: TIMESTAMP },
  ],
  timeColumn: 'created_at',
  idColumn: 'id',
};

/**
 * The console's own event log, all twelve columns: the nine of migrations/20261127T000000-console-events.ts
 * and the three identity columns of 20261210T000000-console-event-identity.ts.
 */
export const CONSOLE_EVENTS_SEALED: SealedTable = {
  table: 'console_events',
  columns: [
    { name: 'id', type: 'uuid' },
    { name: 'occurred_at', type: TIMESTAMP },
    { name: 'operator_name', type: VARCHAR(255) },
    { name: 'operator_email', type: VARCHAR(255) },
    { name: 'action', type: VARCHAR(100) },
    { name: 'target_kind', type: VARCHAR(50) },
    { name: 'target_id', type: VARCHAR(255) },
    { name: 'before', type: 'jsonb' },
    { name: 'after', type: 'jsonb' },
    { name: 'session_role', type: VARCHAR(63) },
    { name: 'client_addr', type: 'inet' },
    { name: 'console_version', type: VARCHAR(40) },
  ],
  timeColumn: 'occurred_at',
  idColumn: 'id',
};

export const SEALED_TABLES: readonly SealedTable[] = [AUDIT_LOGS_SEALED, CONSOLE_EVENTS_SEALED];

export class CanonicalRowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalRowError';
  }
}

const NEEDS_ESCAPE = /[\\\b\f\n\r\t\v]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
const LONE_SURROGATE = /\p{Cs}/u;

/** One value as the canonical row writes it. Throws for text PostgreSQL cannot hold (U+0000, a lone surrogate). */
export function canonicalValue(value: RowValue): string {
  if (value === null) return '\\N';
  if (value.includes('\0')) throw new CanonicalRowError('a value holds U+0000, which no PostgreSQL text can');
  if (LONE_SURROGATE.test(value)) throw new CanonicalRowError('a value holds an unpaired surrogate, which is not Unicode text');
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\b\f\n\r\t\v]/g, (c) => ESCAPES[c] as string) : value;
}

/** The canonical row as text; with `table`, the number of values must be its number of columns. */
export function canonicalRowText(values: readonly RowValue[], table?: SealedTable): string {
  if (table && values.length !== table.columns.length) {
    throw new CanonicalRowError(`${table.table} has ${table.columns.length} columns, got ${values.length} values`);
  }
  if (values.length === 0) throw new CanonicalRowError('a row has at least one value');
  let text = canonicalValue(values[0]);
  for (let i = 1; i < values.length; i++) text += `\t${canonicalValue(values[i])}`;
  return text;
}

/** The leaf bytes: the canonical row in UTF-8. */
export function canonicalRowBytes(values: readonly RowValue[], table?: SealedTable): Buffer {
  return Buffer.from(canonicalRowText(values, table), 'utf8');
}

/** RFC 9162 leaf hash of a row: SHA-256(0x00 ‖ canonical row bytes). */
export function rowLeafHash(values: readonly RowValue[], table?: SealedTable): Buffer {
  return hashLeaf(canonicalRowBytes(values, table));
}

const UNESCAPES: Record<string, string> = { '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * Reads leaf bytes back into values, accepting only the canonical spelling: exactly the
 * escapes above, `\N` only as a whole value, valid UTF-8, no raw LF, no U+0000. So for any
 * accepted input, canonicalRowBytes(parseCanonicalRow(b)) equals b byte for byte.
 */
export function parseCanonicalRow(bytes: Uint8Array, table?: SealedTable): RowValue[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(buf)) throw new CanonicalRowError('a canonical row must be valid UTF-8');
  if (text.includes('\n')) throw new CanonicalRowError('a canonical row holds no raw newline');
  if (text.includes('\0')) throw new CanonicalRowError('a canonical row holds no U+0000');
  const values = text.split('\t').map(parseValue);
  if (table && values.length !== table.columns.length) {
    throw new CanonicalRowError(`${table.table} has ${table.columns.length} columns, the row has ${values.length} values`);
  }
  return values;
}

function parseValue(raw: string): RowValue {
  if (raw === '\\N') return null;
  if (!raw.includes('\\')) {
    if (/[\b\f\r\v]/.test(raw)) throw new CanonicalRowError('a canonical row escapes BS, FF, CR and VT');
    return raw;
  }
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      if (c === '\b' || c === '\f' || c === '\r' || c === '\v') throw new CanonicalRowError('a canonical row escapes BS, FF, CR and VT');
      out += c;
      continue;
    }
    const next = raw[i + 1];
    const plain = next === undefined ? undefined : UNESCAPES[next];
    if (plain === undefined) throw new CanonicalRowError(`"\\${next ?? ''}" is not an escape of the canonical row`);
    out += plain;
    i++;
  }
  return out;
}

const BACKSLASH = 0x5c;
const TAB = 0x09;
const LETTER_N = 0x4e;
/** The bytes after a backslash that the canonical row writes: `\\ \b \f \n \r \t \v`. */
const CANONICAL_ESCAPE = new Uint8Array(256);
for (const c of '\\bfnrtv') CANONICAL_ESCAPE[c.charCodeAt(0)] = 1;

/**
 * The leaf bytes of one row as `COPY … TO STDOUT` sent it (its newline removed), under the
 * settings of docs/seal-format.md §2.3. A row whose backslashes are all spelled as the canonical
 * row spells them (the seven escapes, and `\N` as a whole value) is already canonical and is
 * returned as is (no copy) — PostgreSQL writes exactly those, so that is every row it sends;
 * any other spelling is parsed by COPY's own rules and written again, so that only the values
 * count, never how a server chose to escape them.
 */
export function leafFromCopyRow(row: Buffer, columns: number): Buffer {
  const backslash = row.indexOf(BACKSLASH);
  if (backslash === -1 || spelledCanonically(row.toString('latin1'), 0, row.length, backslash)) return row;
  const values = parseCopyTextRow(row.toString('utf8'));
  if (values.length !== columns) throw new CanonicalRowError(`expected ${columns} columns in a COPY row, got ${values.length}`);
  return canonicalRowBytes(values);
}

/**
 * True when every backslash of the row [start, end) of `text` (a COPY row read as latin1, one
 * character per byte; its first backslash at `backslash`, or none when that is ≥ end) starts
 * a canonical escape or a whole-value `\N`: then the row's bytes are its leaf bytes as they
 * stand (leafFromCopyRow).
 */
export function spelledCanonically(text: string, start: number, end: number, backslash: number): boolean {
  for (let q = backslash; q !== -1 && q < end; q = text.indexOf('\\', q + 2)) {
    const next = q + 1 < end ? text.charCodeAt(q + 1) : -1;
    if (next === -1) return false;
    if (CANONICAL_ESCAPE[next] === 1) continue;
    const wholeValue = (q === start || text.charCodeAt(q - 1) === TAB) && (q + 2 === end || text.charCodeAt(q + 2) === TAB);
    if (next !== LETTER_N || !wholeValue) return false;
  }
  return true;
}

/**
 * leafFromCopyRow of `columns` fields of a cut row (copy-rows.ts), from field `first` on: the
 * same bytes, read in place — a view of the row's own memory when it is spelled canonically,
 * valid as long as the row is.
 */
export function leafFromCutRow(row: CutRow, first: number, columns: number): Buffer {
  const start = row.cuts[first]! + 1;
  const end = row.cuts[first + columns]!;
  const bytes = row.region.subarray(start, end);
  let backslash = row.backslash;
  if (backslash < start) backslash = row.text.indexOf('\\', start);
  if (backslash === -1 || backslash >= end || spelledCanonically(row.text, start, end, backslash)) return bytes;
  return leafFromCopyRow(bytes, columns);
}
