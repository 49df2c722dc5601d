import { useState } from 'react';
import { LIMITS } from '../../../../src-main/shared/limits';
import type { ApiKeyCreated } from '../../../../src-main/shared/model/api-keys';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../../src-main/shared/model/vocabulary';
import { callOrToast } from '../../api/callOrToast';

export function CreateKeyForm({ onCreated }: { onCreated(created: ApiKeyCreated): void }): React.JSX.Element {
  const [userEmail, setUserEmail] = useState('');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<ApiKeyScope>>(new Set(['read']));
  const [days, setDays] = useState<number>(LIMITS.keyExpiryDays.default);
  const [never, setNever] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const created = await callOrToast('keys/create', { userEmail, name, scopes: [...scopes], expiry: never ? { never: true } : { days } });
    if (created) onCreated(created);
  };
  const toggle = (s: ApiKeyScope) =>
    setScopes((cur) => {
      const next = new Set(cur);
      if (!next.delete(s)) next.add(s);
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
          Expires in (days){' '}
          <input
            type="number"
            min={1}
            max={LIMITS.keyExpiryDays.max}
            value={days}
            disabled={never}
            onChange={(e) => setDays(Number(e.target.value))}
          />
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
