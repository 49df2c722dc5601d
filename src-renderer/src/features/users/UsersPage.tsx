import { useCallback, useMemo, useState } from 'react';
import { LIMITS } from '../../../../src-main/shared/limits';
import { USER_SORT_KEYS, type UserDto, type UserSortKey } from '../../../../src-main/shared/model/users';
import { callOrToast } from '../../api/callOrToast';
import { useReadOnly } from '../../store/useReadOnly';
import { ReadOnlyBanner } from '../../ui/banners/ReadOnlyBanner';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedFeed, type LoadPage } from '../../ui/table/usePagedFeed';
import { BulkBar } from './BulkBar';
import { CreateUserForm } from './CreateUserForm';
import { DormantReport } from './DormantReport';
import { userColumns } from './userColumns';
import { UserDrawer } from './UserDrawer';
import { UserFilters, type UserFilterValues } from './UserFilters';

const NO_SELECTION: ReadonlySet<string> = new Set();

export function UsersPage(): React.JSX.Element {
  const readOnly = useReadOnly();
  const [filters, setFilters] = useState<UserFilterValues>({});
  const [selected, setSelected] = useState<ReadonlySet<string>>(NO_SELECTION);
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const loadPage = useCallback<LoadPage<UserDto, UserSortKey>>(
    (cursor, sort) =>
      callOrToast('users/list', { ...filters, sort: sort?.by, direction: sort?.direction, limit: LIMITS.pageSize.default, cursor }),
    [filters],
  );
  const feed = usePagedFeed(loadPage, { sortKeys: USER_SORT_KEYS, initialSort: { by: 'created_at', direction: 'desc' } });
  const columns = useMemo(() => userColumns(setOpen), []);
  const { reload: reloadRows } = feed;
  // After a change the rows start again from the top, and a selection of rows no longer shown goes.
  const reload = useCallback(() => {
    reloadRows();
    setSelected(NO_SELECTION);
  }, [reloadRows]);
  const filter = (patch: Partial<UserFilterValues>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setSelected(NO_SELECTION);
  };

  return (
    <section className={open ? 'with-drawer' : ''}>
      <h1>Users</h1>
      <ReadOnlyBanner />
      <div className="filters">
        <UserFilters value={filters} onChange={filter} />
        <button type="button" className="primary" disabled={readOnly} onClick={() => setCreating((c) => !c)}>
          New user
        </button>
      </div>
      {creating && !readOnly && (
        <CreateUserForm
          onCreated={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
      {selected.size > 0 && !readOnly && <BulkBar ids={[...selected]} onDone={reload} />}
      <p className="muted" data-testid="user-count">
        {feed.total ?? feed.rows.length} user(s)
      </p>
      <DataTable
        label="Users"
        columns={columns}
        feed={feed}
        rowKey={(u) => u.id}
        rowData={(u) => ({ 'data-user': u.email })}
        activeKey={open}
        onOpen={(u) => setOpen(u.id)}
        selection={{ selected, onChange: setSelected, label: (u) => u.email }}
        empty="No users match these filters."
      />
      <DormantReport onChanged={reload} />
      {open && <UserDrawer key={open} id={open} onChanged={reload} onClose={() => setOpen(null)} />}
    </section>
  );
}
