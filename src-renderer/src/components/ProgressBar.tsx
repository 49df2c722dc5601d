import type { JobKind, JobProgress } from '../../../src-main/shared/model/jobs';

/** What each kind of job counts, so "done / total" reads as rows, bytes or migrations. */
const UNITS: Record<JobKind, 'rows' | 'bytes' | 'migrations' | 'samples'> = {
  'health-probe': 'samples',
  initialise: 'migrations',
  migrate: 'migrations',
  'verify-db': 'rows',
  'verify-file': 'bytes',
  'import-jsonl': 'bytes',
};

function formatEta(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

function amount(n: number, unit: string): string {
  if (unit !== 'bytes') return n.toLocaleString();
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function ProgressBar({ progress }: { progress: JobProgress }): React.JSX.Element {
  const unit = UNITS[progress.kind];
  const pct = progress.total ? Math.min(100, (100 * progress.done) / progress.total) : null;
  const rate = unit === 'bytes' ? `${amount(progress.rate, unit)}/s` : `${Math.round(progress.rate).toLocaleString()} ${unit}/s`;
  return (
    <div className="progress" data-testid="job-progress">
      <progress max={100} value={pct ?? undefined} aria-label="Job progress" />
      <span>
        {amount(progress.done, unit)}
        {progress.total !== null && ` / ${amount(progress.total, unit)}`} {unit !== 'bytes' && unit} · {rate} · ETA {formatEta(progress.eta_s)}
      </span>
    </div>
  );
}
