import { useState } from 'react';
import type { EvidenceExportDto } from '../../../../src-main/shared/model/evidence';
import { callOrToast } from '../../api/callOrToast';
import { formatBytes, formatCount } from '../../ui/format';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { judgementStatus } from './outcome';

type Mode = 'time' | 'seals';

/**
 * "Export evidence" (docs/seal-format.md §12): chosen sealed rows of audit_logs, by time or by
 * seal, written by the main process as one govcon-evidence/v1 file that anyone can verify offline.
 */
export function EvidenceExport(): React.JSX.Element {
  const [out, setOut] = useState('');
  const [mode, setMode] = useState<Mode>('time');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [first, setFirst] = useState('1');
  const [last, setLast] = useState('1');
  const [withVerifier, setWithVerifier] = useState(false);
  const job = useJob<EvidenceExportDto>();
  const { result, jobId } = job;
  const start = (e: React.FormEvent) => {
    e.preventDefault();
    const selection =
      mode === 'time' ? { kind: 'time' as const, from, to } : { kind: 'seals' as const, first: Number(first), last: Number(last) };
    void job.follow(callOrToast('evidence/export', { out, selection, withVerifier }));
  };
  return (
    <form className="card" onSubmit={start} aria-label="Export evidence">
      <h2>Export evidence</h2>
      <p className="muted">
        Sealed rows of the audit trail in one file, with their proofs and the signed checkpoint: an auditor verifies it offline (Verify
        evidence file, govcon verify-bundle, or the standalone verifier).
      </p>
      <label>
        Rows
        <select value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          <option value="time">by time (created_at, UTC)</option>
          <option value="seals">by seal</option>
        </select>
      </label>
      {mode === 'time' ? (
        <>
          <label>
            From (ISO 8601, UTC)
            <input required value={from} placeholder="2026-03-11T04:00:00Z" onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To (exclusive)
            <input required value={to} placeholder="2026-03-11T05:00:00Z" onChange={(e) => setTo(e.target.value)} />
          </label>
        </>
      ) : (
        <>
          <label>
            First seal
            <input required type="number" min={1} value={first} onChange={(e) => setFirst(e.target.value)} />
          </label>
          <label>
            Last seal
            <input required type="number" min={1} value={last} onChange={(e) => setLast(e.target.value)} />
          </label>
        </>
      )}
      <label>
        Save as (full path)
        <input required value={out} placeholder="/path/to/evidence.tar" onChange={(e) => setOut(e.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={withVerifier} onChange={(e) => setWithVerifier(e.target.checked)} /> Include the standalone verifier
      </label>
      <button type="submit" className="primary" disabled={job.running}>
        Export evidence
      </button>
      <JobPanel jobId={jobId} label="export-evidence" describe={judgementStatus} />
      {result && (
        <p data-testid="evidence-export-summary">
          Wrote <code>{result.file}</code>: {formatCount(result.rows)} rows in {formatCount(result.runs)} runs, {formatBytes(result.bytes)},
          proven against seal {result.seal_number} (tree size {formatCount(result.tree_size)})
          {result.unsealed > 0 && <>; {formatCount(result.unsealed)} matching rows are in no seal yet and were left out</>}. Signed by{' '}
          <code>{result.signers.join(', ')}</code>.
        </p>
      )}
    </form>
  );
}
