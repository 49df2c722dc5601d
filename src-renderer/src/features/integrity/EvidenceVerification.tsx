import { useState } from 'react';
import type { EvidenceReport } from '../../../../src-main/shared/model/report';
import { callOrToast } from '../../api/callOrToast';
import { formatCount } from '../../ui/format';
import { FilePicker } from '../../ui/files/FilePicker';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { ExportButtons } from './ExportButtons';
import { Findings } from './Findings';
import { judgementStatus } from './outcome';
import { ReportFacts } from './ReportFacts';
import { Verdict } from './Verdict';

const EVIDENCE_FILES = [
  { name: 'Evidence bundle (tar)', extensions: ['tar'] },
  { name: 'All files', extensions: ['*'] },
];

/** The verifier keys typed or pasted, one per line (blank lines and # comments skipped). */
function keyLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/**
 * "Verify evidence file" (docs/seal-format.md §12): a govcon-evidence/v1 bundle checked with no
 * database and no network, against the keys the user trusts — never the ones inside the bundle,
 * which are shown beside the result.
 */
export function EvidenceVerification(): React.JSX.Element {
  const [path, setPath] = useState('');
  const [keys, setKeys] = useState('');
  const job = useJob<EvidenceReport>();
  const { result, jobId } = job;
  const start = (e: React.FormEvent) => {
    e.preventDefault();
    void job.follow(callOrToast('evidence/verify-bundle', { path, trustedKeys: keyLines(keys) }));
  };
  return (
    <form className="card" onSubmit={start} aria-label="Verify evidence file">
      <h2>Verify evidence file</h2>
      <p className="muted">
        An evidence bundle exported with govcon export-evidence, checked offline: every row against its leaf, the leaves against checkpoints
        signed by a key you trust.
      </p>
      <FilePicker
        label="Evidence file"
        required
        value={path}
        placeholder="/path/to/evidence.tar"
        dialogTitle="Choose an evidence bundle to verify"
        filters={EVIDENCE_FILES}
        onChange={setPath}
      />
      <label>
        Trusted keys (verifier key lines, one per line)
        <textarea
          required
          rows={3}
          value={keys}
          spellCheck={false}
          placeholder="name+1a2b3c4d+AbC…="
          onChange={(e) => setKeys(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={job.running || keyLines(keys).length === 0}>
        Verify evidence file
      </button>
      <JobPanel jobId={jobId} label="verify-bundle" describe={judgementStatus} />
      {result && jobId && (
        <>
          <Verdict report={result}>
            {formatCount(result.total)} rows of {result.table ?? '?'}: {formatCount(result.ok)} proven against signed checkpoints, in{' '}
            {formatCount(result.runs)} runs
          </Verdict>
          <ul aria-label="Checkpoints" data-testid="evidence-checkpoints">
            {result.checkpoints.map((c) => (
              <li key={c.member}>
                {c.member}: tree size {formatCount(c.size)}, {c.trusted ? 'signed by a trusted key' : 'not signed by a trusted key'} —{' '}
                {c.signers.map((s) => `${s.name} ${s.key_id}${s.trusted ? '' : ' (not trusted)'}`).join(', ')}
              </li>
            ))}
          </ul>
          {result.keys_in_bundle.length > 0 && (
            <p className="muted">
              Keys inside the file (shown, never trusted):{' '}
              {result.keys_in_bundle.map((k) => (
                <code key={k}>{k} </code>
              ))}
            </p>
          )}
          {result.findings.some((f) => f.kind !== 'empty') && (
            <Findings label="Evidence findings" findings={result.findings} notListed={result.findings_not_listed} where="row" />
          )}
          <ReportFacts report={result} />
          <ExportButtons jobId={jobId} />
        </>
      )}
    </form>
  );
}
