/**
 * Reading and verifying audit_logs rows in (created_at, id) order, inside a transaction already
 * open on the snapshot to verify: the whole table (verify-db.ts) or one range of it
 * (verify-db-range.ts). The rows come off the socket (platform/db/copy-out.ts) into the db-v1
 * verifier (integrity/db-v1-copy.ts); only the failures become objects.
 */
import type pg from 'pg';
import { copyOut } from '../../platform/db/copy-out';
import { AUDIT_COPY_COLUMNS } from '../../integrity/copy-text';
import { AuditCopyVerifier, type AuditCopyFailureHandler } from '../../integrity/db-v1-copy';
import type { DbV1Reason, VerifyDbFailure, VerifyDbResult } from '../../shared/model/verification';

/** What one pass over some rows found: a result without its format and blind spots. */
export type VerifyDbPart = Omit<VerifyDbResult, 'format' | 'snapshot' | 'entries'>;

/** The text forms the verifier expects, for the transaction (SET LOCAL ends with it); no JIT for a plain sort. */
export const VERIFY_SESSION_SETTINGS =
  "SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL client_encoding = 'UTF8'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL jit = off";

/** Opens the read-only snapshot a verification reads, with its settings (one round trip). */
export const BEGIN_VERIFICATION = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ' + VERIFY_SESSION_SETTINGS;

/** Rows between progress reports (cheap: the job manager throttles what reaches the window). */
const PROGRESS_EVERY = 2048;

/** `COPY (SELECT <the verifier's columns> FROM audit_logs <where> ORDER BY created_at, id) TO STDOUT`. */
export function auditCopySql(where = ''): string {
  return `COPY (SELECT ${AUDIT_COPY_COLUMNS.join(', ')} FROM audit_logs ${where}${where ? ' ' : ''}ORDER BY created_at, id) TO STDOUT`;
}

export interface VerifyRowsOptions {
  /** At most this many failures are listed (all are counted). */
  maxListed: number;
  /** Rows verified so far, now and then and once at the end. */
  onProgress?: (done: number) => void;
}

/**
 * Counts each failing row in `part` by its verdict and lists it, up to `maxListed` (the rest are
 * only counted), with its 1-based position among the rows read (`position()` when it is found).
 */
export function failureCollector(part: VerifyDbPart, maxListed: number, position: () => number): AuditCopyFailureHandler {
  return (row, r) => {
    if (r.verdict === 'tampered') part.tampered++;
    else part.unverifiable++;
    if (part.failures.length >= maxListed) {
      part.failures_not_listed++;
      return;
    }
    part.failures.push({
      id: r.id ?? '',
      trace_id: row[1] ?? null,
      created_at: row[8] ?? null,
      stored: r.stored,
      computed: r.computed ?? null,
      verdict: r.verdict as VerifyDbFailure['verdict'],
      reason: r.reason as DbV1Reason,
      position: position(),
    });
  };
}

/**
 * Runs `copySql` (see {@link auditCopySql}) and verifies every row it gives. Failures are
 * listed in the order the rows come, each with its 1-based position among them.
 */
export async function verifyAuditRows(client: pg.Client, copySql: string, options: VerifyRowsOptions): Promise<VerifyDbPart> {
  const part: VerifyDbPart = { total: 0, ok: 0, tampered: 0, unverifiable: 0, failures: [], failures_not_listed: 0 };
  const verifier: AuditCopyVerifier = new AuditCopyVerifier(failureCollector(part, options.maxListed, () => verifier.rows));
  const { onProgress } = options;
  let lastReport = 0;
  await copyOut(client, copySql, (data) => {
    verifier.push(data);
    if (onProgress && verifier.rows - lastReport >= PROGRESS_EVERY) {
      lastReport = verifier.rows;
      onProgress(verifier.rows);
    }
  });
  verifier.end();
  part.total = verifier.rows;
  part.ok = verifier.ok;
  return part;
}
