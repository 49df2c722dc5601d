import { useEffect, useState } from 'react';
import type { ConnectionProfile } from '../../../../src-main/shared/model/profile';
import type { ProfileListItem, ServerCheckDto } from '../../../../src-main/shared/model/connections';
import { callOrToast, tryCall } from '../../api/callOrToast';
import { useStore } from '../../store';
import { useConfirm } from '../../ui/ConfirmDialog';
import { DataTable } from '../../ui/table/DataTable';
import { useRowsFeed } from '../../ui/table/useRowsFeed';
import { profileColumns } from './profileColumns';
import { ProfileForm, type ProfileFormValue } from './ProfileForm';

type Editing = { profile: ConnectionProfile | null } | null;

export function ConnectionsPage(): React.JSX.Element {
  const profiles = useStore((s) => s.profiles);
  const loadProfiles = useStore((s) => s.loadProfiles);
  const active = useStore((s) => s.connection);
  const pushToast = useStore((s) => s.pushToast);
  const resolveToasts = useStore((s) => s.resolveToasts);
  const { confirm, dialog } = useConfirm();
  const [editing, setEditing] = useState<Editing>(null);
  const [tests, setTests] = useState<Record<string, ServerCheckDto>>({});
  const [missingDatabase, setMissingDatabase] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);

  const save = async ({ input, password }: ProfileFormValue) => {
    const withPassword = password ? { password } : {};
    const saved = editing?.profile
      ? await callOrToast('profiles/update', { id: editing.profile.id, patch: input, ...withPassword })
      : await callOrToast('profiles/create', { profile: input, ...withPassword });
    if (saved) {
      setEditing(null);
      await loadProfiles();
    }
  };

  /** One action on a profile at a time: its buttons are disabled meanwhile. */
  const act = (id: string, what: () => Promise<unknown>) => {
    setBusyId(id);
    void what().finally(() => setBusyId(null));
  };

  const columns = profileColumns({
    activeId: active?.profileId ?? null,
    busyId,
    tests,
    missingDatabase,
    connect: (item: ProfileListItem) =>
      act(item.id, async () => {
        setMissingDatabase(null);
        const connected = await tryCall('connection/connect', { id: item.id });
        if (connected.ok) await loadProfiles();
        // The one failure the page can mend: offer to create the database.
        else if (connected.error.code === 'DATABASE_MISSING') setMissingDatabase(item.id);
      }),
    createDatabase: (id) =>
      act(id, async () => {
        const created = await callOrToast('profiles/create-database', { id });
        if (!created) return;
        pushToast({ kind: 'info', title: 'Database created', message: `Created database ${created.name}.` });
        // The "does not exist" messages are answered.
        resolveToasts(['DATABASE_MISSING']);
        setMissingDatabase(null);
        await callOrToast('connection/connect', { id });
      }),
    test: (id) =>
      act(id, async () => {
        const result = await callOrToast('profiles/test', { id });
        if (result) setTests((t) => ({ ...t, [id]: result }));
      }),
    edit: (profile) => setEditing({ profile }),
    remove: (item) =>
      act(item.id, async () => {
        const ok = await confirm({
          title: `Delete the connection "${item.name}"?`,
          message: `1 connection profile and its stored password are removed from this computer. The database itself is not touched.`,
          confirmLabel: 'Delete 1 connection',
          danger: true,
        });
        if (!ok) return;
        await callOrToast('profiles/delete', { id: item.id });
        await loadProfiles();
      }),
    duplicate: (id) =>
      act(id, async () => {
        await callOrToast('profiles/duplicate', { id });
        await loadProfiles();
      }),
  });
  const feed = useRowsFeed(profiles, columns);

  return (
    <section>
      <h1>Connections</h1>
      <div className="actions">
        <button type="button" className="primary" onClick={() => setEditing({ profile: null })}>
          New connection
        </button>
        {active && (
          <button type="button" onClick={() => void tryCall('connection/disconnect', {})}>
            Disconnect
          </button>
        )}
      </div>
      {editing && (
        <ProfileForm
          key={editing.profile?.id ?? 'new'}
          profile={editing.profile}
          onSave={(v) => void save(v)}
          onCancel={() => setEditing(null)}
        />
      )}
      <DataTable
        label="Connection profiles"
        columns={columns}
        feed={feed}
        rowKey={(item) => item.id}
        rowData={(item) => ({ 'data-profile': item.name })}
        activeKey={active?.profileId}
        empty="No connections yet: add one with New connection."
      />
      {dialog}
    </section>
  );
}
