import { useState } from 'react';
import type { HardenResult } from '../../../../src-main/shared/model/database';
import { describePrivilegeFinding } from '../../../../src-main/shared/model/privileges';
import type { PrivilegesReport } from '../../../../src-main/shared/model/report';
import { callOrToast } from '../../api/callOrToast';

/** Least privilege: make the service, auditor and sealer roles, and check who could rewrite history. */
export function HardenCard({ readOnly }: { readOnly: boolean }): React.JSX.Element {
  const [result, setResult] = useState<HardenResult | null>(null);
  const [report, setReport] = useState<PrivilegesReport | null>(null);
  const harden = async () => setResult(await callOrToast('db/harden', {}));
  const check = async () => setReport(await callOrToast('db/check-privileges', {}));
  return (
    <section className="card" aria-label="Least privilege">
      <h2>Least privilege</h2>
      <p className="muted">
        Roles for the service (appends audit entries, never changes them), auditors (read only) and the sealer; then a check of every grant,
        ownership or membership that could rewrite history.
      </p>
      <div className="actions">
        <button type="button" disabled={readOnly} onClick={() => void harden()}>
          Create roles
        </button>
        <button type="button" onClick={() => void check()}>
          Check privileges
        </button>
      </div>
      {result && (
        <ul data-testid="harden-roles">
          {result.roles.map((r) => (
            <li key={r.name}>
              {r.created ? 'Created' : 'Updated'} {r.name} ({r.purpose}): {r.grants.join('; ')}
            </li>
          ))}
        </ul>
      )}
      {report && (
        <div data-testid="privileges-report">
          <p className={report.outcome === 'clean' ? 'pass' : 'warning'}>
            {report.outcome === 'clean'
              ? 'Nobody but a superuser can rewrite history.'
              : `${report.findings.length + report.findings_not_listed} way(s) to rewrite history:`}
          </p>
          <ul>
            {report.findings.map((f, i) => (
              <li key={i}>{describePrivilegeFinding(f)}</li>
            ))}
          </ul>
          {report.superusers.length > 0 && <p className="muted">Superusers (pass every check): {report.superusers.join(', ')}</p>}
        </div>
      )}
    </section>
  );
}
