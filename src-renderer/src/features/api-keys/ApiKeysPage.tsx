import { useCallback, useState } from 'react';
import { LIMITS } from '../../../../src-main/shared/limits';
import type { ApiKeyDto } from '../../../../src-main/shared/model/api-keys';
import { API_KEY_STATUSES, type ApiKeyStatus } from '../../../../src-main/shared/model/vocabulary';
import { callOrToast } from '../../api/callOrToast';
import { useReadOnly } from '../../store/useReadOnly';
import { ReadOnlyBanner } from '../../ui/banners/ReadOnlyBanner';
import { useConfirm } from '../../ui/ConfirmDialog';
import { formatTime } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import { usePagedFeed, type LoadPage } from '../../ui/table/usePagedFeed';
import { CheckKey } from './CheckKey';
import { CreateKeyForm } from './CreateKeyForm';
import { keyColumns } from './keyColumns';
import { SecretOnce } from './SecretOnce';

/** A new key's secret with what it is: shown once (SecretOnce), then dropped. */
interface Shown {
  label: string;
  secret: string;
}

export function ApiKeysPage(): React.JSX.Element {
  const readOnly = useReadOnly();
  const [status, setStatus] = useState<ApiKeyStatus | null>(null);
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [overlap, setOverlap] = useState<number>(LIMITS.keyOverlapHours.default);
  const { confirm, dialog } = useConfirm();

  const loadPage = useCallback<LoadPage<ApiKeyDto, never>>(
    (cursor) => callOrToast('keys/list', { status, search: search || null, limit: LIMITS.pageSize.default, cursor }),
    [status, search],
  );
  const feed = usePagedFeed(loadPage);

  const revoke = async (k: ApiKeyDto) => {
    const ok = await confirm({
      title: `Revoke "${k.name}"?`,
      message: `1 key of ${k.userEmail} (${k.prefix ?? 'a service key'}) stops working at once: callers using it are refused. A revoked key cannot be brought back.`,
      confirmLabel: 'Revoke 1 key',
      danger: true,
    });
    if (!ok) return;
    if (await callOrToast('keys/revoke', { id: k.id })) feed.reload();
  };
  const rotate = async (k: ApiKeyDto) => {
    const res = await callOrToast('keys/rotate', { id: k.id, overlapHours: overlap });
    if (!res) return;
    const label = `Replacement for "${k.name}" — the old key works until ${formatTime(res.old.expiresAt)}`;
    setShown({ label, secret: res.created.secret });
    feed.reload();
  };
  const columns = keyColumns({ readOnly, revoke: (k) => void revoke(k), rotate: (k) => void rotate(k) });

  return (
    <section>
      <h1>API Keys</h1>
      <ReadOnlyBanner />
      {shown && <SecretOnce secret={shown.secret} label={shown.label} onDismiss={() => setShown(null)} />}
      <div className="filters">
        <input
          type="search"
          placeholder="Search name, prefix or email"
          aria-label="Search keys"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select aria-label="Key status" value={status ?? ''} onChange={(e) => setStatus((e.target.value || null) as ApiKeyStatus | null)}>
          <option value="">any status</option>
          {API_KEY_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <label>
          Rotation overlap (hours){' '}
          <input
            type="number"
            min={0}
            max={LIMITS.keyOverlapHours.max}
            className="narrow"
            value={overlap}
            onChange={(e) => setOverlap(Number(e.target.value))}
          />
        </label>
        <button type="button" className="primary" disabled={readOnly} onClick={() => setCreating((c) => !c)}>
          New key
        </button>
      </div>
      {creating && !readOnly && (
        <CreateKeyForm
          onCreated={(created) => {
            setCreating(false);
            setShown({ label: `New key "${created.key.name}" for ${created.key.userEmail}`, secret: created.secret });
            feed.reload();
          }}
        />
      )}
      <DataTable
        label="API keys"
        columns={columns}
        feed={feed}
        rowKey={(k) => k.id}
        rowData={(k) => ({ 'data-key': k.name })}
        empty={
          search || status
            ? 'No keys match these filters: clear the search or the status.'
            : 'No API keys yet: create one with New key, for an active user.'
        }
      />
      {dialog}
      <CheckKey />
    </section>
  );
}
