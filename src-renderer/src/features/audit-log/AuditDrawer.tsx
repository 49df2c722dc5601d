import { useCall } from '../../api/useCall';
import { Drawer } from '../../ui/Drawer';
import { StatusBadge } from './auditColumns';
import type { RowSealProof } from '../../../../src-main/shared/model/seals';
import { timeCell, type TimeZoneSetting } from './time';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** One audit entry in full: the AIM declaration, parameters, links, and its integrity checked now. */
export function AuditDrawer({ id, zone, onClose }: { id: string; zone: TimeZoneSetting; onClose(): void }): React.JSX.Element {
  const { value: d } = useCall('audit/detail', { id });
  const t = timeCell(d?.row.createdAt ?? null, zone);
  return (
    <Drawer label="Audit entry" title={d ? `${d.row.workflowName} · ${d.row.outcome}` : 'Audit entry'} onClose={onClose}>
      {!d && <p className="muted">Loading…</p>}
      {d && (
        <div className="audit-detail" data-testid="audit-detail">
          <dl className="facts">
            <dt>Time</dt>
            <dd>
              <time title={t.title}>{t.text}</time>
            </dd>
            <dt>Trace</dt>
            <dd>
              <code>{d.row.traceId}</code>
            </dd>
            <dt>Entry id</dt>
            <dd>
              <code>{d.row.id}</code>
            </dd>
            <dt>DRAG mode</dt>
            <dd>{d.row.dragMode}</dd>
            <dt>Duration</dt>
            <dd>{d.row.durationSeconds === null ? '—' : `${d.row.durationSeconds} s`}</dd>
          </dl>

          <h3>Integrity</h3>
          <dl className="facts" data-testid="audit-integrity">
            <dt>db-v1, checked now</dt>
            <dd className={`verdict ${d.integrity.dbV1.verdict}`}>
              {d.integrity.dbV1.verdict}
              {d.integrity.dbV1.reason && ` (${d.integrity.dbV1.reason})`}
            </dd>
            <dt>Last verification</dt>
            <dd>
              <StatusBadge status={d.integrity.lastVerification} />
            </dd>
            <dt>Seal</dt>
            <dd>{sealText(d.integrity.seal)}</dd>
            <dt>Stored hash</dt>
            <dd>
              <code className="hash">{d.integrityHash}</code>
            </dd>
          </dl>

          <h3>AIM declaration</h3>
          <dl className="facts">
            <dt>Actor</dt>
            <dd>
              {d.aim.actor.name}
              {d.aim.actor.email && ` <${d.aim.actor.email}>`}
              {d.aim.actor.role && `, ${d.aim.actor.role}`}
            </dd>
            <dt>Mission objective</dt>
            <dd>{d.aim.mission.objective ?? '—'}</dd>
          </dl>
          <h4>Success criteria</h4>
          <pre className="json">{json(d.aim.mission.successCriteria)}</pre>
          <h4>Input sources</h4>
          <pre className="json">{json(d.aim.input.sources)}</pre>
          <h4>Input constraints</h4>
          <pre className="json">{json(d.aim.input.constraints)}</pre>

          <h3>Parameters</h3>
          <pre className="json" data-testid="audit-parameters">
            {json(d.parameters)}
          </pre>

          <h3>Error</h3>
          {d.error ? <pre className="json error-text">{d.error}</pre> : <p className="muted">none</p>}

          <h3>Workflow execution</h3>
          {d.execution ? (
            <dl className="facts" data-testid="audit-execution">
              <dt>Status</dt>
              <dd>{d.execution.status}</dd>
              <dt>Execution id</dt>
              <dd>
                <code>{d.execution.id}</code>
              </dd>
              <dt>Started</dt>
              <dd>{timeCell(d.execution.startedAt, zone).text}</dd>
              <dt>Completed</dt>
              <dd>{timeCell(d.execution.completedAt, zone).text}</dd>
              {d.execution.error && (
                <>
                  <dt>Error</dt>
                  <dd>{d.execution.error}</dd>
                </>
              )}
            </dl>
          ) : (
            <p className="muted">No workflow execution is linked to this entry.</p>
          )}

          <h3>User</h3>
          {d.user ? (
            <p>
              {d.user.name} &lt;{d.user.email}&gt;, {d.user.role}
              {d.user.isActive ? '' : ' (disabled)'}
            </p>
          ) : (
            <p className="muted">No user is linked to this entry.</p>
          )}
        </div>
      )}
    </Drawer>
  );
}

/** What the drawer says of the row's seal (the proof is checked by main when the drawer opens). */
function sealText(seal: RowSealProof | null): string {
  if (!seal) return 'not sealed: no seal holds this row yet (Integrity page, Seal now)';
  const where = `seal ${seal.sealNumber}, leaf ${(seal.leafIndex + 1).toLocaleString('en')} of ${seal.treeSize.toLocaleString('en')}`;
  if (!seal.leafMatchesRow) return `BROKEN: sealed in ${where}, but the row no longer gives its leaf (changed since sealing)`;
  if (!seal.inclusionProofChecked) return `BROKEN: sealed in ${where}, but the inclusion proof does not lead to the seal's root`;
  return `sealed in ${where}; the row gives its leaf, and its inclusion proof (${seal.proofLength} hashes) leads to the seal's root — signatures are checked by Verify with seals`;
}
