import { useEffect, useState } from 'react';
import type { DeleteUserPreview, UserDetail } from '../../../../src-main/shared/model/users';
import type { UserRole } from '../../../../src-main/shared/model/vocabulary';
import { call } from '../../api/client';
import { formatTime, useReadOnly } from '../../components/ReadOnlyBanner';
import { ROLES } from './roles';

/** One user: facts, activity, keys, and the changes a person can make to them. */
export function UserDetailPanel({ id, onChanged, onClose }: { id: string; onChanged(): void; onClose(): void }): React.JSX.Element {
  const readOnly = useReadOnly();
  const [detail, setDetail] = useState<UserDetail | null>(null);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<DeleteUserPreview | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void call('users/detail', { id }).then(
      (d) => {
        setDetail(d);
        setName(d.user.name);
      },
      () => null,
    );
  }, [id, version]);
  if (!detail) return <aside className="drawer">Loading…</aside>;
  const { user, activity } = detail;
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged();
  };
  const run = async (what: Promise<unknown>) => {
    if (await what.then(() => true, () => false)) changed();
  };
  const remove = async () => {
    const p = await call('users/delete-preview', { id }).catch(() => null);
    setPreview(p);
  };
  const confirmDelete = async () => {
    if (!preview) return;
    const done = await call('users/delete', { id, confirmKeyCount: preview.keyCount }).catch(() => null);
    if (done) {
      onChanged();
      onClose();
    }
  };
  return (
    <aside className="drawer" aria-label="User detail">
      <div className="drawer-head">
        <h2>{user.email}</h2>
        <button type="button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="user-status">{user.isActive ? 'active' : 'disabled'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(user.createdAt)}</dd>
        <dt>Last login</dt>
        <dd>{formatTime(user.lastLoginAt)}</dd>
        <dt>Keys</dt>
        <dd>
          {user.keyCount} ({detail.usableKeyCount} usable), last used {formatTime(user.lastKeyUsedAt)}
        </dd>
        <dt>Workflows</dt>
        <dd>
          {activity.totalWorkflows} ({activity.successfulWorkflows} ok, {activity.failedWorkflows} failed), last {formatTime(activity.lastActivity)}
        </dd>
      </dl>
      <div className="row-actions">
        <label>
          Name <input value={name} disabled={readOnly} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="button" disabled={readOnly || name === user.name} onClick={() => void run(call('users/update', { id, name }))}>
          Rename
        </button>
        <label>
          Role{' '}
          <select value={user.role} disabled={readOnly} onChange={(e) => void run(call('users/update', { id, role: e.target.value as UserRole }))}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button type="button" disabled={readOnly} onClick={() => void run(call('users/set-active', { id, active: !user.isActive }))}>
          {user.isActive ? 'Disable user' : 'Enable user'}
        </button>
        <button type="button" disabled={readOnly} onClick={() => void remove()}>
          Delete…
        </button>
      </div>
      {preview && (
        <div className="confirm" role="dialog" aria-label="Confirm delete">
          <p>{preview.confirmation}</p>
          {preview.canDelete ? (
            <button type="button" className="danger" onClick={() => void confirmDelete()}>
              Delete {user.email}
            </button>
          ) : (
            <p className="warning">{preview.blockedReason}</p>
          )}
          <button type="button" onClick={() => setPreview(null)}>
            Cancel
          </button>
        </div>
      )}
      <h3>Recent audit entries</h3>
      <table className="grid compact">
        <tbody>
          {detail.recentAudit.map((a) => (
            <tr key={a.id}>
              <td>{formatTime(a.createdAt)}</td>
              <td>{a.workflowName}</td>
              <td>{a.dragMode}</td>
              <td>{a.outcome}</td>
            </tr>
          ))}
          {detail.recentAudit.length === 0 && (
            <tr>
              <td className="muted">None.</td>
            </tr>
          )}
        </tbody>
      </table>
      <h3>Changes made through the console</h3>
      <ul className="events">
        {detail.recentEvents.map((e, i) => (
          <li key={i}>
            {formatTime(e.occurredAt)} — {e.action} by {e.operatorName}
          </li>
        ))}
      </ul>
    </aside>
  );
}
