import { useState } from 'react';
import { USER_ROLES, type UserRole } from '../../../../src-main/shared/model/vocabulary';
import { callOrToast } from '../../api/callOrToast';

export function CreateUserForm({ onCreated }: { onCreated(): void }): React.JSX.Element {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole>('user');
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await callOrToast('users/create', { email, name, role })) {
      setEmail('');
      setName('');
      onCreated();
    }
  };
  return (
    <form className="card form inline" onSubmit={(e) => void submit(e)} aria-label="New user">
      <h2>New user</h2>
      <div className="row">
        <label>
          Email <input required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Name <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="narrow">
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
            {USER_ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
      </div>
      <button type="submit" className="primary">
        Create user
      </button>
    </form>
  );
}
