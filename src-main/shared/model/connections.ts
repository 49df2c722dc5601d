/** Connections as the window sees them: never a password. */
import type { ConnectionProfile } from './profile';

export interface ConnectionSummary {
  profileId: string;
  name: string;
  /** host:port/database; never the password. */
  target: string;
  environment: string;
  colour: string;
  readOnly: boolean;
  /** Whether the session is encrypted (TLS). */
  encrypted: boolean;
  /** The profile's TLS mode (libpq's sslmode). */
  tlsMode: string;
  /** Not encrypted, to a server that is not on this machine: the window says so (status bar). */
  unencryptedRemote: boolean;
}

/** One entry of the Connections page: a stored profile, DATABASE_URL, or the local workspace. */
export interface ProfileListItem {
  id: string;
  kind: 'stored' | 'environment' | 'workspace';
  name: string;
  target: string;
  environment: { name: string; colour: string };
  readOnly: boolean;
  hasPassword: boolean;
  /** The editable profile (stored ones only). */
  profile: ConnectionProfile | null;
}

export interface ServerCheckDto {
  serverVersion: string;
  database: string;
  user: string;
  latencyMs: number;
  tls: boolean;
  readOnly: boolean;
}
