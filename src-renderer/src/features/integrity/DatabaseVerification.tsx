import type { VerifyDbResult } from '../../../../src-main/shared/model/verification';
import { callOrToast } from '../../api/callOrToast';
import { useStore } from '../../store';
import { formatCount } from '../../ui/format';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { ExportButtons } from './ExportButtons';
import { FailingRows } from './FailingRows';
import { Verdict } from './Verdict';

export function DatabaseVerification(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const job = useJob<VerifyDbResult>();
  const { result, jobId } = job;
  const start = () => void job.follow(callOrToast('integrity/verify-db', {}));
  return (
    <div className="card">
      <h2>Verify the database's audit trail (db-v1)</h2>
      <p className="muted">
        Recomputes every audit_logs row's integrity hash, in (created_at, id) order, straight from the server's COPY stream.
      </p>
      <button type="button" className="primary" disabled={!connection || job.running} onClick={start}>
        Verify database
      </button>
      {!connection && <span className="muted"> Connect to a database first.</span>}
      <JobPanel jobId={jobId} label="verify-db" />
      {result && jobId && (
        <>
          <Verdict pass={result.ok === result.total}>
            {formatCount(result.total)} rows: {formatCount(result.ok)} ok, {result.tampered} tampered, {result.unverifiable} unverifiable
          </Verdict>
          {result.failures.length > 0 && <FailingRows failures={result.failures} notListed={result.failures_not_listed} />}
          <p className="note" data-testid="blind-spots">
            {result.not_covered}
          </p>
          <ExportButtons jobId={jobId} />
        </>
      )}
    </div>
  );
}
