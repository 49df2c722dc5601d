import { useState } from 'react';
import type { JsonlV1Report } from '../../../../src-main/shared/model/report';
import { callOrToast } from '../../api/callOrToast';
import { formatCount } from '../../ui/format';
import { AUDIT_LOG_FILES, FilePicker } from '../../ui/files/FilePicker';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { ExportButtons } from './ExportButtons';
import { Findings } from './Findings';
import { judgementStatus } from './outcome';
import { ReportFacts } from './ReportFacts';
import { Verdict } from './Verdict';

export function FileVerification(): React.JSX.Element {
  const [path, setPath] = useState('');
  const job = useJob<JsonlV1Report>();
  const { result, jobId } = job;
  const start = (e: React.FormEvent) => {
    e.preventDefault();
    void job.follow(callOrToast('integrity/verify-file', { path }));
  };
  return (
    <form className="card" onSubmit={start} aria-label="Verify a file">
      <h2>Verify an exported audit log file offline (jsonl-v1)</h2>
      <p className="muted">Needs no database: each line of the service's logs/audit.jsonl is re-hashed exactly as the service wrote it.</p>
      <FilePicker
        label="File path"
        required
        value={path}
        placeholder="/path/to/logs/audit.jsonl"
        dialogTitle="Choose an audit.jsonl file to verify"
        filters={AUDIT_LOG_FILES}
        onChange={setPath}
      />
      <button type="submit" className="primary" disabled={job.running}>
        Verify file
      </button>
      <JobPanel jobId={jobId} label="verify-file" describe={judgementStatus} />
      {result && jobId && (
        <>
          <Verdict report={result}>
            {formatCount(result.total)} lines: {formatCount(result.ok)} ok, {result.tampered} tampered, {result.malformed} malformed
          </Verdict>
          {result.findings.some((f) => f.kind !== 'empty') && (
            <Findings label="Failing lines" findings={result.findings} notListed={result.findings_not_listed} where="line" />
          )}
          <ReportFacts report={result} />
          <ExportButtons jobId={jobId} />
        </>
      )}
    </form>
  );
}
