/** A db-v1 database verification as a govcon/v2 report (shared/model/report.ts). */
import type { DbV1Report } from '../../../shared/model/report';
import { EMPTY_KIND, finding, outcomeOf, REPORT_VERSION } from '../../../shared/model/report-values';
import type { VerifyDbResult } from '../../../shared/model/verification';
import { databaseSubject, type ReportFacts } from './facts';

/** What db-v1 cannot see (docs/formats.md, "What db-v1 does not cover"): what is true today, nothing promised. */
export const DB_V1_BLIND_SPOTS =
  'db-v1 covers eight fields of each row (trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome, created_at). ' +
  'Changes to id, user_id, parameters, error, duration_seconds, input_sources, input_constraints, mission_objective or ' +
  'mission_success_criteria are invisible to it, and so are deleted rows and rows added with a valid hash: ' +
  'a clean result says only that every row present matches its own hash. Sealing covers what db-v1 cannot ' +
  '(every column, deleted, inserted and reordered rows): govcon seal, then verify-db --seals (docs/seal-format.md).';

export const DB_V1_METHOD =
  'db-v1 (docs/formats.md): every audit_logs row, read in one REPEATABLE READ snapshot with COPY in (created_at, id) order; ' +
  'the SHA-256 of its eight covered fields recomputed as the service computes it and compared with integrity_hash.';

export function dbV1Report(result: VerifyDbResult, facts: ReportFacts): DbV1Report {
  const findings = result.failures.map((f) =>
    finding(f.verdict, {
      reason: f.reason,
      position: f.position,
      id: f.id,
      detail: { trace_id: f.trace_id, created_at: f.created_at, stored: f.stored, computed: f.computed },
    }),
  );
  if (result.total === 0) findings.unshift(finding(EMPTY_KIND, { reason: 'no-rows' }));
  const report: DbV1Report = {
    report: REPORT_VERSION,
    format: 'db-v1',
    outcome: outcomeOf(findings, result.failures_not_listed),
    subject: databaseSubject(result.snapshot, result.total),
    total: result.total,
    ok: result.ok,
    tampered: result.tampered,
    unverifiable: result.unverifiable,
    findings,
    findings_not_listed: result.failures_not_listed,
    method: DB_V1_METHOD,
    not_covered: DB_V1_BLIND_SPOTS,
    ...facts,
  };
  if (result.entries)
    report.entries = result.entries.map((e) => ({ position: e.position, verdict: e.verdict, reason: e.reason, id: e.id }));
  return report;
}
