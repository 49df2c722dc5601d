/**
 * One line of the service's `logs/audit.jsonl`, verified (jsonl-v1) and mapped onto an
 * `audit_logs` row in a single parse — pure code, no I/O; import-jsonl.ts does the I/O.
 *
 * The verdict is exactly integrity/jsonl-v1.ts's `verifyJsonlLine` (a unit test holds the
 * two together on the shared vectors and on edited lines); doing both in one pass keeps the
 * import at the speed of one parse per line. The mapping follows DESIGN.md §1:
 *
 * | line                          | column                   |
 * |-------------------------------|--------------------------|
 * | trace_id                      | trace_id (as PostgreSQL prints a uuid) |
 * | timestamp                     | created_at (microseconds kept) |
 * | aim.actor.name / email / role | actor_name / actor_email / actor_role |
 * | aim.input.sources / constraints | input_sources / input_constraints (jsonb) |
 * | aim.mission.objective         | mission_objective        |
 * | aim.mission.success_criteria  | mission_success_criteria (jsonb) |
 * | drag_mode, workflow_name, outcome, error | the same columns |
 * | parameters                    | parameters (jsonb)       |
 * | duration_seconds              | duration_seconds (numeric(10,3)) |
 *
 * and integrity_hash is the row's db-v1 hash, so `verify-db` passes on imported rows.
 * jsonb values are written as Python's `json.dumps` writes them — what the service itself
 * sends to PostgreSQL. A JSON `null` becomes SQL NULL; a missing key the column's default.
 * A line that verifies ok but would break one of the table's constraints (or cannot be
 * stored at all: NaN in a jsonb value, U+0000 or an unpaired surrogate in text) is not
 * mapped: the caller gets a reason and a message instead.
 */
import { isUtf8 } from 'node:buffer';
import { DRAG_MODES, OUTCOMES } from '../../shared/model/vocabulary';
import { dbV1CanonicalText } from '../../integrity/db-v1';
import type { JsonlReason, JsonlVerdict } from '../../integrity/jsonl-v1';
import { isoTimestampToPyStr } from '../../integrity/py-datetime';
import { pyFloatRepr, pyQuote } from '../../integrity/python-json-dumps';
import { joinCanonicalMembers, PyJsonError, scanPyJson, type PyJsonBuilder } from '../../integrity/python-json-parse';
import { sha256Hex } from '../../integrity/sha256';

/** Why an ok line is not imported (the table's constraints, or what PostgreSQL cannot store). */
export type ImportMappingReason =
  | 'bad-trace-id'
  | 'bad-aim'
  | 'bad-actor-name'
  | 'bad-actor-email'
  | 'bad-actor-role'
  | 'bad-drag-mode'
  | 'bad-workflow-name'
  | 'bad-outcome'
  | 'bad-error'
  | 'bad-duration'
  | 'bad-parameters'
  | 'bad-input-sources'
  | 'bad-input-constraints'
  | 'bad-mission-objective'
  | 'bad-success-criteria';

/** An `audit_logs` row mapped from a line (every value as its COPY/SQL text; null for NULL). */
export interface MappedAuditRow {
  /** Lowercase, hyphenated: as PostgreSQL prints a uuid. */
  trace_id: string;
  actor_name: string;
  actor_email: string | null;
  actor_role: string | null;
  drag_mode: string;
  workflow_name: string;
  /** jsonb input text (Python's json.dumps, pure ASCII); null for SQL NULL. */
  parameters: string | null;
  outcome: string;
  error: string | null;
  /** numeric input text (Python's repr of the float, or the integer); null for NULL. */
  duration_seconds: string | null;
  input_sources: string | null;
  input_constraints: string | null;
  mission_objective: string | null;
  mission_success_criteria: string | null;
  /** The row's db-v1 hash. */
  integrity_hash: string;
  /** `YYYY-MM-DD HH:MM:SS[.ffffff]`: timestamp input, and what db-v1 hashes. */
  created_at: string;
}

