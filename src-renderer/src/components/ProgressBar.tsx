import type { JobProgress } from '../../../src-main/shared/dto';

function formatEta(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

export function ProgressBar({ progress }: { progress: JobProgress }): React.JSX.Element {
  const pct = progress.total ? Math.min(100, (100 * progress.done) / progress.total) : null;
  return (
    <div className="progress" data-testid="job-progress">
      <progress max={100} value={pct ?? undefined} aria-label="Job progress" />
      <span>
        {progress.done.toLocaleString()}
        {progress.total !== null && ` / ${progress.total.toLocaleString()}`} · {progress.rate.toFixed(1)}/s · ETA {formatEta(progress.eta_s)}
      </span>
    </div>
  );
}
