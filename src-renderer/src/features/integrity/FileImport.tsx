import { useState } from 'react';
import type { ImportResult } from '../../../../src-main/shared/model/verification';
import { callOrToast } from '../../api/callOrToast';
import { useStore } from '../../store';
import { formatCount } from '../../ui/format';
import { AUDIT_LOG_FILES, FilePicker } from '../../ui/files/FilePicker';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { RejectedLines } from './RejectedLines';

function Summary({ result }: { result: ImportResult }): React.JSX.Element {
  const counts = [
    `${formatCount(result.imported)} imported`,
    `${formatCount(result.already_present)} already present`,
    `${result.duplicates} repeated in the file`,
    `${result.matched_existing} already written by the service`,
    `${result.rejected_total} rejected`,
  ];
  return (
    <p className={`verdict ${result.rejected_total ? 'fail' : 'pass'}`} data-testid="import-summary">
      {formatCount(result.total)} lines: {counts.join(', ')}
    </p>
  );
}

export function FileImport(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const [path, setPath] = useState('');
  const job = useJob<ImportResult>();
  const { result } = job;
  const start = (e: React.FormEvent) => {
    e.preventDefault();
    void job.follow(callOrToast('integrity/import-file', { path }));
  };
  return (
    <form className="card" onSubmit={start} aria-label="Import a file">
      <h2>Import an audit.jsonl file into the database</h2>
      <p className="muted">
        Only lines that verify are imported, each with its db-v1 hash and a chain of custody (file SHA-256, line number, the raw line).
        Importing the same or a grown file again adds nothing twice.
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
      <JobPanel jobId={job.jobId} label="import-jsonl" />
      {result && (
        <>
          <Summary result={result} />
          <p className="note">
            File SHA-256 <code className="hash">{result.sha256}</code>
          </p>
          {result.rejected.length > 0 && <RejectedLines rejected={result.rejected} notListed={result.rejected_not_listed} />}
        </>
      )}
    </form>
  );
}
