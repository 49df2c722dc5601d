/**
 * The node-postgres configuration of a target's sessions: what every connection of the console
 * carries from its first packet (application_name, statement_timeout, read-only for read-only
 * profiles) and its TLS (tls.ts), including `allow`/`prefer`'s second attempt, which
 * connectClient makes. Without Sequelize, so that long jobs on worker threads and the command
 * line load only the driver.
 */
import type pg from 'pg';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../../shared/model/profile';
import { CONSOLE_VERSION } from '../../shared/version';
import type { ConsoleClientConfig } from './pg-client';
import type { ConnectionTarget } from './target';
import { sslPlan, type PgSsl } from './tls';

export interface RawClientOptions {
  /**
   * Statement timeout for this client in ms. Default: none of ours (long jobs such as COPY
   * streaming run as long as they need; a server- or role-level setting still applies).
   * Pass the profile's value or any other to bound the job.
   */
  statementTimeoutMs?: number | null;
  /** Suffix for application_name, so jobs are told apart in pg_stat_activity. Default "job". */
  purpose?: string;
}

/**
 * "-c name=value" pairs of the startup `options` parameter: the console's version on every
 * session (console_events records it with each event), read-only when the profile is.
 */
function startupOptions(target: ConnectionTarget): string {
  const version = `-c govcon.console_version=${CONSOLE_VERSION.replace(/[^0-9A-Za-z.+-]/g, '')}`;
  return target.readOnly ? `${version} -c default_transaction_read_only=on` : version;
}

export type SessionConfig = {
  application_name: string;
  statement_timeout?: number;
  options?: string;
  ssl: PgSsl;
  connectionTimeoutMillis: number;
  keepAlive: boolean;
};

export function sessionConfig(
  target: ConnectionTarget,
  ssl: PgSsl,
  statementTimeoutMs: number | null | undefined,
  applicationName: string,
): SessionConfig {
  const cfg: SessionConfig = {
    application_name: applicationName.slice(0, 63),
    ssl,
    connectionTimeoutMillis: target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    keepAlive: true,
  };
  if (statementTimeoutMs && statementTimeoutMs > 0) cfg.statement_timeout = statementTimeoutMs;
  cfg.options = startupOptions(target);
  return cfg;
}

/**
 * A plain node-postgres client configuration for the target (COPY streaming, long jobs):
 * same TLS, application_name "<name> (<purpose>)", read-only when the profile is, and the
 * statement timeout given (none by default).
 */
export async function pgClientConfig(
  target: ConnectionTarget,
  secret: string | undefined,
  options: RawClientOptions = {},
): Promise<pg.ClientConfig> {
  const { ssl, fallback } = await sslPlan(target.tls);
  const app = options.purpose === '' ? target.applicationName : `${target.applicationName} (${options.purpose ?? 'job'})`;
  const config: ConsoleClientConfig = {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: secret,
    ...sessionConfig(target, ssl, options.statementTimeoutMs ?? null, app),
  };
  if (fallback) config.sslFallback = fallback;
  return config;
}