export type ImportLineResult =
  | {
      /** Verified ok and mapped: import it. */
      status: 'ok';
      /** The line's own integrity_hash (lowercase hex, equal to the recomputed one). */
      hash: string;
      /** The line decoded (it is valid UTF-8), exactly as it was, without its `\n`. */
      text: string;
      row: MappedAuditRow;
    }
  | {
      /** Not ok by jsonl-v1. */
      status: 'not-ok';
      verdict: Exclude<JsonlVerdict, 'ok'>;
      reason: JsonlReason;
    }
  | {
      /** Ok by jsonl-v1, but it cannot become a row. */
      status: 'unmappable';
      reason: ImportMappingReason;
      message: string;
      hash: string;
    };

/** What the builder keeps of a member it may need for the mapping. */
interface Captured {
  kind: ValueKind;
  /** The canonical text (json.dumps) of the value. */
  canon: string;
  /** For a string: its decoded value. */
  str: string | null;
  /** For a number: its value as a double. */
  num: number;
  /** Why the value cannot be stored in PostgreSQL (jsonb or text), or null. */
  bad: string | null;
  /** For an object: its captured members. */
  obj: ObjectFrame | null;
}

type ValueKind = 'string' | 'int' | 'float' | 'null' | 'bool' | 'object' | 'array';

interface ObjectFrame {
  members: Map<string, string>;
  captured: Map<string, Captured> | null;
  bad: string | null;
}

interface ArrayFrame {
  items: string[];
  bad: string | null;
}

/** Member names the mapping reads, at whatever depth (anything else is only hashed). */
const CAPTURE = new Set([
  'trace_id',
  'timestamp',
  'integrity_hash',
  'aim',
  'actor',
  'name',
  'email',
  'role',
  'input',
  'sources',
  'constraints',
  'mission',
  'objective',
  'success_criteria',
  'drag_mode',
  'workflow_name',
  'parameters',
  'outcome',
  'error',
  'duration_seconds',
]);

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const NEEDS_CHECK = /[\u0000\ud800-\udfff]/;

/**
 * Why PostgreSQL cannot store this decoded string (text columns and jsonb alike), or null:
 * U+0000 (text cannot hold it; jsonb refuses `\u0000`), or an unpaired surrogate (only a
 * `\u` escape makes one; it is not a character and has no UTF-8 form).
 */
export function unstorableText(s: string): string | null {
  if (!NEEDS_CHECK.test(s)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'contains U+0000, which PostgreSQL cannot store';
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) return `contains an unpaired surrogate (\\u${c.toString(16)}), which has no UTF-8 form`;
  }
  return null;
}

/**
 * Writes the canonical text of every value as it is read (like jsonl-v1's own builder) and
 * keeps aside, per object, the members the mapping may need.
 */
class ImportBuilder implements PyJsonBuilder<string, ObjectFrame, ArrayFrame> {
  private depth = 0;
  private lastKind: ValueKind = 'null';
  private lastStr: string | null = null;
  private lastNum = 0;
  private lastBad: string | null = null;
  private lastObj: ObjectFrame | null = null;
  top: ObjectFrame | null = null;

