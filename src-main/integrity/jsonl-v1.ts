/**
 * jsonl-v1: one line of the service's `logs/audit.jsonl` (docs/formats.md). The hash is the
 * SHA-256 of `json.dumps(entry_without_integrity_hash, sort_keys=True, default=str)` where
 * `timestamp` was a datetime, so it is hashed as `str(datetime)` (a space, not a `T`).
 * The hash covers the values Python parses from the line, not the line's text.
 */
import { isUtf8 } from 'node:buffer';
import { isoTimestampToPyStr } from './py-datetime';
import type { PyDict, PyValue } from './py-value';
import { CANONICAL_BUILDER, joinCanonicalMembers, PyJsonError, scanPyJson } from './python-json-parse';
import type { CanonicalMembers, PyJsonBuilder } from './python-json-parse';
import { pyDumps } from './python-json-dumps';
import { sha256Hex } from './sha256';

import type { JsonlReason, JsonlVerdict } from '../shared/model/verification';

/**
 * Why a line is malformed (`bad-utf8` … `bad-timestamp`) or tampered (`hash-mismatch`):
 * - `bad-utf8`: not valid UTF-8; `bom`: starts with a byte-order mark;
 * - `blank`: empty, or only spaces, tabs and CRs;
 * - `bad-json`: Python's `json.loads` would raise (syntax, raw control character in a
 *   string, int literal over 4,300 digits, nesting over 1,000 levels, trailing garbage);
 * - `not-object`: JSON, but not an object;
 * - `missing-hash`: no string `integrity_hash`;
 * - `bad-timestamp`: no string `timestamp` of the form `YYYY-MM-DDTHH:MM:SS[.f{1,6}]` that
 *   is a real date and time with year 0001–9999;
 * - `hash-mismatch`: the recomputed hash differs from the stored one (case included);
 * - `line-too-long`: over the reader's line-length limit (line-splitter.ts), so never parsed.
 */
export type { JsonlReason, JsonlVerdict };

export interface JsonlLineResult {
  verdict: JsonlVerdict;
  /** Always set unless the verdict is ok. */
  reason?: JsonlReason;
  /** The recomputed hash, when the line could be hashed. */
  computed?: string;
  /** The stored `integrity_hash`, when the line has one. */
  stored?: string;
}

function malformed(reason: JsonlReason): JsonlLineResult {
  return { verdict: 'malformed', reason };
}

function isBlank(line: Uint8Array): boolean {
  for (let i = 0; i < line.length; i++) {
    const b = line[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

/**
 * The canonical text jsonl-v1 hashes for a parsed entry whose timestamp is already in
 * `str(datetime)` form: every key but `integrity_hash`, sorted, Python's separators.
 */
export function jsonlV1CanonicalText(entry: PyDict, pyTimestamp: string): string {
  const copy: Map<string, PyValue> = new Map(entry);
  copy.delete('integrity_hash');
  copy.set('timestamp', pyTimestamp);
  return pyDumps(copy);
}

/**
 * Writes the canonical text while parsing (as CANONICAL_BUILDER does), and keeps aside what the
 * verdict needs: the top-level members, and the string values of the top-level
 * `integrity_hash` and `timestamp` (null when absent or not a string; last one wins).
 */
class EntryBuilder implements PyJsonBuilder<string, CanonicalMembers, string[]> {
  /** Open containers. */
  private depth = 0;
  /** The decoded value of the value just read, when it is a string. */
  private lastString: string | null = null;
  /** The members of the top-level object, once it is read. */
  top: CanonicalMembers | null = null;
  hash: string | null = null;
  timestamp: string | null = null;

  string(decoded: string, quoted: string | null): string {
    this.lastString = decoded;
    return CANONICAL_BUILDER.string(decoded, quoted);
  }
  int(text: string): string {
    this.lastString = null;
    return CANONICAL_BUILDER.int(text);
  }
  float(value: number, text: string): string {
    this.lastString = null;
    return CANONICAL_BUILDER.float(value, text);
  }
  constant(value: null | boolean): string {
    this.lastString = null;
    return CANONICAL_BUILDER.constant(value);
  }
  openObject(): CanonicalMembers {
    this.depth++;
    return new Map();
  }
  member(object: CanonicalMembers, key: string, quotedKey: string | null, value: string): void {
    if (this.depth === 1) {
      if (key === 'integrity_hash') this.hash = this.lastString;
      else if (key === 'timestamp') this.timestamp = this.lastString;
    }
    CANONICAL_BUILDER.member(object, key, quotedKey, value);
  }
  closeObject(object: CanonicalMembers): string {
    this.lastString = null;
    if (--this.depth === 0) {
      this.top = object;
      return '';
    }
    return joinCanonicalMembers(object);
  }
  openArray(): string[] {
    this.depth++;
    return [];
  }
  item(array: string[], value: string): void {
    array.push(value);
  }
  closeArray(array: string[]): string {
    this.lastString = null;
    this.depth--;
    return CANONICAL_BUILDER.closeArray(array);
  }
}

/** Decodes UTF-8 bytes already known to be valid. */
function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.isBuffer(bytes) ? bytes.toString('utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Verifies one line of a jsonl-v1 log, given as its bytes without the `\n` that ends it
 * (a `\r` before it may stay: it is JSON whitespace).
 */
export function verifyJsonlLine(line: Uint8Array): JsonlLineResult {
  if (!isUtf8(line)) return malformed('bad-utf8');
  if (line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) return malformed('bom');
  if (isBlank(line)) return malformed('blank');
  return verifyJsonlText(decodeUtf8(line));
}

/**
 * Verifies one line already decoded to a string (no BOM or UTF-8 checks: those are about
 * bytes; see {@link verifyJsonlLine}).
 */
export function verifyJsonlText(text: string): JsonlLineResult {
  const entry = new EntryBuilder();
  try {
    scanPyJson(text, entry);
  } catch (error) {
    if (error instanceof PyJsonError) return malformed('bad-json');
    throw error;
  }
  const members = entry.top;
  if (members === null) return malformed('not-object');
  const stored = entry.hash;
  if (stored === null) return malformed('missing-hash');
  const pyTimestamp = entry.timestamp === null ? null : isoTimestampToPyStr(entry.timestamp);
  if (pyTimestamp === null) return { verdict: 'malformed', reason: 'bad-timestamp', stored };
  members.delete('integrity_hash');
  members.set('timestamp', '"timestamp": "' + pyTimestamp + '"');
  const computed = sha256Hex(joinCanonicalMembers(members));
  if (computed === stored) return { verdict: 'ok', computed, stored };
  return { verdict: 'tampered', reason: 'hash-mismatch', computed, stored };
}
