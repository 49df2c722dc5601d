import { useCallback, useEffect, useState } from 'react';
import type { ApiKeyDto } from '../../../src-main/shared/model/api-keys';
import { API_KEY_SCOPES, API_KEY_STATUSES, type ApiKeyScope, type ApiKeyStatus } from '../../../src-main/shared/model/vocabulary';
import { call } from '../api/client';
import { formatTime, NotConnected, ReadOnlyBanner, useReadOnly } from '../components/ReadOnlyBanner';
import { useStore } from '../store';
import { CheckKey } from './keys/CheckKey';
import { SecretOnce } from './keys/SecretOnce';


interface Shown {
  label: string;
  secret: string;
}

function CreateKey({ onCreated }: { onCreated(shown: Shown): void }): React.JSX.Element {
  const [userEmail, setUserEmail] = useState('');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<ApiKeyScope>>(new Set(['read']));
  const [days, setDays] = useState(90);
  const [never, setNever] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const created = await call('keys/create', { userEmail, name, scopes: [...scopes], expiry: never ? { never: true } : { days } }).catch(() => null);
    if (created) onCreated({ label: `New key "${created.key.name}" for ${created.key.userEmail}`, secret: created.secret });
  };
  const toggle = (s: ApiKeyScope) =>
    setScopes((cur) => {
      const next = new Set(cur);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-label="New API key">
      <h2>New API key</h2>
      <div className="row">
        <label>
          User email <input required value={userEmail} onChange={(e) => setUserEmail(e.target.value)} />
        </label>
        <label>
          Key name <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
      </div>
      <fieldset className="scopes">
        <legend>Scopes</legend>
        {API_KEY_SCOPES.map((s) => (
          <label key={s} className="checkbox">
            <input type="checkbox" checked={scopes.has(s)} onChange={() => toggle(s)} /> {s}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label className="narrow">
          Expires in (days) <input type="number" min={1} max={3650} value={days} disabled={never} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={never} onChange={(e) => setNever(e.target.checked)} /> Never expires (not recommended)
        </label>
      </div>
      <button type="submit" className="primary" disabled={scopes.size === 0}>
        Create key
      </button>
    </form>
  );
}

export function ApiKeysPage(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const readOnly = useReadOnly();
  const [status, setStatus] = useState<ApiKeyStatus | null>(null);
  const [search, setSearch] = useState('');
  const [keys, setKeys] = useState<ApiKeyDto[]>([]);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [overlap, setOverlap] = useState(24);

  const reload = useCallback(
    () => void call('keys/list', { status, search: search || null, limit: 200 }).then((p) => setKeys(p.rows), () => null),
    [status, search],
  );
  useEffect(() => {
    if (connection) reload();
  }, [connection, reload]);
  if (!connection) return <NotConnected title="API Keys" />;

  const revoke = async (k: ApiKeyDto) => {
    if (!window.confirm(`Revoke "${k.name}" of ${k.userEmail}? Callers using it are refused at once.`)) return;
    if (await call('keys/revoke', { id: k.id }).then(() => true, () => false)) reload();
  };
  const rotate = async (k: ApiKeyDto) => {
    const res = await call('keys/rotate', { id: k.id, overlapHours: overlap }).catch(() => null);
    if (res) {
      setShown({ label: `Replacement for "${k.name}" — the old key works until ${formatTime(res.old.expiresAt)}`, secret: res.created.secret });
      reload();
    }
  };

  return (
    <section>
      <h1>API Keys</h1>
      <ReadOnlyBanner />
      {shown && <SecretOnce secret={shown.secret} label={shown.label} onDismiss={() => setShown(null)} />}
      <div className="filters">
        <input type="search" placeholder="Search name, prefix or email" aria-label="Search keys" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select aria-label="Key status" value={status ?? ''} onChange={(e) => setStatus((e.target.value || null) as ApiKeyStatus | null)}>
          <option value="">any status</option>
          {API_KEY_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <label>
          Rotation overlap (hours) <input type="number" min={0} max={8760} className="narrow" value={overlap} onChange={(e) => setOverlap(Number(e.target.value))} />
        </label>
        <button type="button" className="primary" disabled={readOnly} onClick={() => setCreating((c) => !c)}>
          New key
        </button>
      </div>
      {creating && !readOnly && (
        <CreateKey
          onCreated={(s) => {
            setCreating(false);
            setShown(s);
            reload();
          }}
        />
      )}
      <table className="grid" aria-label="API keys">
        <thead>
          <tr>
            <th>Prefix</th>
            <th>Name</th>
            <th>User</th>
            <th>Scopes</th>
            <th>Status</th>
            <th>Created</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} data-key={k.name}>
              <td>
                <code>{k.prefix ?? '(service key)'}</code>
              </td>
              <td>{k.name}</td>
              <td>{k.userEmail}</td>
              <td>{k.scopes.join(', ')}</td>
              <td data-testid="key-status" className={`status-${k.status}`}>
                {k.status}
                {k.disabledBy === 'user' && ' (user disabled)'}
              </td>
              <td>{formatTime(k.createdAt)}</td>
              <td>{k.expiresAt ? formatTime(k.expiresAt) : 'never'}</td>
              <td>{formatTime(k.lastUsedAt)}</td>
              <td className="row-actions">
                <button type="button" disabled={readOnly || k.status === 'revoked'} onClick={() => void revoke(k)}>
                  Revoke
                </button>
                <button type="button" disabled={readOnly || k.status === 'revoked' || k.rotatedTo !== null} onClick={() => void rotate(k)}>
                  Rotate
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CheckKey />
    </section>
  );
}
