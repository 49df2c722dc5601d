import { callOrToast } from '../../api/callOrToast';
import { useStore } from '../../store';
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
        <button type="button" onClick={() => void callOrToast('jobs/cancel', { jobId })}>
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
