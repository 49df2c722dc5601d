import { useState } from 'react';
import type { UserDto } from '../../../../src-main/shared/model/users';
import { USER_ROLES, type UserRole } from '../../../../src-main/shared/model/vocabulary';
import { callOrToast } from '../../api/callOrToast';
import { useReadOnly } from '../../store/useReadOnly';
import { useConfirm } from '../../ui/ConfirmDialog';

interface UserChangesProps {
  user: UserDto;
  /** Keys that work now: disabling the user suspends them. */
  usableKeys: number;
  /** After a change went through. */
  onChanged(): void;
  onDelete(): void;
}

/** Rename, change role, disable or enable, and the way to delete. */
export function UserChanges({ user, usableKeys, onChanged, onDelete }: UserChangesProps): React.JSX.Element {
  const readOnly = useReadOnly();
  const { confirm, dialog } = useConfirm();
  const [name, setName] = useState(user.name);
  const change = async (done: Promise<unknown>) => {
    if ((await done) !== null) onChanged();
  };
  const rename = () => void change(callOrToast('users/update', { id: user.id, name }));
  const setRole = (role: UserRole) => void change(callOrToast('users/update', { id: user.id, role }));
  const toggleActive = async () => {
    if (user.isActive) {
      const keys = usableKeys === 1 ? 'Their 1 usable API key is' : `Their ${usableKeys} usable API keys are`;
      const ok = await confirm({
        title: `Disable ${user.email}?`,
        message: `${user.email} can no longer sign in. ${keys} suspended with them; enabling the user again restores ${usableKeys === 1 ? 'it' : 'them'}.`,
        confirmLabel: `Disable ${user.email}`,
        danger: true,
      });
      if (!ok) return;
    }
    await change(callOrToast('users/set-active', { id: user.id, active: !user.isActive }));
  };
  return (
    <>
      <div className="row-actions">
        <label>
          Name <input value={name} disabled={readOnly} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="button" disabled={readOnly || name === user.name} onClick={rename}>
          Rename
        </button>
        <label>
          Role{' '}
          <select value={user.role} disabled={readOnly} onChange={(e) => setRole(e.target.value as UserRole)}>
            {USER_ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button type="button" disabled={readOnly} onClick={() => void toggleActive()}>
          {user.isActive ? 'Disable user' : 'Enable user'}
        </button>
        <button type="button" disabled={readOnly} onClick={onDelete}>
          Delete…
        </button>
      </div>
      {dialog}
    </>
  );
}
