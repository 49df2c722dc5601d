import { useState } from 'react';
import type { DormantReport as Report } from '../../../../src-main/shared/model/users';
import { call } from '../../api/client';
import { formatTime, useReadOnly } from '../../components/ReadOnlyBanner';

/** Active users with no login and no key use for N days, and one action: disable them. */
export function DormantReport({ onChanged }: { onChanged(): void }): React.JSX.Element {
  const readOnly = useReadOnly();
  const [days, setDays] = useState(90);
  const [report, setReport] = useState<Report | null>(null);
  const [disabled, setDisabled] = useState<number | null>(null);
  const run = async (e: React.FormEvent) => {
    e.preventDefault();
    setDisabled(null);
    setReport(await call('users/dormant', { days }).catch(() => null));
  };
  const disableAll = async () => {
    if (!report || report.rows.length === 0) return;
    const res = await call('users/disable-dormant', { days: report.days, userIds: report.rows.map((u) => u.id) }).catch(() => null);
    if (res) {
      setDisabled(res.changedIds.length);
      setReport(await call('users/dormant', { days }).catch(() => null));
      onChanged();
    }
  };
  return (
    <form className="card" onSubmit={(e) => void run(e)} aria-label="Dormant accounts">
      <h2>Dormant accounts</h2>
      <label>
        No login and no key use for{' '}
        <input type="number" min={1} max={36500} value={days} className="narrow" onChange={(e) => setDays(Number(e.target.value))} /> days
      </label>{' '}
      <button type="submit">Run report</button>
      {report && (
        <>
          <p data-testid="dormant-summary">
            {report.total ?? report.rows.length} dormant active user(s) not seen since {formatTime(report.cutoff)}.
          </p>
          {report.rows.length > 0 && (
            <>
              <table className="grid compact">
                <tbody>
                  {report.rows.map((u) => (
                    <tr key={u.id}>
                      <td>{u.email}</td>
                      <td>{u.role}</td>
                      <td>last seen {formatTime(u.lastSeenAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="button" className="danger" disabled={readOnly} onClick={() => void disableAll()}>
                Disable these {report.rows.length}
              </button>
            </>
          )}
        </>
      )}
      {disabled !== null && <p data-testid="dormant-disabled">Disabled {disabled} user(s).</p>}
    </form>
  );
}
