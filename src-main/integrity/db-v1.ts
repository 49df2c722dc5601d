/**
 * db-v1: the `integrity_hash` of an `audit_logs` row (docs/formats.md). It is the lowercase hex
 * SHA-256 of Python's `json.dumps(d, sort_keys=True)` where `d` holds eight fields:
 * trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome (strings
 * or null) and created_at as `datetime.isoformat()` (or null).
 *
 * Input is each column as PostgreSQL prints it as text (DateStyle ISO), null for NULL. The
 * other columns of the row are not covered by db-v1.
 */
import { pgTimestampToIsoformat } from './py-datetime';
import { pyQuote } from './python-json-dumps';
import { sha256Hex } from './sha256';
import type { DbV1Reason } from '../shared/model/verification';

/** The columns db-v1 reads, as PostgreSQL prints them (text; null for NULL). */
export interface DbV1Row {
  trace_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  actor_role: string | null;
  drag_mode: string | null;
  workflow_name: string | null;
  outcome: string | null;
  /** `timestamp` as text, e.g. `2026-01-02 03:04:05.12`. */
  created_at: string | null;
  integrity_hash: string | null;
}

export type DbV1Verdict = 'ok' | 'tampered' | 'unverifiable';

/**
 * - `hash-mismatch`: tampered; the recomputed hash differs from the stored one;
 * - `bad-stored-hash`: unverifiable; the stored hash is not 64 lowercase hex digits, so no
 *   Python run could have written it;
 * - `bad-created-at`: unverifiable; created_at is not a timestamp Python's datetime can
 *   hold (`infinity`, `-infinity`, BC, year above 9999) or not in DateStyle ISO.
 */
export type { DbV1Reason };

export interface DbV1Result {
  verdict: DbV1Verdict;
  reason?: DbV1Reason;
  /** The recomputed hash (absent when created_at cannot be hashed). */
  computed?: string;
  stored: string | null;
}

const HASH_FORM = /^[0-9a-f]{64}$/;

/** Python's `json.dumps` of a str-or-None value (see {@link pyQuote}). */
function q(v: string | null): string {
  return v === null ? 'null' : pyQuote(v);
}

/**
 * The exact text db-v1 hashes: `json.dumps(d, sort_keys=True)`, written directly with the
 * eight keys in code-point order. Null when created_at cannot be represented.
 */
export function dbV1CanonicalText(
  traceId: string | null,
  actorName: string | null,
  actorEmail: string | null,
  actorRole: string | null,
  dragMode: string | null,
  workflowName: string | null,
  outcome: string | null,
  createdAt: string | null,
): string | null {
  let created: string;
  if (createdAt === null) {
    created = 'null';
  } else {
    const iso = pgTimestampToIsoformat(createdAt);
    if (iso === null) return null;
    created = '"' + iso + '"';
  }
  return (
    '{"actor_email": ' +
    q(actorEmail) +
    ', "actor_name": ' +
    q(actorName) +
    ', "actor_role": ' +
    q(actorRole) +
    ', "created_at": ' +
    created +
    ', "drag_mode": ' +
    q(dragMode) +
    ', "outcome": ' +
    q(outcome) +
    ', "trace_id": ' +
    q(traceId) +
    ', "workflow_name": ' +
    q(workflowName) +
    '}'
  );
}

/** The db-v1 hash of a row, or null when created_at cannot be represented in Python. */
export function dbV1Hash(row: Omit<DbV1Row, 'integrity_hash'>): string | null {
  const text = dbV1CanonicalText(
    row.trace_id,
    row.actor_name,
    row.actor_email,
    row.actor_role,
    row.drag_mode,
    row.workflow_name,
    row.outcome,
    row.created_at,
  );
  return text === null ? null : sha256Hex(text);
}

/** The verdict for one row, from its columns given positionally (no object needed). */
export function verifyDbV1Values(
  traceId: string | null,
  actorName: string | null,
  actorEmail: string | null,
  actorRole: string | null,
  dragMode: string | null,
  workflowName: string | null,
  outcome: string | null,
  createdAt: string | null,
  integrityHash: string | null,
): DbV1Result {
  const text = dbV1CanonicalText(traceId, actorName, actorEmail, actorRole, dragMode, workflowName, outcome, createdAt);
  if (text === null) return { verdict: 'unverifiable', reason: 'bad-created-at', stored: integrityHash };
  const computed = sha256Hex(text);
  // A match proves the stored form (computed is lowercase hex); check the form only otherwise.
  if (computed === integrityHash) return { verdict: 'ok', computed, stored: integrityHash };
  if (integrityHash === null || !HASH_FORM.test(integrityHash)) {
    return { verdict: 'unverifiable', reason: 'bad-stored-hash', computed, stored: integrityHash };
  }
  return { verdict: 'tampered', reason: 'hash-mismatch', computed, stored: integrityHash };
}

/** The db-v1 verdict for one `audit_logs` row: ok, tampered or unverifiable. */
export function verifyDbV1Row(row: DbV1Row): DbV1Result {
  return verifyDbV1Values(
    row.trace_id,
    row.actor_name,
    row.actor_email,
    row.actor_role,
    row.drag_mode,
    row.workflow_name,
    row.outcome,
    row.created_at,
    row.integrity_hash,
  );
}
