import type { PoolSettings } from './pool-settings';
import type { TlsSettings } from './tls';

/**
 * What the ConnectionManager needs to connect: a stored profile, the environment's
 * DATABASE_URL, or the embedded workspace.
 */
export interface ConnectionTarget {
  id: string;
  name: string;
  host: string;
  port: number;
  database: string;
  user: string;
  tls: TlsSettings;
  applicationName: string;
  statementTimeoutMs: number;
  connectTimeoutMs?: number;
  readOnly: boolean;
  environment?: { name: string; colour: string };
  pool?: Partial<PoolSettings>;
}
