import { useState } from 'react';
import { call } from '../api/client';
import { ProgressBar } from '../components/ProgressBar';
import { useStore } from '../store';
import type { HealthProbeResult } from '../../../src-main/shared/dto';

function HealthProbe(): React.JSX.Element {
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useStore((s) => (jobId ? s.progress[jobId] : undefined));
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  const running = jobId !== null && !finished;
  const start = async () => {
    const ref = await call('jobs/start-health-probe', { samples: 50, intervalMs: 100 }).catch(() => null);
    if (ref) setJobId(ref.jobId);
  };
  const result = finished?.status === 'succeeded' ? (finished.result as HealthProbeResult) : null;
  return (
    <div className="card">
      <h2>Health probe</h2>
      <p>Runs 50 round trips to the server, 100 ms apart.</p>
      <div className="actions">
        <button type="button" onClick={start} disabled={running}>
          Run health probe
        </button>
        {running && jobId && (
          <button type="button" onClick={() => void call('jobs/cancel', { jobId }).catch(() => null)}>
            Cancel
          </button>
        )}
      </div>
      {progress && <ProgressBar progress={progress} />}
      {finished && (
        <p data-testid="job-status">
          {finished.status}
          {result && ` — ${result.samples} samples, ${result.failures} failures, avg ${result.avgMs} ms (min ${result.minMs}, max ${result.maxMs})`}
        </p>
      )}
    </div>
  );
}

export function DatabasePage(): React.JSX.Element {
  const serverInfo = useStore((s) => s.serverInfo);
  const loadServerInfo = useStore((s) => s.loadServerInfo);
  return (
    <section>
      <h1>Database</h1>
      <div className="card">
        <h2>Server</h2>
        <button type="button" onClick={() => void loadServerInfo()}>
          Check server
        </button>
        {serverInfo && (
          <dl className="facts" data-testid="server-info">
            <dt>Version</dt>
            <dd data-testid="server-version">{serverInfo.serverVersion}</dd>
            <dt>Database</dt>
            <dd>{serverInfo.database}</dd>
            <dt>User</dt>
            <dd>{serverInfo.user}</dd>
            <dt>Round trip</dt>
            <dd>{serverInfo.latencyMs} ms</dd>
          </dl>
        )}
      </div>
      <HealthProbe />
      <p className="placeholder">Initialise, migrate and adopt are not built yet.</p>
    </section>
  );
}
