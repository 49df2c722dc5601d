import type { UserListQuery } from '../../../../src-main/shared/model/users';
import { USER_ROLES, type UserRole } from '../../../../src-main/shared/model/vocabulary';

export type UserFilterValues = Pick<UserListQuery, 'search' | 'role' | 'active'>;

function activeValue(active: boolean | null | undefined): string {
  if (active === true) return 'active';
  if (active === false) return 'disabled';
  return '';
}

/** Search, role and status filters of the users list (its sort is in the column headers). */
interface UserFiltersProps {
  value: UserFilterValues;
  onChange(patch: Partial<UserFilterValues>): void;
}

export function UserFilters({ value, onChange }: UserFiltersProps): React.JSX.Element {
  return (
    <>
      <input
        type="search"
        placeholder="Search email or name"
        aria-label="Search users"
        value={value.search ?? ''}
        onChange={(e) => onChange({ search: e.target.value || null })}
      />
      <select
        aria-label="Role filter"
        value={value.role ?? ''}
        onChange={(e) => onChange({ role: (e.target.value || null) as UserRole | null })}
      >
        <option value="">all roles</option>
        {USER_ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <select
        aria-label="Status filter"
        value={activeValue(value.active)}
        onChange={(e) => onChange({ active: e.target.value === '' ? null : e.target.value === 'active' })}
      >
        <option value="">active and disabled</option>
        <option value="active">active</option>
        <option value="disabled">disabled</option>
      </select>
    </>
  );
}
