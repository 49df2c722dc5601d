import { useEffect, useRef } from 'react';
import { callOrToast } from '../api/callOrToast';
import { useStore } from '../store';
import { useReadOnly } from '../store/useReadOnly';
import { useConfirm } from './ConfirmDialog';
import { JobPanel } from './jobs/JobPanel';
import { useJob } from './jobs/useJob';

/** Demo audit entries the button generates (govcon demo goes further). */
const DEMO_ROWS = 10_000;

/**
 * What a page shows when the database has no audit data yet: how to get some. Generate demo data
 * (into an empty database only: main refuses otherwise) or import the service's audit.jsonl.
 */
export function EmptyData({ what, onLoaded }: { what: string; onLoaded(): void }): React.JSX.Element {
  const navigate = useStore((s) => s.navigate);
  const target = useStore((s) => s.connection?.target ?? 'this database');
  const readOnly = useReadOnly();
  const job = useJob<unknown>();
  const { confirm, dialog } = useConfirm();
  const succeeded = job.finished?.status === 'succeeded' ? job.jobId : null;
  // Once per job that loaded data, however often the page renders meanwhile.
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (!succeeded || told.current === succeeded) return;
    told.current = succeeded;
    onLoaded();
  }, [succeeded, onLoaded]);
  const generate = async () => {
    const ok = await confirm({
      title: 'Generate demo data?',
      message: `${DEMO_ROWS.toLocaleString()} made-up audit entries, with their users, workflow executions and metrics, go into ${target}. Use an empty workspace for this, never a real trail.`,
      confirmLabel: `Generate ${DEMO_ROWS.toLocaleString()} demo entries`,
    });
    if (ok) await job.follow(callOrToast('demo/generate', { rows: DEMO_ROWS }));
  };
  return (
    <div className="empty-state" data-testid="empty-data">
      <p>{what} The database has no audit entries yet. Import the service’s logs/audit.jsonl, or generate demo data to look around.</p>
      <div className="actions">
        <button type="button" onClick={() => navigate('integrity')}>
          Import audit.jsonl
        </button>
        <button
          type="button"
          disabled={readOnly || job.running}
          title={readOnly ? 'This connection is read-only' : undefined}
          onClick={() => void generate()}
        >
          Generate demo data
        </button>
      </div>
      <JobPanel jobId={job.jobId} label="demo-data" />
      {dialog}
    </div>
  );
}
