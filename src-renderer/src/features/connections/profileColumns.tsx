import type { ConnectionProfile } from '../../../../src-main/shared/model/profile';
import type { ProfileListItem, ServerCheckDto } from '../../../../src-main/shared/model/connections';
import { compareText } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';

/** What the profile rows show and do, from the page's state. */
export interface ProfileRows {
  activeId: string | null;
  busyId: string | null;
  tests: Record<string, ServerCheckDto>;
  /** The profile whose database turned out not to exist when connecting. */
  missingDatabase: string | null;
  connect(item: ProfileListItem): void;
  test(id: string): void;
  edit(profile: ConnectionProfile): void;
  duplicate(id: string): void;
  remove(item: ProfileListItem): void;
  createDatabase(id: string): void;
}

function Status({ item, rows }: { item: ProfileListItem; rows: ProfileRows }): React.JSX.Element {
  const check = rows.tests[item.id];
  return (
    <span data-testid="profile-status">
      {rows.activeId === item.id ? 'connected' : ''}
      {check && ` tested: PostgreSQL ${check.serverVersion}, ${check.latencyMs} ms${check.tls ? ', TLS' : ''}`}
      {rows.missingDatabase === item.id && (
        <span className="warning">
          {' '}
          The database does not exist.{' '}
          <button type="button" onClick={() => rows.createDatabase(item.id)}>
            Create it
          </button>
        </span>
      )}
    </span>
  );
}

function Actions({ item, rows }: { item: ProfileListItem; rows: ProfileRows }): React.JSX.Element {
  const busy = rows.busyId === item.id;
  const profile = item.profile;
  return (
    <span className="row-actions">
      <button type="button" disabled={busy || rows.activeId === item.id} onClick={() => rows.connect(item)}>
        Connect
      </button>
      <button type="button" disabled={busy} onClick={() => rows.test(item.id)}>
        Test
      </button>
      {profile && (
        <>
          <button type="button" onClick={() => rows.edit(profile)}>
            Edit
          </button>
          <button type="button" onClick={() => rows.duplicate(item.id)}>
            Duplicate
          </button>
          <button type="button" onClick={() => rows.remove(item)}>
            Delete
          </button>
        </>
      )}
    </span>
  );
}

export function profileColumns(rows: ProfileRows): Column<ProfileListItem>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      compare: (a, b) => compareText(a.name, b.name),
      cell: (item) => (
        <>
          {item.name}
          {item.kind !== 'stored' && <span className="muted"> ({item.kind})</span>}
        </>
      ),
    },
    { id: 'target', header: 'Target', compare: (a, b) => compareText(a.target, b.target), cell: (item) => <code>{item.target}</code> },
    {
      id: 'environment',
      header: 'Environment',
      compare: (a, b) => compareText(a.environment.name, b.environment.name),
      cell: (item) => (
        <>
          <span className="env" style={{ background: item.environment.colour }}>
            {item.environment.name}
          </span>
          {item.readOnly && <span className="badge">read-only</span>}
        </>
      ),
    },
    { id: 'status', header: 'Status', cell: (item) => <Status item={item} rows={rows} /> },
    { id: 'actions', header: 'Actions', cell: (item) => <Actions item={item} rows={rows} /> },
  ];
}
