import { useEffect, useState } from 'react';
import type { ConnectionProfile } from '../../../src-main/shared/model/profile';
import type { ProfileListItem, ServerCheckDto } from '../../../src-main/shared/model/connections';
import { call, CallError } from '../api/client';
import { useStore } from '../store';
import { ProfileForm, type ProfileFormValue } from './connections/ProfileForm';

type Editing = { profile: ConnectionProfile | null } | null;

export function ConnectionsPage(): React.JSX.Element {
  const profiles = useStore((s) => s.profiles);
  const loadProfiles = useStore((s) => s.loadProfiles);
  const active = useStore((s) => s.connection);
  const pushToast = useStore((s) => s.pushToast);
  const [editing, setEditing] = useState<Editing>(null);
  const [tests, setTests] = useState<Record<string, ServerCheckDto>>({});
  const [missingDb, setMissingDb] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);

  const save = async ({ input, password }: ProfileFormValue) => {
    const saved = editing?.profile
      ? await call('profiles/update', { id: editing.profile.id, patch: input, ...(password ? { password } : {}) }).catch(() => null)
      : await call('profiles/create', { profile: input, ...(password ? { password } : {}) }).catch(() => null);
    if (saved) {
      setEditing(null);
      await loadProfiles();
    }
  };

  const act = async (id: string, what: () => Promise<unknown>) => {
    setBusy(id);
    try {
      await what();
    } finally {
      setBusy(null);
    }
  };

  const connect = (item: ProfileListItem) =>
    act(item.id, async () => {
      setMissingDb(null);
      try {
        await call('connection/connect', { id: item.id });
        await loadProfiles();
      } catch (e) {
        if (e instanceof CallError && e.code === 'DATABASE_MISSING') setMissingDb(item.id);
      }
    });

  const createDatabase = (id: string) =>
    act(id, async () => {
      const res = await call('profiles/create-database', { id }).catch(() => null);
      if (res) {
        pushToast({ kind: 'info', title: 'Database created', message: `Created database ${res.name}.` });
        setMissingDb(null);
        await call('connection/connect', { id }).catch(() => null);
      }
    });

  const test = (id: string) =>
    act(id, async () => {
      const result = await call('profiles/test', { id }).catch(() => null);
      if (result) setTests((t) => ({ ...t, [id]: result }));
    });

  const remove = (item: ProfileListItem) =>
    act(item.id, async () => {
      if (!window.confirm(`Delete the connection "${item.name}" and its stored password?`)) return;
      await call('profiles/delete', { id: item.id }).catch(() => null);
      await loadProfiles();
    });

  const duplicate = (id: string) =>
    act(id, async () => {
      await call('profiles/duplicate', { id }).catch(() => null);
      await loadProfiles();
    });

  return (
    <section>
      <h1>Connections</h1>
      <div className="actions">
        <button type="button" className="primary" onClick={() => setEditing({ profile: null })}>
          New connection
        </button>
        {active && (
          <button type="button" onClick={() => void call('connection/disconnect', {}).catch(() => null)}>
            Disconnect
          </button>
        )}
      </div>
      {editing && <ProfileForm key={editing.profile?.id ?? 'new'} profile={editing.profile} onSave={(v) => void save(v)} onCancel={() => setEditing(null)} />}
      <table className="grid" aria-label="Connection profiles">
        <thead>
          <tr>
            <th>Name</th>
            <th>Target</th>
            <th>Environment</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {profiles.map((item) => {
            const isActive = active?.profileId === item.id;
            const check = tests[item.id];
            return (
              <tr key={item.id} className={isActive ? 'active' : ''} data-profile={item.name}>
                <td>
                  {item.name}
                  {item.kind !== 'stored' && <span className="muted"> ({item.kind})</span>}
                </td>
                <td>
                  <code>{item.target}</code>
                </td>
                <td>
                  <span className="env" style={{ background: item.environment.colour }}>
                    {item.environment.name}
                  </span>
                  {item.readOnly && <span className="badge">read-only</span>}
                </td>
                <td data-testid="profile-status">
                  {isActive ? 'connected' : ''}
                  {check && ` tested: PostgreSQL ${check.serverVersion}, ${check.latencyMs} ms${check.tls ? ', TLS' : ''}`}
                  {missingDb === item.id && (
                    <span className="warning">
                      {' '}
                      The database does not exist.{' '}
                      <button type="button" onClick={() => void createDatabase(item.id)}>
                        Create it
                      </button>
                    </span>
                  )}
                </td>
                <td className="row-actions">
                  <button type="button" disabled={busy === item.id || isActive} onClick={() => void connect(item)}>
                    Connect
                  </button>
                  <button type="button" disabled={busy === item.id} onClick={() => void test(item.id)}>
                    Test
                  </button>
                  {item.profile && (
                    <>
                      <button type="button" onClick={() => setEditing({ profile: item.profile })}>
                        Edit
                      </button>
                      <button type="button" onClick={() => void duplicate(item.id)}>
                        Duplicate
                      </button>
                      <button type="button" onClick={() => void remove(item)}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
