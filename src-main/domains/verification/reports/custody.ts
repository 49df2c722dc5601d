/** A custody re-verification as a govcon/v2 report (shared/model/report.ts). */
import type { CustodyVerifyResult } from '../../import/custody-verify';
import type { CustodyReport } from '../../../shared/model/report';
import { EMPTY_KIND, finding, outcomeOf, REPORT_VERSION } from '../../../shared/model/report-values';
import { databaseSubject, type ReportFacts } from './facts';
import { CUSTODY_METHOD } from './import';

export function custodyReport(result: CustodyVerifyResult, facts: ReportFacts): CustodyReport {
  const findings = result.failures.map((f) =>
    finding(f.verdict, {
      reason: f.reason,
      position: f.position,
      id: f.audit_log_id,
      line: f.line,
      detail: { import_id: f.import_id, file_name: f.file_name, message: f.detail, ...(f.columns ? { columns: f.columns } : {}) },
    }),
  );
  if (result.total === 0) findings.unshift(finding(EMPTY_KIND, { reason: 'no-custody-lines' }));
  const report: CustodyReport = {
    report: REPORT_VERSION,
    format: 'custody-v1',
    outcome: outcomeOf(findings, result.failures_not_listed),
    subject: databaseSubject(result.snapshot, result.total),
    total: result.total,
    ok: result.ok,
    failed: result.failed,
    import_id: result.import_id,
    audit_log_id: result.audit_log_id,
    findings,
    findings_not_listed: result.failures_not_listed,
    method: CUSTODY_METHOD,
    not_covered: result.not_covered,
    ...facts,
  };
  if (result.entries) {
    report.entries = result.entries.map((e) => ({ position: e.position, verdict: e.verdict, reason: e.reason, id: e.audit_log_id }));
  }
  return report;
}
