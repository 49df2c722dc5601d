import { useCallback, useMemo, useState } from 'react';
import { LIMITS } from '../../../../src-main/shared/limits';
import { USER_SORT_KEYS, type UserDto, type UserSortKey } from '../../../../src-main/shared/model/users';
import { callOrToast } from '../../api/callOrToast';
import { useReadOnly } from '../../store/useReadOnly';
import { ReadOnlyBanner } from '../../ui/banners/ReadOnlyBanner';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedFeed, type LoadPage } from '../../ui/table/usePagedFeed';
import { usePageCommands } from '../../ui/usePageCommands';
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
  const [tab, setTab] = useState<'all' | 'dormant'>('all');

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

  usePageCommands([
    {
      id: 'users:new',
      label: 'New user',
      run: () => {
        setTab('all');
        setCreating(true);
      },
      disabledReason: readOnly ? 'the connection is read-only' : undefined,
    },
    { id: 'users:dormant', label: 'Dormant accounts report', run: () => setTab('dormant') },
  ]);

  return (
    <section className={open ? 'with-drawer' : ''}>
      <h1>Users</h1>
      <ReadOnlyBanner />
      <div className="tabs" role="tablist" aria-label="Users views">
        <button
          type="button"
          role="tab"
          id="users-tab-all"
          aria-selected={tab === 'all'}
          aria-controls="users-panel-all"
          onClick={() => setTab('all')}
        >
          All users
        </button>
        <button
          type="button"
          role="tab"
          id="users-tab-dormant"
          aria-selected={tab === 'dormant'}
          aria-controls="users-panel-dormant"
          onClick={() => setTab('dormant')}
        >
          Dormant accounts
        </button>
      </div>
      {/* Both stay mounted: a report run or rows loaded are still there after a look at the other tab. */}
      <div role="tabpanel" id="users-panel-dormant" aria-labelledby="users-tab-dormant" hidden={tab !== 'dormant'}>
        <DormantReport onChanged={reload} />
      </div>
      <div role="tabpanel" id="users-panel-all" aria-labelledby="users-tab-all" hidden={tab !== 'all'}>
        <div className="filters">
          <UserFilters value={filters} onChange={filter} />
          <button
            type="button"
            className="primary"
            disabled={readOnly}
            title={readOnly ? 'This connection is read-only' : undefined}
            onClick={() => setCreating((c) => !c)}
          >
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
          empty={
            filters.search || filters.role || filters.active != null
              ? 'No users match these filters: clear a filter to see more.'
              : 'No users yet: add one with New user, or load demo data (govcon demo --rows 10000).'
          }
        />
      </div>
      {open && <UserDrawer key={open} id={open} onChanged={reload} onClose={() => setOpen(null)} />}
    </section>
  );
}
