import { useState } from 'react';
import { callOrToast } from '../../api/callOrToast';

/** Creates a login role that can read every table and change nothing. */
export function AuditorRoleCard({ readOnly }: { readOnly: boolean }): React.JSX.Element {
  const [roleName, setRoleName] = useState('governance_auditor');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await callOrToast('db/create-auditor-role', { roleName, password });
    if (res) {
      setCreated(res.roleName);
      setPassword('');
    }
  };
  return (
    <form className="card form" onSubmit={(e) => void create(e)} aria-label="Auditor role">
      <h2>Read-only role for auditors</h2>
      <p className="muted">
        A login role that can SELECT every table and change nothing — the real protection, unlike a read-only profile.
      </p>
      <div className="row">
        <label>
          Role name <input value={roleName} onChange={(e) => setRoleName(e.target.value)} />
        </label>
        <label>
          Password{' '}
          <input type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </div>
      <button type="submit" disabled={readOnly} aria-describedby={readOnly ? 'auditor-read-only' : undefined}>
        Create role
      </button>
      {readOnly && (
        <p className="reason" id="auditor-read-only">
          Greyed out because this connection is read-only: creating a role is a change. Connect as a role allowed to create roles.
        </p>
      )}
      {created && <p>Created role {created}.</p>}
    </form>
  );
}
