import { useEffect, useState } from 'react';
import type { ImportReport } from '../../../../src-main/shared/model/report';
import { callOrToast } from '../../api/callOrToast';
import { useStore } from '../../store';
import { download } from '../../ui/download';
import { formatCount } from '../../ui/format';
import { AUDIT_LOG_FILES, FilePicker } from '../../ui/files/FilePicker';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { ExportButtons } from './ExportButtons';
import { Findings } from './Findings';
import { judgementStatus } from './outcome';
import { ReportFacts } from './ReportFacts';
import { Verdict } from './Verdict';

function counts(result: ImportReport): string {
  return [
    `${formatCount(result.imported)} imported`,
    `${formatCount(result.already_present)} already present`,
    `${result.duplicates} repeated in the file`,
    `${result.matched_existing} already written by the service`,
    `${result.differs} differ from the database`,
    `${result.rejected} rejected`,
  ].join(', ');
}

export function FileImport({ onImported }: { onImported?: () => void }): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const [path, setPath] = useState('');
  const job = useJob<ImportReport>();
  const { result, jobId, finished } = job;
  // An import that ended (however) changes what custody holds: the imports list follows.
  useEffect(() => {
    if (finished) onImported?.();
  }, [finished, onImported]);
  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    await job.follow(callOrToast('integrity/import-file', { path }));
  };
  const exportRejected = async (importId: string) => {
    const file = await callOrToast('integrity/rejected-lines', { importId });
    if (file) download(file);
  };
  return (
    <form className="card" onSubmit={(e) => void start(e)} aria-label="Import a file">
      <h2>Import an audit.jsonl file into the database</h2>
      <p className="muted">
        Only lines that verify are imported, each with its db-v1 hash and a chain of custody (file SHA-256, line number, the raw line).
        Importing the same or a grown file again adds nothing twice; a line whose row exists with other values is reported, never merged.
      </p>
      <FilePicker
        label="File to import"
        required
        value={path}
        placeholder="/path/to/logs/audit.jsonl"
        dialogTitle="Choose an audit.jsonl file to import"
        filters={AUDIT_LOG_FILES}
        onChange={setPath}
      />
      <button type="submit" className="primary" disabled={!connection || connection.readOnly || job.running}>
        Import file
      </button>
      <JobPanel jobId={jobId} label="import-jsonl" describe={judgementStatus} />
      {result && jobId && (
        <>
          <Verdict report={result}>
            <span data-testid="import-summary">
              {formatCount(result.total)} lines: {counts(result)}
            </span>
          </Verdict>
          <p className="note">
            File SHA-256 <code className="hash">{result.subject.type === 'file' ? result.subject.sha256 : ''}</code>; custody run{' '}
            <code>{result.import_id}</code>
          </p>
          {result.findings.some((f) => f.kind !== 'empty') && (
            <Findings label="Rejected lines" findings={result.findings} notListed={result.findings_not_listed} where="line" />
          )}
          <ReportFacts report={result} />
          <div className="actions">
            <ExportButtons jobId={jobId} />
            {result.rejected > 0 && (
              <button type="button" onClick={() => void exportRejected(result.import_id)}>
                Export rejected lines
              </button>
            )}
          </div>
        </>
      )}
    </form>
  );
}
