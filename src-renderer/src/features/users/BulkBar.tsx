import { useState } from 'react';
import type { BulkUserAction } from '../../../../src-main/shared/model/users';
import { USER_ROLES, type UserRole } from '../../../../src-main/shared/model/vocabulary';
import { callOrToast } from '../../api/callOrToast';
import { useConfirm } from '../../ui/ConfirmDialog';

const users = (n: number) => `${n} user${n === 1 ? '' : 's'}`;

/** Actions on the selected users, each confirmed with the count: all of them change or none (users/bulk is one transaction). */
export function BulkBar({ ids, onDone }: { ids: string[]; onDone(): void }): React.JSX.Element {
  const [role, setRole] = useState<UserRole>('user');
  const { confirm, dialog } = useConfirm();
  const n = ids.length;
  const run = async (action: BulkUserAction) => {
    const request =
      action.action === 'disable'
        ? {
            title: `Disable ${users(n)}?`,
            message: `The ${users(n)} selected can no longer sign in, and their usable API keys are suspended with them (enabling them again restores those keys).`,
            confirmLabel: `Disable ${users(n)}`,
            danger: true,
          }
        : action.action === 'enable'
          ? {
              title: `Enable ${users(n)}?`,
              message: `The ${users(n)} selected can sign in again, and the keys suspended with them work again.`,
              confirmLabel: `Enable ${users(n)}`,
            }
          : {
              title: `Make ${users(n)} ${action.role}?`,
              message: `The role of the ${users(n)} selected becomes ${action.role}.`,
              confirmLabel: `Set role of ${users(n)}`,
            };
    if (!(await confirm(request))) return;
    if (await callOrToast('users/bulk', { ids, action })) onDone();
  };
  return (
    <div className="bulk" data-testid="bulk-bar">
      {n} selected —{' '}
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
      {dialog}
    </div>
  );
}
