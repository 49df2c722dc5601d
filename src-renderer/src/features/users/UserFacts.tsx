import type { UserDetail } from '../../../../src-main/shared/model/users';
import { formatTime } from '../../ui/format';

export function UserFacts({ detail }: { detail: UserDetail }): React.JSX.Element {
  const { user, activity } = detail;
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd data-testid="user-status">{user.isActive ? 'active' : 'disabled'}</dd>
      <dt>Created</dt>
      <dd>{formatTime(user.createdAt)}</dd>
      <dt>Last login</dt>
      <dd>{formatTime(user.lastLoginAt)}</dd>
      <dt>Keys</dt>
      <dd>
        {user.keyCount} ({detail.usableKeyCount} usable), last used {formatTime(user.lastKeyUsedAt)}
      </dd>
      <dt>Workflows</dt>
      <dd>
        {activity.totalWorkflows} ({activity.successfulWorkflows} ok, {activity.failedWorkflows} failed), last{' '}
        {formatTime(activity.lastActivity)}
      </dd>
    </dl>
  );
}
