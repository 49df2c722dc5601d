/** libpq connection URLs, read into connection fields (never echoing the URL, which may hold a password). */
import { AppError } from '../../shared/errors';
import { SSL_URL_PARAMS, tlsFromUrlParams } from './tls';
import { type ProfileInput } from '../../shared/model/profile';

export interface ParsedUrl {
  /** Profile fields found in the URL (TLS included); ready for ProfileStore.create. */
  fields: Required<Pick<ProfileInput, 'host' | 'port' | 'database' | 'user' | 'tls'>> &
    Pick<ProfileInput, 'applicationName' | 'connectTimeoutMs'>;
  /** The URL's password, if any: for the SecretStore, never for the profile. */
  password?: string;
  warnings: string[];
}

export const KNOWN_PARAMS = new Set<string>([
  ...SSL_URL_PARAMS,
  'host',
  'hostaddr',
  'port',
  'user',
  'password',
  'dbname',
  'application_name',
  'connect_timeout',
]);

/**
 * A libpq-style URL (postgres://, postgresql://, or SQLAlchemy's postgresql+driver://) →
 * profile fields. TLS comes from sslmode/sslrootcert/sslcert/sslkey (see tls.ts). Messages
 * never repeat the URL (it may hold a password).
 */
export function parseConnectionUrl(url: string, variable = 'the connection URL'): ParsedUrl {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new AppError('VALIDATION', `${variable} is not a URL; expected postgresql://user:password@host:5432/database?sslmode=require.`);
  }
  if (!/^postgres(ql)?(\+[a-z0-9_]+)?:$/i.test(u.protocol)) {
    throw new AppError('VALIDATION', `${variable} must start with postgresql:// (found ${u.protocol}//).`);
  }
  const q = u.searchParams;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new AppError('VALIDATION', `${variable} has a badly percent-encoded part.`);
    }
  };
  const warnings: string[] = [];
  const host = q.get('host') || q.get('hostaddr') || u.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  const portText = q.get('port') || u.port || '5432';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new AppError('VALIDATION', `${variable} has an invalid port "${portText}"; expected 1 to 65535.`);
  }
  const user = q.get('user') || (u.username ? decode(u.username) : '') || 'postgres';
  const database = q.get('dbname') || decode(u.pathname.replace(/^\//, '')) || user;
  const rawPassword = q.get('password') ?? (u.password ? decode(u.password) : undefined);
  const { tls, warnings: tlsWarnings } = tlsFromUrlParams(q);
  warnings.push(...tlsWarnings);
  const fields: ParsedUrl['fields'] = { host, port, database, user, tls };
  const app = q.get('application_name');
  if (app) fields.applicationName = app;
  const ct = q.get('connect_timeout');
  if (ct) {
    const seconds = Number(ct);
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new AppError('VALIDATION', `${variable} has an invalid connect_timeout "${ct}"; expected seconds.`);
    if (seconds > 0) fields.connectTimeoutMs = Math.max(100, Math.round(seconds * 1000));
  }
  const unknown = [...q.keys()].filter((k) => !KNOWN_PARAMS.has(k));
  if (unknown.length) warnings.push(`Ignored URL parameters: ${[...new Set(unknown)].join(', ')}.`);
  return rawPassword ? { fields, password: rawPassword, warnings } : { fields, warnings };
}
