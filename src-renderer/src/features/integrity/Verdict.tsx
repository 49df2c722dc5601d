import type { Report } from '../../../../src-main/shared/model/report';
import { EMPTY_KIND } from '../../../../src-main/shared/model/report-values';
import { findingCount } from './outcome';

/** A report's outcome in one line: CLEAN or FINDINGS, then the counts; an empty subject says so. */
export function Verdict({ report, children }: { report: Report; children: React.ReactNode }): React.JSX.Element {
  const clean = report.outcome === 'clean';
  const empty = report.findings.some((f) => f.kind === EMPTY_KIND);
  const n = findingCount(report);
  return (
    <p className={`verdict ${clean ? 'pass' : 'fail'}`} data-testid="verdict" data-outcome={report.outcome}>
      <strong>{clean ? 'CLEAN' : `FINDINGS (${n.toLocaleString()})`}</strong> — {children}
      {empty && (
        <span data-testid="empty-finding">
          {' '}
          — nothing to judge: {report.subject.type === 'file' ? 'the file holds no lines' : 'there is nothing in it to verify'}. An empty
          subject is a finding of its own, never a clean result.
        </span>
      )}
    </p>
  );
}
