import { useState } from 'react';
import type { BulkUserAction } from '../../../../src-main/shared/model/users';
import { USER_ROLES, type UserRole } from '../../../../src-main/shared/model/vocabulary';
import { callOrToast } from '../../api/callOrToast';

/** Actions on the selected users: all of them change or none (users/bulk is one transaction). */
export function BulkBar({ ids, onDone }: { ids: string[]; onDone(): void }): React.JSX.Element {
  const [role, setRole] = useState<UserRole>('user');
  const run = async (action: BulkUserAction) => {
    if (await callOrToast('users/bulk', { ids, action })) onDone();
  };
  return (
    <div className="bulk" data-testid="bulk-bar">
      {ids.length} selected —{' '}
      <button type="button" onClick={() => void run({ action: 'disable' })}>
        Disable
      </button>
      <button type="button" onClick={() => void run({ action: 'enable' })}>
        Enable
      </button>
      <select value={role} onChange={(e) => setRole(e.target.value as UserRole)} aria-label="New role">
        {USER_ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <button type="button" onClick={() => void run({ action: 'set-role', role })}>
        Set role
      </button>
      <span className="muted"> (all or nothing)</span>
    </div>
  );
}
