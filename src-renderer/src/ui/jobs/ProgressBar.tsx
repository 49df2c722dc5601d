import type { JobKind, JobProgress } from '../../../../src-main/shared/model/jobs';
import { formatBytes, formatCount, formatEta } from '../format';

/** What each kind of job counts, so "done / total" reads as rows, bytes or migrations. */
const UNITS: Record<JobKind, 'rows' | 'bytes' | 'migrations' | 'samples' | 'lines'> = {
  'health-probe': 'samples',
  initialise: 'migrations',
  migrate: 'migrations',
  'verify-db': 'rows',
  'verify-file': 'bytes',
  'verify-bundle': 'bytes',
  'import-jsonl': 'bytes',
  'audit-export': 'rows',
  backup: 'rows',
  'backup-verify': 'bytes',
  'demo-data': 'rows',
  'verify-custody': 'lines',
  seal: 'rows',
  'verify-seals': 'rows',
};

export function ProgressBar({ progress }: { progress: JobProgress }): React.JSX.Element {
  const unit = UNITS[progress.kind];
  const amount = unit === 'bytes' ? formatBytes : formatCount;
  const pct = progress.total ? Math.min(100, (100 * progress.done) / progress.total) : null;
  const rate = unit === 'bytes' ? `${formatBytes(progress.rate)}/s` : `${formatCount(Math.round(progress.rate))} ${unit}/s`;
  return (
    <div className="progress" data-testid="job-progress">
      <progress max={100} value={pct ?? undefined} aria-label="Job progress" />
      <span>
        {amount(progress.done)}
        {progress.total !== null && ` / ${amount(progress.total)}`} {unit !== 'bytes' && unit} · {rate} · ETA {formatEta(progress.eta_s)}
      </span>
    </div>
  );
}
