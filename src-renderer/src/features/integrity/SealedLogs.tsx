import { useEffect, useState } from 'react';
import type { JobFinished } from '../../../../src-main/shared/model/jobs';
import type { SealReport } from '../../../../src-main/shared/model/report';
import type { SealLogStatusDto, SealSummaryDto } from '../../../../src-main/shared/model/seals';
import { callOrToast } from '../../api/callOrToast';
import { useCall } from '../../api/useCall';
import { useStore } from '../../store';
import { formatCount } from '../../ui/format';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { ExportButtons } from './ExportButtons';
import { Findings } from './Findings';
import { judgementStatus } from './outcome';
import { ReportFacts } from './ReportFacts';
import { Verdict } from './Verdict';

/** What a seal job did, in words. */
function sealStatus(finished: JobFinished): { text: string; tone: string } {
  if (finished.status !== 'succeeded') return judgementStatus(finished);
  const logs =
    (finished.result as { logs?: { table: string; sealed: boolean; seal_number: number | null; leaves_added: number }[] }).logs ?? [];
  const made = logs.filter((l) => l.sealed);
  if (made.length === 0) return { text: 'nothing to seal', tone: 'succeeded' };
  return {
    text: `sealed: ${made.map((l) => `${l.table} seal ${l.seal_number} (+${formatCount(l.leaves_added)} leaves)`).join(', ')}`,
    tone: 'succeeded',
  };
}

