import type { UserDto, UserSortKey } from '../../../../src-main/shared/model/users';
import { Time } from '../../ui/Time';
import type { Column } from '../../ui/table/types';

/** Columns of the users list; `email`, `last_login_at` and `created_at` sort on the server (USER_SORT_KEYS). */
export function userColumns(open: (id: string) => void): Column<UserDto>[] {
  return [
    {
      id: 'email' satisfies UserSortKey,
      header: 'Email',
      cell: (u) => (
        <button type="button" className="link" tabIndex={-1} onClick={() => open(u.id)}>
          {u.email}
        </button>
      ),
    },
    { id: 'name', header: 'Name', cell: (u) => u.name },
    { id: 'role', header: 'Role', cell: (u) => u.role },
    { id: 'status', header: 'Status', cell: (u) => (u.isActive ? 'active' : <span className="warning">disabled</span>) },
    { id: 'last_login_at' satisfies UserSortKey, header: 'Last login', firstDirection: 'desc', cell: (u) => <Time iso={u.lastLoginAt} /> },
    { id: 'keys', header: 'Keys', numeric: true, cell: (u) => u.keyCount },
    { id: 'last_key_use', header: 'Last key use', cell: (u) => <Time iso={u.lastKeyUsedAt} /> },
    { id: 'created_at' satisfies UserSortKey, header: 'Created', firstDirection: 'desc', cell: (u) => <Time iso={u.createdAt} /> },
  ];
}
