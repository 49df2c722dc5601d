/**
 * How a finished job reads, wherever it ends: a judgement's outcome (clean, or findings), a job
 * that could not run, or one that was cancelled — never "succeeded" above a finding.
 */
import type { JobFinished } from '../../../../src-main/shared/model/jobs';
import type { Report } from '../../../../src-main/shared/model/report';
import { REPORT_VERSION } from '../../../../src-main/shared/model/report-values';

export function isReport(value: unknown): value is Report {
  return typeof value === 'object' && value !== null && (value as { report?: unknown }).report === REPORT_VERSION;
}

/** Everything found, listed or not. */
export function findingCount(report: Report): number {
  return report.findings.length + report.findings_not_listed;
}

export function judgementStatus(finished: JobFinished): { text: string; tone: string } {
  if (finished.status === 'cancelled') return { text: 'cancelled', tone: 'cancelled' };
  if (finished.status === 'failed') return { text: `could not run: ${finished.error?.message ?? 'unknown error'}`, tone: 'failed' };
  if (!isReport(finished.result)) return { text: 'succeeded', tone: 'succeeded' };
  const report = finished.result;
  if (report.outcome === 'clean') return { text: 'clean', tone: 'clean' };
  const n = findingCount(report);
  return { text: `findings: ${n.toLocaleString()}`, tone: 'findings' };
}