function SealRows({ seals }: { seals: SealSummaryDto[] }): React.JSX.Element {
  return (
    <table className="seals" aria-label="Seals">
      <thead>
        <tr>
          <th>Seal</th>
          <th>Leaves</th>
          <th>Sealed at (UTC)</th>
          <th>By</th>
          <th>Horizon</th>
          <th>Signed by</th>
          <th>Late rows</th>
        </tr>
      </thead>
      <tbody>
        {seals.map((s) => (
          <tr key={s.seal_number}>
            <td>{s.seal_number}</td>
            <td>
              {formatCount(s.previous_size + 1)}–{formatCount(s.tree_size)}
            </td>
            <td>{s.sealed_at.slice(0, 19)}</td>
            <td>{s.sealed_by}</td>
            <td title={s.sees_all_sessions ? 'saw every session' : 'saw its own sessions only (grant pg_read_all_stats)'}>
              {s.horizon.slice(0, 19)} ({s.horizon_source})
            </td>
            <td>
              {s.signers.map((k) => (
                <code key={`${k.name}+${k.key_id}`}>
                  {k.name} {k.key_id}
                </code>
              ))}
            </td>
            <td>
              {s.late_imported + s.late_accepted > 0
                ? `${s.late_imported} imported, ${s.late_accepted} accepted`
                : s.late_left > 0
                  ? `${s.late_left} left out`
                  : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LogStatus({ log }: { log: SealLogStatusDto }): React.JSX.Element {
  return (
    <div className="sealed-log" data-testid={`sealed-log-${log.table}`}>
      <h3>{log.table}</h3>
      <p>
        {log.tree_size > 0
          ? `Leaves 1–${formatCount(log.tree_size)} sealed in ${log.seals.length} seal${log.seals.length === 1 ? '' : 's'}`
          : 'Not sealed yet'}
        ; {formatCount(log.unsealed_rows)} of {formatCount(log.rows)} rows not yet sealed
        {log.unsealable_rows > 0 && `; ${formatCount(log.unsealable_rows)} with no time (never sealed)`}.
      </p>
      {log.origin && (
        <p className="muted">
          Origin <code>{log.origin}</code>
        </p>
      )}
      {log.seals.length > 0 && <SealRows seals={log.seals} />}
    </div>
  );
}

/**
 * The sealed logs (docs/seal-format.md): what is sealed and what is not yet, each seal with its
 * signers; Seal (a job, with the console's own signing key) and Verify with the seals (a job; the
 * trusted keys are typed or pasted, never taken from the database).
 */
export function SealedLogs(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  if (!connection) {
    return (
      <section className="card" aria-label="Sealed logs">
        <h2>Sealed logs (seal-v1)</h2>
        <p className="muted">Connect to a database to see its seals.</p>
      </section>
    );
  }
  return <SealedLogsOf key={connection.profileId} connected />;
}

function SealedLogsOf({ connected }: { connected: boolean }): React.JSX.Element {
  const connection = connected;
  const sealJob = useJob<unknown>();
  const verifyJob = useJob<SealReport>();
  const [keyName, setKeyName] = useState('console-officer');
  const [typed, setTrusted] = useState<string | null>(null);
  const sealDone = sealJob.finished?.status;
  const { value: status, reload } = useCall('seals/status', {});
  useEffect(() => {
    if (sealDone) reload();
  }, [sealDone, reload]);
  const appKey = status?.app_key ?? null;
  // The console's own key is offered until something else is typed.
  const trusted = typed ?? appKey?.vkey ?? '';
  const createKey = async () => {
    if (await callOrToast('seals/create-key', { name: keyName })) reload();
  };
  const keys = trusted
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const report = verifyJob.result;
  return (
    <section className="card" aria-label="Sealed logs">
      <h2>Sealed logs (seal-v1)</h2>
      <p className="muted">
        audit_logs and console_events as append-only Merkle logs, each state signed as a checkpoint (Ed25519). Verifying recomputes every
        leaf from the rows and checks every seal against the keys you trust.
      </p>
      {!connection && <p className="muted">Connect to a database to see its seals.</p>}
      {connection && status && !status.has_seal_tables && (
        <p className="warning">This database has no seal tables yet: migrate it first.</p>
      )}
      {connection && status?.logs.map((log) => <LogStatus key={log.table} log={log} />)}
      {connection && status && (
        <div className="actions">
          {appKey ? (
            <span>
              Signing key <code data-testid="app-vkey">{appKey.vkey}</code>
            </span>
          ) : (
            <span>
              <label>
                Key name <input value={keyName} onChange={(e) => setKeyName(e.target.value)} aria-label="Key name" />
              </label>{' '}
              <button type="button" onClick={() => void createKey()}>
                Create signing key
              </button>
            </span>
          )}
          <button
            type="button"
            className="primary"
            disabled={!appKey || sealJob.running}
            onClick={() => void sealJob.follow(callOrToast('seals/seal', {}))}
          >
            Seal now
          </button>
        </div>
      )}
      <JobPanel jobId={sealJob.jobId} label="seal" describe={sealStatus} />
      {connection && (
        <div className="actions">
          <label>
            Trusted keys (one verifier key a line)
            <textarea rows={2} cols={80} value={trusted} onChange={(e) => setTrusted(e.target.value)} aria-label="Trusted keys" />
          </label>
          <button
            type="button"
            className="primary"
            disabled={keys.length === 0 || verifyJob.running}
            onClick={() => void verifyJob.follow(callOrToast('seals/verify', { trustedKeys: keys }))}
          >
            Verify with seals
          </button>
        </div>
      )}
      <JobPanel jobId={verifyJob.jobId} label="verify-seals" describe={judgementStatus} />
      {report && verifyJob.jobId && (
        <>
          <Verdict report={report}>
            {formatCount(report.sealed_rows)} sealed rows in {report.seals} seals verified against their leaves;{' '}
            {formatCount(report.unsealed_rows)} not yet sealed
          </Verdict>
          {report.findings.length > 0 && (
            <Findings label="Breaks" findings={report.findings} notListed={report.findings_not_listed} where="row" />
          )}
          <p className="note">{report.not_covered}</p>
          <ReportFacts report={report} />
          <ExportButtons jobId={verifyJob.jobId} />
        </>
      )}
    </section>
  );
}
