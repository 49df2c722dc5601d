import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../../../src-main/shared/model/page';
import type { UserDto, UserListQuery } from '../../../src-main/shared/model/users';
import type { UserRole } from '../../../src-main/shared/model/vocabulary';
import { call } from '../api/client';
import { formatTime, NotConnected, ReadOnlyBanner, useReadOnly } from '../components/ReadOnlyBanner';
import { useStore } from '../store';
import { DormantReport } from './users/DormantReport';
import { ROLES } from './users/roles';
import { UserDetailPanel } from './users/UserDetailPanel';

type Filters = Pick<UserListQuery, 'search' | 'role' | 'active' | 'sort' | 'direction'>;

function CreateUser({ onCreated }: { onCreated(): void }): React.JSX.Element {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole>('user');
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await call('users/create', { email, name, role }).then(() => true, () => false)) {
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
            {ROLES.map((r) => (
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

function BulkBar({ ids, onDone }: { ids: string[]; onDone(): void }): React.JSX.Element {
  const [role, setRole] = useState<UserRole>('user');
  const run = async (action: { action: 'disable' } | { action: 'enable' } | { action: 'set-role'; role: UserRole }) => {
    if (await call('users/bulk', { ids, action }).then(() => true, () => false)) onDone();
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
        {ROLES.map((r) => (
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

export function UsersPage(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const readOnly = useReadOnly();
  const [filters, setFilters] = useState<Filters>({ sort: 'created_at', direction: 'desc' });
  const [page, setPage] = useState<Page<UserDto> | null>(null);
  const [rows, setRows] = useState<UserDto[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const fetchPage = useCallback((cursor: string | null) => call('users/list', { ...filters, limit: 50, cursor }).catch(() => null), [filters]);
  const reload = useCallback(
    () =>
      void fetchPage(null).then((p) => {
        setPage(p);
        setRows(p?.rows ?? []);
        setSelected(new Set());
      }),
    [fetchPage],
  );
  useEffect(() => {
    if (connection) reload();
  }, [connection, reload]);

  if (!connection) return <NotConnected title="Users" />;
  const more = async () => {
    const p = await fetchPage(page?.nextCursor ?? null);
    if (p) {
      setPage(p);
      setRows((r) => [...r, ...p.rows]);
    }
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section className={open ? 'with-drawer' : ''}>
      <h1>Users</h1>
      <ReadOnlyBanner />
      <div className="filters">
        <input type="search" placeholder="Search email or name" aria-label="Search users" value={filters.search ?? ''} onChange={(e) => set({ search: e.target.value || null })} />
        <select aria-label="Role filter" value={filters.role ?? ''} onChange={(e) => set({ role: (e.target.value || null) as UserRole | null })}>
          <option value="">all roles</option>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <select aria-label="Status filter" value={filters.active === true ? 'active' : filters.active === false ? 'disabled' : ''} onChange={(e) => set({ active: e.target.value === '' ? null : e.target.value === 'active' })}>
          <option value="">active and disabled</option>
          <option value="active">active</option>
          <option value="disabled">disabled</option>
        </select>
        <select aria-label="Sort" value={`${filters.sort}:${filters.direction}`} onChange={(e) => {
          const [sort, direction] = e.target.value.split(':') as [Filters['sort'], Filters['direction']];
          set({ sort, direction });
        }}>
          <option value="created_at:desc">newest first</option>
          <option value="created_at:asc">oldest first</option>
          <option value="last_login_at:desc">last login, recent first</option>
          <option value="last_login_at:asc">last login, oldest first</option>
          <option value="email:asc">email A–Z</option>
        </select>
        <button type="button" className="primary" disabled={readOnly} onClick={() => setCreating((c) => !c)}>
          New user
        </button>
      </div>
      {creating && !readOnly && (
        <CreateUser
          onCreated={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
      {selected.size > 0 && !readOnly && <BulkBar ids={[...selected]} onDone={reload} />}
      <p className="muted" data-testid="user-count">
        {page?.total ?? rows.length} user(s)
      </p>
      <table className="grid" aria-label="Users">
        <thead>
          <tr>
            <th />
            <th>Email</th>
            <th>Name</th>
            <th>Role</th>
            <th>Status</th>
            <th>Last login</th>
            <th className="num">Keys</th>
            <th>Last key use</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id} data-user={u.email} className={open === u.id ? 'active' : ''}>
              <td>
                <input type="checkbox" aria-label={`Select ${u.email}`} checked={selected.has(u.id)} onChange={() => toggle(u.id)} />
              </td>
              <td>
                <button type="button" className="link" onClick={() => setOpen(u.id)}>
                  {u.email}
                </button>
              </td>
              <td>{u.name}</td>
              <td>{u.role}</td>
              <td>{u.isActive ? 'active' : <span className="warning">disabled</span>}</td>
              <td>{formatTime(u.lastLoginAt)}</td>
              <td className="num">{u.keyCount}</td>
              <td>{formatTime(u.lastKeyUsedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page?.hasMore && (
        <button type="button" onClick={() => void more()}>
          Load more
        </button>
      )}
      <DormantReport onChanged={reload} />
      {open && <UserDetailPanel key={open} id={open} onChanged={reload} onClose={() => setOpen(null)} />}
    </section>
  );
}
