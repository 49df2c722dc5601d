import type { CustodyReport } from '../../../../src-main/shared/model/report';
import type { ImportRunDto } from '../../../../src-main/shared/model/verification';
import { callOrToast } from '../../api/callOrToast';
import { useCall } from '../../api/useCall';
import { useStore } from '../../store';
import { download } from '../../ui/download';
import { formatCount, formatTime } from '../../ui/format';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { DataTable } from '../../ui/table/DataTable';
import { compareNumber, compareText } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';
import { ExportButtons } from './ExportButtons';
import { Findings } from './Findings';
import { judgementStatus } from './outcome';
import { ReportFacts } from './ReportFacts';
import { Verdict } from './Verdict';

interface RunActions {
  busy: boolean;
  reverify(id: string): void;
  exportRejected(id: string): void;
}

function columns(actions: RunActions): Column<ImportRunDto>[] {
  const n = (v: number | null) => (v === null ? '—' : formatCount(v));
  return [
    {
      id: 'file',
      header: 'File',
      compare: (a, b) => compareText(a.fileName, b.fileName),
      cell: (r) => <span title={r.filePath}>{r.fileName}</span>,
    },
    { id: 'sha256', header: 'SHA-256', cell: (r) => <code className="hash">{r.sha256}</code> },
    {
      id: 'lines',
      header: 'Lines',
      numeric: true,
      compare: (a, b) => compareNumber(a.totalLines ?? 0, b.totalLines ?? 0),
      cell: (r) => n(r.totalLines),
    },
    { id: 'imported', header: 'Imported', numeric: true, cell: (r) => n(r.imported) },
    { id: 'rejected', header: 'Rejected', numeric: true, cell: (r) => n(r.rejected) },
    { id: 'differs', header: 'Differ from DB', numeric: true, cell: (r) => n(r.differs) },
    { id: 'id', header: 'Custody run', cell: (r) => <code>{r.id}</code> },
    { id: 'status', header: 'Status', cell: (r) => r.status },
    {
      id: 'imported_at',
      header: 'Imported at (UTC)',
      firstDirection: 'desc',
      compare: (a, b) => compareText(a.importedAt, b.importedAt),
      cell: (r) => `${formatTime(r.importedAt)} by ${r.operator}`,
    },
    {
      id: 'actions',
      header: '',
      cell: (r) => (
        <span className="row-actions">
          <button type="button" disabled={actions.busy} onClick={() => actions.reverify(r.id)}>
            Re-verify
          </button>
          <button type="button" disabled={!r.rejected} onClick={() => actions.exportRejected(r.id)}>
            Export rejected lines
          </button>
        </span>
      ),
    },
  ];
}

/**
 * The import runs custody holds (file, SHA-256, lines, imported, rejected, custody run id),
 * re-proved from their raw lines on demand (verify-custody as a job), their rejected lines
 * exportable. `version` changes when an import ends, to list it.
 */
/** The runs custody holds, loaded when shown (the parent remounts it to load them again). */
function ImportsList({ actions }: { actions: RunActions }): React.JSX.Element {
  const { value, reload } = useCall('integrity/imports', {});
  const cols = columns(actions);
  const feed = useRowsFeed(value?.runs ?? NO_RUNS, cols, { loading: value === null });
  if (value?.missing) {
    return (
      <p className="warning" data-testid="custody-missing">
        {value.missing}
      </p>
    );
  }
  return (
    <>
      <button type="button" onClick={reload}>
        Refresh
      </button>
      <DataTable label="Imports" columns={cols} feed={feed} rowKey={(r) => r.id} empty="Nothing has been imported into this database." />
      {value && value.total > value.runs.length && (
        <p className="muted">
          The newest {value.runs.length} of {formatCount(value.total)} import runs are listed.
        </p>
      )}
    </>
  );
}

const NO_RUNS: ImportRunDto[] = [];

/**
 * The import runs custody holds (file, SHA-256, lines, imported, rejected, custody run id),
 * re-proved from their raw lines on demand (verify-custody as a job), their rejected lines
 * exportable. `version` changes when an import ends, to list it.
 */
export function CustodyImports({ version }: { version: number }): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const job = useJob<CustodyReport>();
  const { result, jobId } = job;
  const actions: RunActions = {
    busy: job.running,
    reverify: (importId) => void job.follow(callOrToast('integrity/verify-custody', { importId })),
    exportRejected: async (importId) => {
      const file = await callOrToast('integrity/rejected-lines', { importId });
      if (file) download(file);
    },
  };
  return (
    <section className="card" aria-label="Chain of custody">
      <h2>Chain of custody: imported files</h2>
      <p className="muted">
        Every import run with the SHA-256 of the bytes it read. Re-verifying proves each imported row again from the raw line kept in
        custody (jsonl-v1, then every column the line maps to).
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!connection || job.running}
          onClick={() => void job.follow(callOrToast('integrity/verify-custody', {}))}
        >
          Re-verify all imports
        </button>
      </div>
      {connection ? (
        <ImportsList key={`${connection.profileId}:${version}`} actions={actions} />
      ) : (
        <p className="muted">Connect to a database to see its imports.</p>
      )}
      <JobPanel jobId={jobId} label="verify-custody" describe={judgementStatus} />
      {result && jobId && (
        <>
          <Verdict report={result}>
            {formatCount(result.total)} imported rows: {formatCount(result.ok)} re-proved, {result.failed} failed
            {result.import_id ? ` (import run ${result.import_id})` : ' (every import run)'}
          </Verdict>
          {result.findings.some((f) => f.kind !== 'empty') && (
            <Findings label="Custody findings" findings={result.findings} notListed={result.findings_not_listed} where="line" />
          )}
          <ReportFacts report={result} />
          <ExportButtons jobId={jobId} />
        </>
      )}
    </section>
  );
}