  string(decoded: string, quoted: string | null): string {
    this.lastKind = 'string';
    this.lastStr = decoded;
    this.lastBad = quoted === null ? unstorableText(decoded) : null;
    this.lastObj = null;
    return quoted ?? pyQuote(decoded);
  }
  int(text: string): string {
    this.lastKind = 'int';
    this.lastStr = null;
    this.lastNum = Number(text);
    this.lastBad = null;
    this.lastObj = null;
    return text === '-0' ? '0' : text;
  }
  float(value: number): string {
    this.lastKind = 'float';
    this.lastStr = null;
    this.lastNum = value;
    this.lastBad = Number.isFinite(value) ? null : `holds ${pyFloatRepr(value)}, which JSON in PostgreSQL cannot hold`;
    this.lastObj = null;
    return pyFloatRepr(value);
  }
  constant(value: null | boolean): string {
    this.lastKind = value === null ? 'null' : 'bool';
    this.lastStr = null;
    this.lastBad = null;
    this.lastObj = null;
    return value === null ? 'null' : value ? 'true' : 'false';
  }
  openObject(): ObjectFrame {
    this.depth++;
    return { members: new Map(), captured: null, bad: null };
  }
  member(object: ObjectFrame, key: string, quotedKey: string | null, value: string): void {
    object.members.set(key, (quotedKey ?? pyQuote(key)) + ': ' + value);
    if (this.lastBad !== null && object.bad === null) object.bad = this.lastBad;
    if (quotedKey === null && object.bad === null) {
      const badKey = unstorableText(key);
      if (badKey !== null) object.bad = `has a key that ${badKey}`;
    }
    // What the mapping reads is at most three objects deep (aim.actor.name).
    if (this.depth <= 3 && CAPTURE.has(key)) {
      (object.captured ??= new Map()).set(key, {
        kind: this.lastKind,
        canon: value,
        str: this.lastStr,
        num: this.lastNum,
        bad: this.lastBad,
        obj: this.lastObj,
      });
    }
  }
  closeObject(object: ObjectFrame): string {
    this.lastKind = 'object';
    this.lastStr = null;
    this.lastBad = object.bad;
    this.lastObj = object;
    if (--this.depth === 0) {
      this.top = object;
      return '';
    }
    return joinCanonicalMembers(object.members);
  }
  openArray(): ArrayFrame {
    this.depth++;
    return { items: [], bad: null };
  }
  item(array: ArrayFrame, value: string): void {
    array.items.push(value);
    if (this.lastBad !== null && array.bad === null) array.bad = this.lastBad;
  }
  closeArray(array: ArrayFrame): string {
    this.depth--;
    this.lastKind = 'array';
    this.lastStr = null;
    this.lastBad = array.bad;
    this.lastObj = null;
    return array.items.length === 0 ? '[]' : '[' + array.items.join(', ') + ']';
  }
}

