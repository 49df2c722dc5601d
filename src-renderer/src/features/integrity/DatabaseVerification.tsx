import type { DbV1Report } from '../../../../src-main/shared/model/report';
import { callOrToast } from '../../api/callOrToast';
import { useStore } from '../../store';
import { formatCount } from '../../ui/format';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { ExportButtons } from './ExportButtons';
import { Findings } from './Findings';
import { judgementStatus } from './outcome';
import { ReportFacts } from './ReportFacts';
import { Verdict } from './Verdict';

export function DatabaseVerification(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const job = useJob<DbV1Report>();
  const { result, jobId } = job;
  const start = () => void job.follow(callOrToast('integrity/verify-db', {}));
  return (
    <div className="card">
      <h2>Verify the database's audit trail (db-v1)</h2>
      <p className="muted">
        Recomputes every audit_logs row's integrity hash, in (created_at, id) order, straight from the server's COPY stream, in one
        snapshot.
      </p>
      <button type="button" className="primary" disabled={!connection || job.running} onClick={start}>
        Verify database
      </button>
      {!connection && <span className="muted"> Connect to a database first.</span>}
      <JobPanel jobId={jobId} label="verify-db" describe={judgementStatus} />
      {result && jobId && (
        <>
          <Verdict report={result}>
            {formatCount(result.total)} rows: {formatCount(result.ok)} ok, {result.tampered} tampered, {result.unverifiable} unverifiable
          </Verdict>
          {result.findings.some((f) => f.kind !== 'empty') && (
            <Findings label="Failing rows" findings={result.findings} notListed={result.findings_not_listed} where="row" />
          )}
          <p className="note">{result.not_covered}</p>
          <ReportFacts report={result} />
          <ExportButtons jobId={jobId} />
        </>
      )}
    </div>
  );
}
