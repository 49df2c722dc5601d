/** An audit.jsonl import, and a custody re-verification, as govcon/v2 reports (shared/model/report.ts). */
import type { ImportReport } from '../../../shared/model/report';
import { EMPTY_KIND, finding, outcomeOf, REPORT_VERSION, type Finding } from '../../../shared/model/report-values';
import type { ImportRejection, ImportResult } from '../../../shared/model/verification';
import { fileSubject, type ReportFacts } from './facts';

export const IMPORT_METHOD =
  'Each line verified by jsonl-v1 (docs/formats.md) and mapped onto an audit_logs row; only ok lines that fit the table were ' +
  'imported, each with its db-v1 hash and, in custody, the raw line, its number and its hash. A line already in custody, repeated ' +
  'in the file, or whose row the database already holds (same trace_id and db-v1 hash) was not imported again; such a row was ' +
  'compared with the line in every column the line maps to.';

export const IMPORT_BLIND_SPOTS =
  'An import proves each line against its own hash only: lines missing from the file, reordered, or added with a freshly ' +
  'computed hash are not detected. user_id is looked up from users by e-mail at import time, not proven.';

export const CUSTODY_METHOD =
  'Each custody line (console_import_lines) verified again by jsonl-v1 against its recorded hash and trace_id, mapped onto a row, ' +
  'and compared with the audit_logs row it became in every column it maps to (jsonb and numeric by value), in one snapshot.';

/** The kind of finding a rejected line is. */
function rejectionKind(r: ImportRejection): string {
  if (r.verdict !== 'ok') return r.verdict;
  return r.reason === 'database-rejected' ? 'database-rejected' : 'not-importable';
}

export function importReport(result: ImportResult, facts: ReportFacts): ImportReport {
  const findings: Finding[] = [
    ...result.rejected.map((r) =>
      finding(rejectionKind(r), { reason: r.reason, position: r.line, line: r.line, detail: { message: r.message } }),
    ),
    ...result.differences.map((d) =>
      finding('differs-from-database', { position: d.line, line: d.line, id: d.audit_log_id, detail: { columns: d.columns } }),
    ),
  ].sort((a, b) => a.line! - b.line!);
  if (result.total === 0) findings.unshift(finding(EMPTY_KIND, { reason: 'no-lines' }));
  const notListed = result.rejected_not_listed + result.differences_not_listed;
  const report: ImportReport = {
    report: REPORT_VERSION,
    format: 'jsonl-v1-import',
    outcome: outcomeOf(findings, notListed),
    subject: fileSubject(result.file),
    total: result.total,
    ok: result.imported + result.already_present + result.duplicates + result.matched_existing,
    import_id: result.import_id,
    event_id: result.event_id,
    imported: result.imported,
    already_present: result.already_present,
    duplicates: result.duplicates,
    matched_existing: result.matched_existing,
    differs: result.differs,
    rejected: result.rejected_total,
    duration_ms: result.duration_ms,
    findings,
    findings_not_listed: notListed,
    method: IMPORT_METHOD,
    not_covered: IMPORT_BLIND_SPOTS,
    ...facts,
  };
  if (result.entries) report.entries = result.entries.map((e) => ({ position: e.line, verdict: e.verdict, reason: e.reason, id: e.id }));
  return report;
}
