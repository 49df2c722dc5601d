import { useState } from 'react';
import type { ImportResult, VerifyDbResult, VerifyFileResult } from '../../../src-main/shared/model/verification';
import { call } from '../api/client';
import { download } from '../components/download';
import { JobPanel, useJobResult } from '../components/JobPanel';
import { useStore } from '../store';

const LISTED = 200;

function ExportButtons({ jobId }: { jobId: string }): React.JSX.Element {
  const save = async (format: 'json' | 'html') => {
    const file = await call('integrity/report', { jobId, format }).catch(() => null);
    if (file) download(file);
  };
  return (
    <div className="actions">
      <button type="button" onClick={() => void save('json')}>
        Export JSON
      </button>
      <button type="button" onClick={() => void save('html')}>
        Export HTML report
      </button>
    </div>
  );
}

function Verdict({ pass, children }: { pass: boolean; children: React.ReactNode }): React.JSX.Element {
  return (
    <p className={`verdict ${pass ? 'pass' : 'fail'}`} data-testid="verdict">
      <strong>{pass ? 'PASS' : 'FAIL'}</strong> — {children}
    </p>
  );
}

function DatabaseVerification(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const [jobId, setJobId] = useState<string | null>(null);
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  const result = useJobResult<VerifyDbResult>(jobId);
  const start = async () => {
    const ref = await call('integrity/verify-db', {}).catch(() => null);
    if (ref) setJobId(ref.jobId);
  };
  return (
    <div className="card">
      <h2>Verify the database's audit trail (db-v1)</h2>
      <p className="muted">Recomputes every audit_logs row's integrity hash, in (created_at, id) order, straight from the server's COPY stream.</p>
      <button type="button" className="primary" disabled={!connection || (jobId !== null && !finished)} onClick={() => void start()}>
        Verify database
      </button>
      {!connection && <span className="muted"> Connect to a database first.</span>}
      <JobPanel jobId={jobId} label="verify-db" />
      {result && jobId && (
        <>
          <Verdict pass={result.ok === result.total}>
            {result.total.toLocaleString()} rows: {result.ok.toLocaleString()} ok, {result.tampered} tampered, {result.unverifiable} unverifiable
          </Verdict>
          {result.failures.length > 0 && (
            <table className="grid" aria-label="Failing rows">
              <thead>
                <tr>
                  <th>Verdict</th>
                  <th>id</th>
                  <th>trace_id</th>
                  <th>created_at</th>
                  <th>stored</th>
                  <th>recomputed</th>
                </tr>
              </thead>
              <tbody>
                {result.failures.slice(0, LISTED).map((f) => (
                  <tr key={f.id}>
                    <td>
                      {f.verdict} ({f.reason})
                    </td>
                    <td>
                      <code>{f.id}</code>
                    </td>
                    <td>
                      <code>{f.trace_id}</code>
                    </td>
                    <td>{f.created_at}</td>
                    <td>
                      <code className="hash">{f.stored}</code>
                    </td>
                    <td>
                      <code className="hash">{f.computed}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.failures.length > LISTED && <p className="muted">{result.failures.length - LISTED} more in the exported report.</p>}
          <p className="note" data-testid="blind-spots">
            {result.not_covered}
          </p>
          <ExportButtons jobId={jobId} />
        </>
      )}
    </div>
  );
}

function FileVerification(): React.JSX.Element {
  const [path, setPath] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  const result = useJobResult<VerifyFileResult>(jobId);
  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    const ref = await call('integrity/verify-file', { path }).catch(() => null);
    if (ref) setJobId(ref.jobId);
  };
  const failing = result ? result.entries.filter((entry) => entry.verdict !== 'ok') : [];
  return (
    <form className="card" onSubmit={(e) => void start(e)} aria-label="Verify a file">
      <h2>Verify an exported audit log file offline (jsonl-v1)</h2>
      <p className="muted">Needs no database: each line of the service's logs/audit.jsonl is re-hashed exactly as the service wrote it.</p>
      <label>
        File path <input className="wide" required value={path} placeholder="/path/to/logs/audit.jsonl" onChange={(e) => setPath(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={jobId !== null && !finished}>
        Verify file
      </button>
      <JobPanel jobId={jobId} label="verify-file" />
      {result && jobId && (
        <>
          <Verdict pass={result.ok === result.total}>
            {result.total.toLocaleString()} lines: {result.ok.toLocaleString()} ok, {result.tampered} tampered, {result.malformed} malformed
          </Verdict>
          {failing.length > 0 && (
            <table className="grid" aria-label="Failing lines">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Verdict</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {failing.slice(0, LISTED).map((entry) => (
                  <tr key={entry.line}>
                    <td>{entry.line}</td>
                    <td>{entry.verdict}</td>
                    <td>{entry.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ExportButtons jobId={jobId} />
        </>
      )}
    </form>
  );
}

function FileImport(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const [path, setPath] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  const result = useJobResult<ImportResult>(jobId);
  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    const ref = await call('integrity/import-file', { path }).catch(() => null);
    if (ref) setJobId(ref.jobId);
  };
  return (
    <form className="card" onSubmit={(e) => void start(e)} aria-label="Import a file">
      <h2>Import an audit.jsonl file into the database</h2>
      <p className="muted">
        Only lines that verify are imported, each with its db-v1 hash and a chain of custody (file SHA-256, line number, the raw line). Importing the same or a grown file again adds nothing twice.
      </p>
      <label>
        File to import <input className="wide" required value={path} placeholder="/path/to/logs/audit.jsonl" onChange={(e) => setPath(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={!connection || connection.readOnly || (jobId !== null && !finished)}>
        Import file
      </button>
      <JobPanel jobId={jobId} label="import-jsonl" />
      {result && (
        <>
          <p className={`verdict ${result.rejected_total ? 'fail' : 'pass'}`} data-testid="import-summary">
            {result.total.toLocaleString()} lines: {result.imported.toLocaleString()} imported, {result.already_present.toLocaleString()} already present, {result.duplicates} repeated in the file,{' '}
            {result.matched_existing} already written by the service, {result.rejected_total} rejected
          </p>
          <p className="note">
            File SHA-256 <code className="hash">{result.sha256}</code>
          </p>
          {result.rejected.length > 0 && (
            <table className="grid" aria-label="Rejected lines">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Reason</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {result.rejected.slice(0, LISTED).map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>{r.reason}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </form>
  );
}

export function IntegrityPage(): React.JSX.Element {
  return (
    <section>
      <h1>Integrity</h1>
      <DatabaseVerification />
      <FileVerification />
      <FileImport />
    </section>
  );
}
