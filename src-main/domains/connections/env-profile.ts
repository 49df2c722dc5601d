import { AppError } from '../../shared/errors';
import { DEFAULT_APPLICATION_NAME, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from '../../shared/model/profile';
import { parseConnectionUrl } from '../../platform/db/url';
import { type ConnectionTarget } from '../../platform/db/target';
import { DEFAULT_POOL, type PoolSettings } from '../../platform/db/pool-settings';

/**
 * The environment the service's installations already use (docs/architecture.md, "The service's database"): DATABASE_URL plus
 * DB_POOL_SIZE, DB_POOL_MAX_OVERFLOW, DB_POOL_TIMEOUT, DB_POOL_RECYCLE, DB_ECHO.
 */
export const ENV_PROFILE_ID = 'environment';

export interface EnvProfile {
  target: ConnectionTarget & { pool: PoolSettings };
  /** DATABASE_URL's password, for the connection only (never stored, never logged). */
  password?: string;
  warnings: string[];
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, expected: string): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^[+-]?\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw new AppError('VALIDATION', `${name}="${raw}" is invalid: expected ${expected} (default ${fallback}).`);
  }
  return Number(raw);
}

function secondsVar(env: NodeJS.ProcessEnv, name: string, fallback: number, expected: string, allowDisabled = false): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  const ok = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) && Number.isFinite(n) && (n >= 0 || (allowDisabled && n === -1));
  if (!ok) throw new AppError('VALIDATION', `${name}="${raw}" is invalid: expected ${expected} (default ${fallback}).`);
  return n;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new AppError('VALIDATION', `${name}="${env[name]}" is invalid: expected true or false (also 1/0, yes/no, on/off).`);
}

/** The pool variables alone (DATABASE_URL not needed). */
export function poolSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): PoolSettings {
  const size = intVar(env, 'DB_POOL_SIZE', DEFAULT_POOL.size, 1, 'a whole number of connections, at least 1');
  const maxOverflow = intVar(env, 'DB_POOL_MAX_OVERFLOW', DEFAULT_POOL.maxOverflow, 0, 'a whole number of extra connections, 0 or more');
  const timeoutSeconds = secondsVar(
    env,
    'DB_POOL_TIMEOUT',
    DEFAULT_POOL.timeoutSeconds,
    'seconds to wait for a free connection, a number ≥ 0',
  );
  // SQLAlchemy's -1 (never recycle) is accepted.
  const recycleSeconds = secondsVar(
    env,
    'DB_POOL_RECYCLE',
    DEFAULT_POOL.recycleSeconds,
    'the maximum age of a connection in seconds, a number ≥ 0 or -1 for never',
    true,
  );
  const echo = boolVar(env, 'DB_ECHO', DEFAULT_POOL.echo);
  return { size, maxOverflow, timeoutSeconds, recycleSeconds, echo };
}

/**
 * DATABASE_URL and the pool variables → a connection target; undefined when DATABASE_URL is
 * not set. Every invalid value is a VALIDATION error naming the variable and the expected
 * form (the URL itself is never repeated: it may hold a password).
 */
export function envProfile(env: NodeJS.ProcessEnv = process.env): EnvProfile | undefined {
  const url = env.DATABASE_URL?.trim();
  if (!url) return undefined;
  const parsed = parseConnectionUrl(url, 'DATABASE_URL');
  const pool = poolSettingsFromEnv(env);
  const f = parsed.fields;
  const target: EnvProfile['target'] = {
    id: ENV_PROFILE_ID,
    name: 'Environment (DATABASE_URL)',
    host: f.host,
    port: f.port,
    database: f.database,
    user: f.user,
    tls: f.tls,
    applicationName: f.applicationName ?? DEFAULT_APPLICATION_NAME,
    statementTimeoutMs: DEFAULT_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: f.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    readOnly: boolVar(env, 'GOVCON_READ_ONLY', false),
    environment: { name: 'environment', colour: '#6b7280' },
    pool,
  };
  return parsed.password !== undefined
    ? { target, password: parsed.password, warnings: parsed.warnings }
    : { target, warnings: parsed.warnings };
}
