import type { Report } from '../../../../src-main/shared/model/report';
import { formatCount } from '../../ui/format';

/** What a report judged, how, by whom and when: the facts its JSON and HTML files state too. */
export function ReportFacts({ report }: { report: Report }): React.JSX.Element {
  const s = report.subject;
  return (
    <details className="report-facts" data-testid="report-facts">
      <summary>What was judged, how, by whom</summary>
      <dl className="facts">
        {s.type === 'file' ? (
          <>
            <dt>File</dt>
            <dd>{s.path}</dd>
            <dt>Size</dt>
            <dd>{formatCount(s.size)} bytes</dd>
            <dt>SHA-256</dt>
            <dd>
              <code className="hash">{s.sha256}</code>
            </dd>
          </>
        ) : (
          <>
            <dt>Server</dt>
            <dd>
              {s.server} (PostgreSQL {s.server_version ?? '?'})
            </dd>
            <dt>Database</dt>
            <dd>{s.database}</dd>
            <dt>Snapshot at (UTC)</dt>
            <dd>{s.snapshot_at ?? '—'}</dd>
            <dt>Rows judged</dt>
            <dd>{formatCount(s.rows)}</dd>
          </>
        )}
        <dt>Method</dt>
        <dd>{report.method}</dd>
        <dt>Not covered</dt>
        <dd data-testid="blind-spots">{report.not_covered}</dd>
        <dt>Judged at (UTC)</dt>
        <dd>{report.at}</dd>
        <dt>Operator</dt>
        <dd>{report.operator}</dd>
        <dt>Console</dt>
        <dd>
          {report.console_version} ({report.report})
        </dd>
      </dl>
    </details>
  );
}
