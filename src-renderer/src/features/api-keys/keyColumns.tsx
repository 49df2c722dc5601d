import type { ApiKeyDto } from '../../../../src-main/shared/model/api-keys';
import { formatTime } from '../../ui/format';
import type { Column } from '../../ui/table/types';

export interface KeyActions {
  readOnly: boolean;
  revoke(key: ApiKeyDto): void;
  rotate(key: ApiKeyDto): void;
}

/** Columns of the keys list. Main orders keys newest first and offers no other order. */
export function keyColumns({ readOnly, revoke, rotate }: KeyActions): Column<ApiKeyDto>[] {
  return [
    { id: 'prefix', header: 'Prefix', cell: (k) => <code>{k.prefix ?? '(service key)'}</code> },
    { id: 'name', header: 'Name', cell: (k) => k.name },
    { id: 'user', header: 'User', cell: (k) => k.userEmail },
    { id: 'scopes', header: 'Scopes', cell: (k) => k.scopes.join(', ') },
    {
      id: 'status',
      header: 'Status',
      cell: (k) => (
        <span data-testid="key-status" className={`status-${k.status}`}>
          {k.status}
          {k.disabledBy === 'user' && ' (user disabled)'}
        </span>
      ),
    },
    { id: 'created', header: 'Created', cell: (k) => formatTime(k.createdAt) },
    { id: 'expires', header: 'Expires', cell: (k) => (k.expiresAt ? formatTime(k.expiresAt) : 'never') },
    { id: 'last-used', header: 'Last used', cell: (k) => formatTime(k.lastUsedAt) },
    {
      id: 'actions',
      header: '',
      cell: (k) => (
        <span className="row-actions">
          <button type="button" disabled={readOnly || k.status === 'revoked'} onClick={() => revoke(k)}>
            Revoke
          </button>
          <button type="button" disabled={readOnly || k.status === 'revoked' || k.rotatedTo !== null} onClick={() => rotate(k)}>
            Rotate
          </button>
        </span>
      ),
    },
  ];
}
