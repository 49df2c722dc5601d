import type { JobFinished } from '../../../../src-main/shared/model/jobs';
import { callOrToast } from '../../api/callOrToast';
import { useStore } from '../../store';
import { ProgressBar } from './ProgressBar';

/** How a finished job reads (a judgement names its outcome); default: its status and error. */
export type DescribeJob = (finished: JobFinished) => { text: string; tone: string };

const byStatus: DescribeJob = (finished) => ({
  text: `${finished.status}${finished.error ? `: ${finished.error.message}` : ''}`,
  tone: finished.status,
});

/** Progress, cancel and outcome of one job; renders nothing before a job is started. */
export function JobPanel({
  jobId,
  label,
  describe = byStatus,
}: {
  jobId: string | null;
  label: string;
  describe?: DescribeJob;
}): React.JSX.Element | null {
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
        <p className={`job-status ${describe(finished).tone}`} data-testid="job-status">
          {describe(finished).text}
        </p>
      )}
    </div>
  );
}
