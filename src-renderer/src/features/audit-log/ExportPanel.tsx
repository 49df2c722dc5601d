import { useState } from 'react';
import type { AuditExportResult, ExportFormat } from '../../../../src-main/shared/model/audit-log';
import { callOrToast } from '../../api/callOrToast';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { formatBytes, formatCount } from '../../ui/format';

/**
 * Export of the filtered entries: main streams them to the file (never through this window) with
 * a manifest beside it; progress and Cancel come from the job.
 */
export function ExportPanel({ filter }: { filter: string }): React.JSX.Element {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [path, setPath] = useState('');
  const job = useJob<AuditExportResult>();
  const start = () => void job.follow(callOrToast('audit/export', { filter, format, path: path.trim() }));
  return (
    <details className="audit-export">
      <summary>Export these entries</summary>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            <option value="csv">CSV</option>
            <option value="jsonl">JSONL</option>
          </select>
        </label>
        <label className="grow">
          Save to (full path of a new file)
          <input type="text" value={path} placeholder="/home/me/audit-export.csv" onChange={(e) => setPath(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={!path.trim() || job.running}>
          Export
        </button>
      </form>
      <p className="muted">
        Filter: {filter ? <code>{filter}</code> : 'none (every entry)'}. Oldest first; a manifest with the row count and SHA-256 is written
        beside the file.
      </p>
      <JobPanel jobId={job.jobId} label="audit-export" />
      {job.result && (
        <p data-testid="export-result">
          {formatCount(job.result.rows)} entries, {formatBytes(job.result.bytes)}, SHA-256 <code className="hash">{job.result.sha256}</code>
          ; manifest <code>{job.result.manifest}</code>
        </p>
      )}
    </details>
  );
}
