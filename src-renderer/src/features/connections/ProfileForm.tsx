import { useState } from 'react';
import type { ConnectionProfile, ProfileInput, TlsMode } from '../../../../src-main/shared/model/profile';

const TLS_OPTIONS: { mode: TlsMode; label: string }[] = [
  { mode: 'disable', label: 'disable — no TLS' },
  { mode: 'allow', label: 'allow — plain, TLS only if the server insists' },
  { mode: 'prefer', label: 'prefer — TLS if the server offers it, else plain (libpq default)' },
  { mode: 'require', label: 'require — TLS always (refuse plain), do not check the certificate' },
  { mode: 'verify-ca', label: 'verify-ca — check the certificate chain' },
  { mode: 'verify-full', label: 'verify-full — check the chain and the host name' },
];

export interface ProfileFormValue {
  input: ProfileInput;
  /** undefined: keep the stored one (edit) or none (new). */
  password?: string;
}

const NEW_PROFILE: ProfileInput = {
  name: '',
  host: '127.0.0.1',
  port: 5432,
  database: 'governance',
  user: 'postgres',
  tls: { mode: 'disable' },
  environment: { name: 'development' },
  operator: null,
};

function initial(profile: ConnectionProfile | null): ProfileInput {
  if (!profile) return NEW_PROFILE;
  const { id: _id, hasPassword: _h, createdAt: _c, updatedAt: _u, ...input } = profile;
  return input;
}

/** Create or edit a connection profile. The password field is write-only: it is never shown back. */
interface ProfileFormProps {
  profile: ConnectionProfile | null;
  onSave(value: ProfileFormValue): void;
  onCancel(): void;
}

export function ProfileForm(props: ProfileFormProps): React.JSX.Element {
  const [input, setInput] = useState<ProfileInput>(() => initial(props.profile));
  const [password, setPassword] = useState('');
  const set = (patch: Partial<ProfileInput>) => setInput((v) => ({ ...v, ...patch }));
  const tls = input.tls ?? { mode: 'disable' as const };
  const env = input.environment ?? { name: 'development' };
  const operator = input.operator ?? null;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    props.onSave({ input, password: password || undefined });
  };
  return (
    <form className="card form" onSubmit={submit} aria-label="Connection profile">
      <h2>{props.profile ? `Edit ${props.profile.name}` : 'New connection'}</h2>
      <label>
        Name <input required value={input.name} onChange={(e) => set({ name: e.target.value })} />
      </label>
      <div className="row">
        <label>
          Host <input required value={input.host} onChange={(e) => set({ host: e.target.value })} />
        </label>
        <label className="narrow">
          Port{' '}
          <input type="number" min={1} max={65535} value={input.port ?? 5432} onChange={(e) => set({ port: Number(e.target.value) })} />
        </label>
      </div>
      <div className="row">
        <label>
          Database <input required value={input.database} onChange={(e) => set({ database: e.target.value })} />
        </label>
        <label>
          User <input required value={input.user} onChange={(e) => set({ user: e.target.value })} />
        </label>
      </div>
      <label>
        Password{' '}
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          placeholder={props.profile?.hasPassword ? 'stored — type to replace' : 'none'}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label>
        TLS{' '}
        <select value={tls.mode} onChange={(e) => set({ tls: { ...tls, mode: e.target.value as TlsMode } })}>
          {TLS_OPTIONS.map((o) => (
            <option key={o.mode} value={o.mode}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {tls.mode !== 'disable' && (
        <div className="row">
          <label>
            CA file{' '}
            <input
              value={tls.caFile ?? ''}
              placeholder="system roots"
              onChange={(e) => set({ tls: { ...tls, caFile: e.target.value || undefined } })}
            />
          </label>
          <label>
            Client certificate{' '}
            <input value={tls.certFile ?? ''} onChange={(e) => set({ tls: { ...tls, certFile: e.target.value || undefined } })} />
          </label>
          <label>
            Client key <input value={tls.keyFile ?? ''} onChange={(e) => set({ tls: { ...tls, keyFile: e.target.value || undefined } })} />
          </label>
        </div>
      )}
      <div className="row">
        <label>
          Application name{' '}
          <input
            value={input.applicationName ?? ''}
            placeholder="governance-console"
            onChange={(e) => set({ applicationName: e.target.value || undefined })}
          />
        </label>
        <label className="narrow">
          Statement timeout (ms){' '}
          <input
            type="number"
            min={0}
            value={input.statementTimeoutMs ?? 30000}
            onChange={(e) => set({ statementTimeoutMs: Number(e.target.value) })}
          />
        </label>
      </div>
      <div className="row">
        <label>
          Environment{' '}
          <input list="environments" value={env.name} onChange={(e) => set({ environment: { ...env, name: e.target.value } })} />
          <datalist id="environments">
            <option value="development" />
            <option value="staging" />
            <option value="production" />
            <option value="local" />
          </datalist>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={input.readOnly ?? env.name === 'production'}
            onChange={(e) => set({ readOnly: e.target.checked })}
          />{' '}
          Read-only (enforced by the server)
        </label>
      </div>
      <div className="row">
        <label>
          Operator name{' '}
          <input
            value={operator?.name ?? ''}
            onChange={(e) => set({ operator: e.target.value ? { name: e.target.value, email: operator?.email ?? '' } : null })}
          />
        </label>
        <label>
          Operator email{' '}
          <input
            type="email"
            value={operator?.email ?? ''}
            disabled={!operator}
            onChange={(e) => set({ operator: operator ? { ...operator, email: e.target.value } : null })}
          />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
