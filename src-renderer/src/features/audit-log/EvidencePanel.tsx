import { useState } from 'react';
import type { EvidenceExportDto } from '../../../../src-main/shared/model/evidence';
import { callOrToast } from '../../api/callOrToast';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { formatBytes, formatCount } from '../../ui/format';

/**
 * "Export as evidence…": the sealed entries of the current filter as one govcon-evidence/v1 file
 * (docs/seal-format.md §12), written by the main process, that an auditor verifies offline.
 * Entries in no seal yet are counted and left out: nothing proves them.
 */
export function EvidencePanel({ filter }: { filter: string }): React.JSX.Element {
  const [path, setPath] = useState('');
  const [withVerifier, setWithVerifier] = useState(false);
  const job = useJob<EvidenceExportDto>();
  const start = () =>
    void job.follow(callOrToast('evidence/export', { out: path.trim(), selection: { kind: 'filter', filter }, withVerifier }));
  const result = job.result;
  return (
    <details className="audit-export" data-testid="audit-evidence">
      <summary>Export as evidence…</summary>
      <form
        className="filters"
        aria-label="Export as evidence"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label className="grow">
          Save to (full path of a new file)
          <input type="text" value={path} placeholder="/home/me/evidence.tar" onChange={(e) => setPath(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={withVerifier} onChange={(e) => setWithVerifier(e.target.checked)} /> Include the standalone
          verifier
        </label>
        <button type="submit" className="primary" disabled={!path.trim() || job.running}>
          Export evidence
        </button>
      </form>
      <p className="muted">
        Filter: {filter ? <code>{filter}</code> : 'none (every entry)'}. The sealed entries it shows, with their proofs against the newest
        seal and its verifier key, in one file that Verify evidence file, govcon verify-bundle or the standalone verifier checks offline.
        Entries not sealed yet cannot be proven and are left out.
      </p>
      <JobPanel jobId={job.jobId} label="audit-evidence" />
      {result && (
        <p data-testid="audit-evidence-result">
          {formatCount(result.rows)} {result.rows === 1 ? 'entry' : 'entries'} went in ({formatCount(result.runs)}{' '}
          {result.runs === 1 ? 'run' : 'runs'}, {formatBytes(result.bytes)}), proven against seal {result.seal_number};{' '}
          {formatCount(result.unsealed)} left out as not sealed. Wrote <code>{result.file}</code>, signed by{' '}
          <code className="hash">{result.signers.join(', ')}</code>.
        </p>
      )}
    </details>
  );
}
