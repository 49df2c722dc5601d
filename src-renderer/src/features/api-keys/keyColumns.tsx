import type { ApiKeyDto } from '../../../../src-main/shared/model/api-keys';
import { Time } from '../../ui/Time';
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
    { id: 'created', header: 'Created', cell: (k) => <Time iso={k.createdAt} /> },
    { id: 'expires', header: 'Expires', cell: (k) => (k.expiresAt ? <Time iso={k.expiresAt} /> : 'never') },
    { id: 'last-used', header: 'Last used', cell: (k) => <Time iso={k.lastUsedAt} /> },
    {
      id: 'actions',
      header: 'Actions',
      cell: (k) => {
        const rotateBlocked = readOnly ? null : rotateBlockedBy(k);
        return (
          <>
            <span className="row-actions">
              <button type="button" disabled={readOnly || k.status === 'revoked'} onClick={() => revoke(k)}>
                Revoke
              </button>
              <button
                type="button"
                disabled={readOnly || rotateBlocked !== null}
                aria-describedby={rotateBlocked ? `rotate-why-${k.id}` : undefined}
                title={rotateBlocked ?? undefined}
                onClick={() => rotate(k)}
              >
                Rotate
              </button>
            </span>
            {rotateBlocked && k.status !== 'revoked' && (
              <div className="reason" id={`rotate-why-${k.id}`} data-testid="rotate-reason">
                {rotateBlocked}
              </div>
            )}
          </>
        );
      },
    },
  ];
}

/** Why a key cannot be rotated (the service would refuse with CONFLICT), or null when it can. */
export function rotateBlockedBy(k: ApiKeyDto): string | null {
  if (k.status === 'revoked') return 'Revoked keys cannot be rotated: create a new key.';
  if (k.rotatedTo !== null) return 'Rotated already.';
  if (!k.userActive || k.disabledBy === 'user') return 'The user is disabled: enable them to rotate.';
  if (!k.isActive) return 'The key is deactivated: create a new key.';
  return null;
}
