import type { RecordedVerification } from '../../../../src-main/shared/model/dashboard';
import { useStore } from '../../store';
import { useReadOnly } from '../../store/useReadOnly';
import { EmptyData } from '../../ui/EmptyData';
import { formatCount, formatSeconds } from '../../ui/format';
import { Card } from './Card';
import { CoverageNote } from './CoverageNote';
import { useRefreshed } from './useRefreshed';

function Outcome({ v }: { v: RecordedVerification }): React.JSX.Element {
  return (
    <span className={`verdict ${v.result === 'pass' ? 'pass' : 'fail'}`}>
      {v.result === 'pass' ? 'PASS' : 'FAIL'} — {formatCount(v.ok)} ok, {formatCount(v.tampered)} tampered, {formatCount(v.unverifiable)}{' '}
      unverifiable
    </span>
  );
}

/** When the trail was last verified, how, with what result, what was added since, and what the seals hold. */
export function IntegrityPanel({ all, onDataLoaded }: { all: number; onDataLoaded(): void }): React.JSX.Element {
  const { value, failed, reload } = useRefreshed('dashboard/integrity', {}, all);
  const navigate = useStore((s) => s.navigate);
  const readOnly = useReadOnly();
  const last = value?.history[0] ?? null;
  return (
    <Card title="Integrity of the audit trail" readAt={value?.readAt ?? null} failed={failed} onRefresh={reload} wide>
      {value && value.coverage.rows === 0 && <EmptyData what="Nothing to summarise or verify yet." onLoaded={onDataLoaded} />}
      {value && (
        <div className="integrity-panel">
          <dl className="facts" data-testid="integrity-facts">
            <dt>Last verified</dt>
            <dd data-testid="last-verified">
              {last ? `${formatSeconds(last.at)} UTC by ${last.by}` : 'never (no verification on record)'}
            </dd>
            <dt>Method</dt>
            <dd>{last ? 'db-v1 (every row’s integrity hash recomputed)' : '—'}</dd>
            <dt>Result</dt>
            <dd data-testid="last-result">{last ? <Outcome v={last} /> : '—'}</dd>
            <dt>Rows now</dt>
            <dd>{formatCount(value.coverage.rows)}</dd>
            <dt>Added since</dt>
            <dd data-testid="rows-since">
              {value.coverage.rowsSince === null
                ? '—'
                : value.coverage.rowsSince >= 0
                  ? formatCount(value.coverage.rowsSince)
                  : `${formatCount(-value.coverage.rowsSince)} fewer rows than verified`}
            </dd>
            <dt>Seals</dt>
            <dd data-testid="seals">{value.seals.note}</dd>
          </dl>
          <CoverageNote coverage={value.coverage} />
          {readOnly && (
            <p className="note">
              This connection is read-only: a verification run on it is shown on the Integrity page but cannot be recorded here.
            </p>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => navigate('integrity')}>
              Verify the database now
            </button>
          </div>
          {value.history.length > 1 && (
            <details>
              <summary>Earlier verifications</summary>
              <ul className="events">
                {value.history.slice(1).map((v) => (
                  <li key={v.at}>
                    {formatSeconds(v.at)} UTC by {v.by}: <Outcome v={v} /> of {formatCount(v.total)} rows
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </Card>
  );
}
