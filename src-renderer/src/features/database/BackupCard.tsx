import { useState } from 'react';
import type { BackupReport } from '../../../../src-main/shared/model/report';
import { callOrToast } from '../../api/callOrToast';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';
import { formatBytes, formatCount } from '../../ui/format';

const seconds = (ms: number | null) => (ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`);

/** What a backup report says, in a few lines: the file, its id, the tables, or where the file is damaged. */
function BackupResult({ report }: { report: BackupReport }): React.JSX.Element {
  const fault = report.findings[0];
  const detail = fault?.detail as { message?: string } | null | undefined;
  return (
    <div data-testid={`backup-${report.operation}-result`}>
      <p className={report.outcome === 'clean' ? 'pass' : 'warning'}>
        {report.outcome === 'clean'
          ? `${report.operation === 'backup' ? 'Backed up' : 'Sound'}: ${formatCount(report.total)} rows in ${report.tables.length} tables` +
            ` (backup taken in ${seconds(report.backup_duration_ms)}).`
          : `Not sound (${fault?.kind ?? 'finding'}): ${detail?.message ?? ''} Do not restore this file.`}
      </p>
      <p className="muted">
        {report.file.path}, {formatBytes(report.file.size)}, SHA-256 <code className="hash">{report.file.sha256}</code>
        {report.backup_id && (
          <>
            ; backup <code>{report.backup_id}</code>
          </>
        )}
        {report.source && (
          <>
            {' '}
            of {report.source.database} (PostgreSQL {report.source.server_version}) at {report.source.snapshot_at}
          </>
        )}
      </p>
    </div>
  );
}

/**
 * Backups of the connected database in the console's own format (govcon-backup/1): main streams
 * every table to the file, never through this window; and a check of a backup file, complete,
 * without restoring it. Restoring is `govcon restore FILE --url URL` (into an empty database).
 */
export function BackupCard(): React.JSX.Element {
  const [out, setOut] = useState('');
  const [file, setFile] = useState('');
  const backup = useJob<BackupReport>();
  const verify = useJob<BackupReport>();
  return (
    <section className="card" aria-label="Backup">
      <h2>Backup</h2>
      <p className="muted">
        Every table (the service&apos;s, the console&apos;s, seals, custody, the migrations) in one snapshot, to one file with a SHA-256 per
        table and a trailer over every byte. Restore with <code>govcon restore FILE --url URL</code> into an empty database.
      </p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void backup.follow(callOrToast('backup/create', { path: out.trim() }));
        }}
      >
        <label className="grow">
          Back up to (full path of a new file)
          <input type="text" value={out} placeholder="/home/me/governance.gcb" onChange={(e) => setOut(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={!out.trim() || backup.running}>
          Back up
        </button>
      </form>
      <JobPanel jobId={backup.jobId} label="backup" />
      {backup.result && <BackupResult report={backup.result} />}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void verify.follow(callOrToast('backup/verify', { path: file.trim() }));
        }}
      >
        <label className="grow">
          Check a backup file (full path)
          <input type="text" value={file} placeholder="/home/me/governance.gcb" onChange={(e) => setFile(e.target.value)} />
        </label>
        <button type="submit" disabled={!file.trim() || verify.running}>
          Check
        </button>
      </form>
      <JobPanel jobId={verify.jobId} label="backup-verify" />
      {verify.result && <BackupResult report={verify.result} />}
    </section>
  );
}
