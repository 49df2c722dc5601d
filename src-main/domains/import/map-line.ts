/**
 * One line of the service's `logs/audit.jsonl`, verified (jsonl-v1) and mapped onto an
 * `audit_logs` row in a single parse — pure code, no I/O; import-file.ts does the I/O. The
 * parse itself is capture-builder.ts's, and the checks on single values are value-checks.ts's;
 * this file holds the verdict and the mapping column by column.
 *
 * The verdict is exactly integrity/jsonl-v1.ts's `verifyJsonlLine` (a unit test holds the
 * two together on the shared vectors and on edited lines); doing both in one pass keeps the
 * import at the speed of one parse per line. The mapping follows docs/formats.md (jsonl-v1
 * and db-v1):
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
import { joinCanonicalMembers, PyJsonError, scanPyJson } from '../../integrity/python-json-parse';
import { sha256Hex } from '../../integrity/sha256';
import { CapturingBuilder, type Captured, type ObjectFrame } from './capture-builder';
import { codePoints, fitsNumeric10_3, normaliseUuid } from './value-checks';

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
  | 'bad-success-criteria'
  /** A string (or key) holding U+0000, anywhere in a stored column: refused, never stored altered. */
  | 'nul-not-storable';

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

function show(c: Captured): string {
  const text = c.canon.length > 60 ? c.canon.slice(0, 57) + '...' : c.canon;
  return c.kind === 'string' ? text : `${c.kind} ${text}`;
}

/** U+0000 has a reason of its own, whatever the column; other unstorable values keep the column's. */
function badReason(bad: string, reason: ImportMappingReason): ImportMappingReason {
  return bad.includes('U+0000') ? 'nul-not-storable' : reason;
}

/** A required or optional text column: a string of at most `max` characters (or null). */
function text(c: Captured | undefined, field: string, reason: ImportMappingReason, max: number | null, required: boolean): string | null {
  if (c === undefined || c.kind === 'null') {
    if (required) throw new Unmappable(reason, `${field} is ${c === undefined ? 'missing' : 'null'}; the column is NOT NULL`);
    return null;
  }
  if (c.kind !== 'string') throw new Unmappable(reason, `${field} is not a string (${show(c)})`);
  const s = c.str!;
  if (c.bad !== null) throw new Unmappable(badReason(c.bad, reason), `${field} ${c.bad}`);
  if (max !== null && s.length > max && codePoints(s) > max) {
    throw new Unmappable(reason, `${field} has ${codePoints(s)} characters; the column holds at most ${max}`);
  }
  return s;
}

/** A jsonb column: any JSON value PostgreSQL can store; null → NULL, missing → default. */
function jsonb(c: Captured | undefined, field: string, reason: ImportMappingReason, missing: string): string | null {
  if (c === undefined) return missing;
  if (c.kind === 'null') return null;
  if (c.bad !== null) throw new Unmappable(badReason(c.bad, reason), `${field} ${c.bad}`);
  return c.canon;
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
  if (aimC !== undefined && aimC.kind !== 'object' && aimC.kind !== 'null') {
    throw new Unmappable('bad-aim', `aim is not an object (${show(aimC)})`);
  }
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
  if (!DRAG_MODE_SET.has(dragMode)) {
    throw new Unmappable('bad-drag-mode', `drag_mode ${show(modeC!)} is not one of draft, research, grunt, execute`);
  }
  const workflowName = text(m.get('workflow_name'), 'workflow_name', 'bad-workflow-name', 100, true)!;
  const outcomeC = m.get('outcome');
  const outcome = text(outcomeC, 'outcome', 'bad-outcome', null, true)!;
  if (!OUTCOME_SET.has(outcome)) throw new Unmappable('bad-outcome', `outcome ${show(outcomeC!)} is not one of success, failure, rejected`);
  const error = text(m.get('error'), 'error', 'bad-error', null, false);
  const objective = text(mission?.get('objective'), 'aim.mission.objective', 'bad-mission-objective', null, false);

  let duration: string | null = null;
  const durC = m.get('duration_seconds');
  if (durC !== undefined && durC.kind !== 'null') {
    if (durC.kind !== 'int' && durC.kind !== 'float') {
      throw new Unmappable('bad-duration', `duration_seconds is not a number (${show(durC)})`);
    }
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
  return Buffer.isBuffer(bytes) ? bytes.toString('utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
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
  const builder = new CapturingBuilder();
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
