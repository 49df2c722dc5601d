import type { HealthProbeResult } from '../../../../src-main/shared/model/jobs';
import { callOrToast } from '../../api/callOrToast';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';

const SAMPLES = 50;
const INTERVAL_MS = 100;

export function HealthProbeCard(): React.JSX.Element {
  const job = useJob<HealthProbeResult>();
  const { result } = job;
  return (
    <div className="card">
      <h2>Health probe</h2>
      <p>
        Runs {SAMPLES} round trips to the server, {INTERVAL_MS} ms apart.
      </p>
      <button
        type="button"
        onClick={() => void job.follow(callOrToast('jobs/start-health-probe', { samples: SAMPLES, intervalMs: INTERVAL_MS }))}
        disabled={job.running}
      >
        Run health probe
      </button>
      <JobPanel jobId={job.jobId} label="health-probe" />
      {result && (
        <p data-testid="probe-result">
          {result.samples} samples, {result.failures} failures, avg {result.avgMs} ms (min {result.minMs}, max {result.maxMs})
        </p>
      )}
    </div>
  );
}
