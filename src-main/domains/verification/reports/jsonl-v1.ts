/** A jsonl-v1 file verification as a govcon/v2 report (shared/model/report.ts). */
import type { JsonlV1Report } from '../../../shared/model/report';
import { EMPTY_KIND, finding, outcomeOf, REPORT_VERSION } from '../../../shared/model/report-values';
import type { VerifyFileResult } from '../../../shared/model/verification';
import { fileSubject, type ReportFacts } from './facts';

export const JSONL_V1_METHOD =
  'jsonl-v1 (docs/formats.md): each line of the file, split on the byte \\n, parsed as Python reads JSON and re-hashed ' +
  'as the service wrote it (SHA-256 of the entry without integrity_hash, keys sorted, the timestamp as Python prints it), ' +
  'then compared with its own integrity_hash.';

export const JSONL_V1_BLIND_SPOTS =
  'jsonl-v1 proves each line against its own hash only: a line deleted, reordered, or added with a freshly computed hash ' +
  'is invisible to it, and so is a file cut between two lines. It says nothing about the database.';

export function jsonlV1Report(result: VerifyFileResult, facts: ReportFacts): JsonlV1Report {
  const findings = result.failures.map((f) =>
    finding(f.verdict, { reason: f.reason ?? null, position: f.line, line: f.line, detail: f.message ? { message: f.message } : null }),
  );
  if (result.total === 0) findings.unshift(finding(EMPTY_KIND, { reason: 'no-lines' }));
  const report: JsonlV1Report = {
    report: REPORT_VERSION,
    format: 'jsonl-v1',
    outcome: outcomeOf(findings, result.failures_not_listed),
    subject: fileSubject(result.file),
    total: result.total,
    ok: result.ok,
    tampered: result.tampered,
    malformed: result.malformed,
    findings,
    findings_not_listed: result.failures_not_listed,
    method: JSONL_V1_METHOD,
    not_covered: JSONL_V1_BLIND_SPOTS,
    ...facts,
  };
  if (result.entries) {
    report.entries = result.entries.map((e) => ({ position: e.line, verdict: e.verdict, reason: e.reason ?? null, id: null }));
  }
  return report;
}