function isBlank(line: Uint8Array): boolean {
  for (let i = 0; i < line.length; i++) {
    const b = line[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

function notOk(verdict: 'tampered' | 'malformed', reason: JsonlReason): ImportLineResult {
  return { status: 'not-ok', verdict, reason };
}

class Unmappable extends Error {
  constructor(
    readonly reason: ImportMappingReason,
    message: string,
  ) {
    super(message);
  }
}

const DRAG_MODE_SET: ReadonlySet<string> = new Set(DRAG_MODES);
const OUTCOME_SET: ReadonlySet<string> = new Set(OUTCOMES);

/** Characters (code points), as varchar(n) counts them. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function show(c: Captured): string {
  const text = c.canon.length > 60 ? c.canon.slice(0, 57) + '...' : c.canon;
  return c.kind === 'string' ? text : `${c.kind} ${text}`;
}

/** A required or optional text column: a string of at most `max` characters (or null). */
function text(c: Captured | undefined, field: string, reason: ImportMappingReason, max: number | null, required: boolean): string | null {
  if (c === undefined || c.kind === 'null') {
    if (required) throw new Unmappable(reason, `${field} is ${c === undefined ? 'missing' : 'null'}; the column is NOT NULL`);
    return null;
  }
  if (c.kind !== 'string') throw new Unmappable(reason, `${field} is not a string (${show(c)})`);
  const s = c.str!;
  if (c.bad !== null) throw new Unmappable(reason, `${field} ${c.bad}`);
  if (max !== null && s.length > max && codePoints(s) > max) {
    throw new Unmappable(reason, `${field} has ${codePoints(s)} characters; the column holds at most ${max}`);
  }
  return s;
}

/** A jsonb column: any JSON value PostgreSQL can store; null → NULL, missing → default. */
function jsonb(c: Captured | undefined, field: string, reason: ImportMappingReason, missing: string): string | null {
  if (c === undefined) return missing;
  if (c.kind === 'null') return null;
  if (c.bad !== null) throw new Unmappable(reason, `${field} ${c.bad}`);
  return c.canon;
}

const DECIMAL = /^-?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Whether a finite decimal (Python's repr of a float, or an integer's text) fits
 * numeric(10,3) once PostgreSQL has rounded it to 3 decimals (half away from zero): at
 * most 7 integer digits, so below 9999999.9995 in magnitude.
 */
export function fitsNumeric10_3(decimal: string): boolean {
  const m = DECIMAL.exec(decimal);
  if (!m) return false;
  const all = m[1]! + (m[2] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead);
  if (digits === '') return true; // zero
  // value = 0.<digits> × 10^point
  const point = m[1]!.length - lead + Number(m[3] ?? 0);
  if (point !== 7) return point < 7;
  return digits.padEnd(11, '0').slice(0, 11) < '99999999995';
}

/**
 * A uuid as PostgreSQL reads it (32 hex digits, a hyphen allowed after any group of four,
 * optionally in braces), written as PostgreSQL prints it; null when it is not one.
 */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function normaliseUuid(s: string): string | null {
  if (CANONICAL_UUID.test(s)) return s;
  let body = s;
  if (body.startsWith('{')) {
    if (!body.endsWith('}')) return null;
    body = body.slice(1, -1);
  }
  if (body.length < 32 || body.length > 39) return null;
  let hex = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
      hex += body[i];
    } else if (c === 0x2d && hex.length % 4 === 0 && hex.length > 0 && hex.length < 32 && body.charCodeAt(i - 1) !== 0x2d) {
      continue;
    } else {
      return null;
    }
  }
  if (hex.length !== 32) return null;
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mapEntry(top: ObjectFrame, pyTimestamp: string): MappedAuditRow {
  const m = top.captured ?? new Map<string, Captured>();
  const traceC = m.get('trace_id');
  if (traceC === undefined || traceC.kind !== 'string') {
    throw new Unmappable('bad-trace-id', traceC === undefined ? 'trace_id is missing' : `trace_id is not a string (${show(traceC)})`);
  }
  const traceId = normaliseUuid(traceC.str!);
  if (traceId === null) throw new Unmappable('bad-trace-id', `trace_id ${show(traceC)} is not a UUID`);

  const aimC = m.get('aim');
  if (aimC !== undefined && aimC.kind !== 'object' && aimC.kind !== 'null') throw new Unmappable('bad-aim', `aim is not an object (${show(aimC)})`);
  const aim = aimC?.obj?.captured ?? null;
  const part = (name: string): Map<string, Captured> | undefined => {
    const c = aim?.get(name);
    if (c === undefined || c.kind === 'null') return undefined;
    if (c.kind !== 'object') throw new Unmappable('bad-aim', `aim.${name} is not an object (${show(c)})`);
    return c.obj?.captured ?? new Map();
  };
  const actor = part('actor');
  const input = part('input');
  const mission = part('mission');

  const actorName = text(actor?.get('name'), 'aim.actor.name', 'bad-actor-name', 255, true)!;
  const actorEmail = text(actor?.get('email'), 'aim.actor.email', 'bad-actor-email', 255, false);
  const actorRole = text(actor?.get('role'), 'aim.actor.role', 'bad-actor-role', 50, false);

  const modeC = m.get('drag_mode');
  const dragMode = text(modeC, 'drag_mode', 'bad-drag-mode', null, true)!;
  if (!DRAG_MODE_SET.has(dragMode)) throw new Unmappable('bad-drag-mode', `drag_mode ${show(modeC!)} is not one of draft, research, grunt, execute`);
  const workflowName = text(m.get('workflow_name'), 'workflow_name', 'bad-workflow-name', 100, true)!;
  const outcomeC = m.get('outcome');
  const outcome = text(outcomeC, 'outcome', 'bad-outcome', null, true)!;
  if (!OUTCOME_SET.has(outcome)) throw new Unmappable('bad-outcome', `outcome ${show(outcomeC!)} is not one of success, failure, rejected`);
  const error = text(m.get('error'), 'error', 'bad-error', null, false);
  const objective = text(mission?.get('objective'), 'aim.mission.objective', 'bad-mission-objective', null, false);

  let duration: string | null = null;
  const durC = m.get('duration_seconds');
  if (durC !== undefined && durC.kind !== 'null') {
    if (durC.kind !== 'int' && durC.kind !== 'float') throw new Unmappable('bad-duration', `duration_seconds is not a number (${show(durC)})`);
    // Well inside the range no rounding can matter; near its edge, decide on the decimal text.
    if (durC.bad !== null || (!(Math.abs(durC.num) < 9_999_999) && !fitsNumeric10_3(durC.canon))) {
      throw new Unmappable('bad-duration', `duration_seconds ${durC.canon} does not fit numeric(10,3) (at most 9999999.999)`);
    }
    duration = durC.canon;
  }

  const parameters = jsonb(m.get('parameters'), 'parameters', 'bad-parameters', '{}');
  const sources = jsonb(input?.get('sources'), 'aim.input.sources', 'bad-input-sources', '[]');
  const constraints = jsonb(input?.get('constraints'), 'aim.input.constraints', 'bad-input-constraints', '[]');
  const criteria = jsonb(mission?.get('success_criteria'), 'aim.mission.success_criteria', 'bad-success-criteria', '[]');

  const canonical = dbV1CanonicalText(traceId, actorName, actorEmail, actorRole, dragMode, workflowName, outcome, pyTimestamp)!;
  return {
    trace_id: traceId,
    actor_name: actorName,
    actor_email: actorEmail,
    actor_role: actorRole,
    drag_mode: dragMode,
    workflow_name: workflowName,
    parameters,
    outcome,
    error,
    duration_seconds: duration,
    input_sources: sources,
    input_constraints: constraints,
    mission_objective: objective,
    mission_success_criteria: criteria,
    integrity_hash: sha256Hex(canonical),
    created_at: pyTimestamp,
  };
}

/** Decodes UTF-8 bytes already known to be valid. */
function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.isBuffer(bytes)
    ? bytes.toString('utf8')
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Verifies one line (its bytes without the `\n`) by jsonl-v1 and, when it is ok, maps it
 * onto an `audit_logs` row.
 */
export function importLine(line: Uint8Array): ImportLineResult {
  if (!isUtf8(line)) return notOk('malformed', 'bad-utf8');
  if (line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) return notOk('malformed', 'bom');
  if (isBlank(line)) return notOk('malformed', 'blank');
  return importText(decodeUtf8(line));
}

/** {@link importLine} for a line already decoded (no byte-level checks). */
export function importText(lineText: string): ImportLineResult {
  const builder = new ImportBuilder();
  try {
    scanPyJson(lineText, builder);
  } catch (error) {
    if (error instanceof PyJsonError) return notOk('malformed', 'bad-json');
    throw error;
  }
  const top = builder.top;
  if (top === null) return notOk('malformed', 'not-object');
  const hashC = top.captured?.get('integrity_hash');
  if (hashC === undefined || hashC.kind !== 'string') return notOk('malformed', 'missing-hash');
  const tsC = top.captured?.get('timestamp');
  const pyTimestamp = tsC !== undefined && tsC.kind === 'string' ? isoTimestampToPyStr(tsC.str!) : null;
  if (pyTimestamp === null) return notOk('malformed', 'bad-timestamp');
  const members = top.members;
  members.delete('integrity_hash');
  members.set('timestamp', '"timestamp": "' + pyTimestamp + '"');
  const computed = sha256Hex(joinCanonicalMembers(members));
  const stored = hashC.str!;
  if (computed !== stored) return notOk('tampered', 'hash-mismatch');
  try {
    return { status: 'ok', hash: stored, text: lineText, row: mapEntry(top, pyTimestamp) };
  } catch (error) {
    if (error instanceof Unmappable) return { status: 'unmappable', reason: error.reason, message: error.message, hash: stored };
    throw error;
  }
}
