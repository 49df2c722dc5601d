import { call } from '../api/client';
import { useStore } from '../store';
import { ProgressBar } from './ProgressBar';

/** Progress, cancel and outcome of one job; renders nothing before a job is started. */
export function JobPanel({ jobId, label }: { jobId: string | null; label: string }): React.JSX.Element | null {
  const progress = useStore((s) => (jobId ? s.progress[jobId] : undefined));
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  if (!jobId) return null;
  return (
    <div className="job" data-testid={`job-${label}`}>
      {progress && <ProgressBar progress={progress} />}
      {!finished && (
        <button type="button" onClick={() => void call('jobs/cancel', { jobId }).catch(() => null)}>
          Cancel
        </button>
      )}
      {finished && (
        <p className={`job-status ${finished.status}`} data-testid="job-status">
          {finished.status}
          {finished.error && `: ${finished.error.message}`}
        </p>
      )}
    </div>
  );
}

/** The result of a job once it succeeded, typed by the caller. */
export function useJobResult<T>(jobId: string | null): T | null {
  return useStore((s) => {
    const f = jobId ? s.finished[jobId] : undefined;
    return f?.status === 'succeeded' ? (f.result as T) : null;
  });
}
