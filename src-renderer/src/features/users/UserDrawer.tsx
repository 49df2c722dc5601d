import { useState } from 'react';
import type { DeleteUserPreview } from '../../../../src-main/shared/model/users';
import { callOrToast } from '../../api/callOrToast';
import { useCall } from '../../api/useCall';
import { Drawer } from '../../ui/Drawer';
import { formatTime } from '../../ui/format';
import { DeleteUserConfirm } from './DeleteUserConfirm';
import { RecentAudit } from './RecentAudit';
import { UserChanges } from './UserChanges';
import { UserFacts } from './UserFacts';

interface UserDrawerProps {
  id: string;
  /** After any change to the user (the list shows it). */
  onChanged(): void;
  onClose(): void;
}

/** One user: facts, activity, keys, and the changes a person can make to them. */
export function UserDrawer({ id, onChanged, onClose }: UserDrawerProps): React.JSX.Element {
  const { value: detail, reload } = useCall('users/detail', { id });
  const [preview, setPreview] = useState<DeleteUserPreview | null>(null);
  const changed = () => {
    reload();
    onChanged();
  };
  const askDelete = async () => setPreview(await callOrToast('users/delete-preview', { id }));
  return (
    <Drawer label="User detail" title={detail?.user.email ?? 'Loading…'} onClose={onClose}>
      {detail && (
        <>
          <UserFacts detail={detail} />
          {/* Keyed by the row's version: the name field starts again from a saved change. */}
          <UserChanges
            key={detail.user.updatedAt}
            user={detail.user}
            usableKeys={detail.usableKeyCount}
            onChanged={changed}
            onDelete={() => void askDelete()}
          />
          {preview && (
            <DeleteUserConfirm
              preview={preview}
              onCancel={() => setPreview(null)}
              onDeleted={() => {
                onChanged();
                onClose();
              }}
            />
          )}
          <h3>Recent audit entries</h3>
          <RecentAudit entries={detail.recentAudit} />
          <h3>Changes made through the console</h3>
          <ul className="events">
            {detail.recentEvents.map((e, i) => (
              <li key={i} data-testid="user-event">
                {formatTime(e.occurredAt)} — {e.action} by {e.operatorName}{' '}
                <span className="muted" data-testid="event-identity">
                  {e.sessionRole === null
                    ? '(database role not recorded)'
                    : `(as ${e.sessionRole}${e.clientAddr === null ? ' over a local socket' : ` from ${e.clientAddr}`}${
                        e.consoleVersion ? `, console ${e.consoleVersion}` : ''
                      })`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Drawer>
  );
}
