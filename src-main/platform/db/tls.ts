import { fileError } from '../files/file-errors';
import { readInputFile } from '../files/input-file';
import type { ConnectionOptions } from 'node:tls';
import { AppError } from '../../shared/errors';

/**
 * TLS for PostgreSQL connections, with libpq's sslmode meanings, built explicitly. node-postgres
 * is never handed an `sslmode` in a URL: its own parsing has treated `require` as
 * `verify-full` and `verify-ca` as checking the host name, which is not what libpq does.
 */
export { TLS_MODES, type TlsMode, type TlsSettings } from '../../shared/model/profile';
import type { TlsMode, TlsSettings } from '../../shared/model/profile';

/** What node-postgres takes as `ssl`. */
export type PgSsl = false | ConnectionOptions;

export type ReadFile = (file: string) => Promise<Buffer>;

async function readPem(readFile: ReadFile, file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    // Not a regular file (a FIFO would block the connection for ever): already says which file and why.
    if (e instanceof AppError) throw new AppError(e.code, `The ${what} file: ${e.message}`, { cause: e });
    throw fileError(`Cannot read the ${what} file ${file}`, e, "Check the path in the connection's TLS settings.");
  }
}

/**
 * The `ssl` option for node-postgres:
 * - disable: false (no TLS);
 * - require: encrypted, certificate not checked (rejectUnauthorized false) — libpq's meaning;
 * - verify-ca: the chain must lead to the CA file (or a system root), host name NOT checked;
 * - verify-full: chain and host name (certificate SAN/CN must match the host connected to).
 * Client certificate and key are added in every encrypted mode when given.
 */
export async function buildSslOptions(tls: TlsSettings, readFile: ReadFile = readInputFile): Promise<PgSsl> {
  if (tls.mode === 'disable') return false;
  const options: ConnectionOptions = {};
  if (tls.certFile || tls.keyFile) {
    if (!tls.certFile || !tls.keyFile) {
      throw new AppError('VALIDATION', 'A client certificate needs both a certificate file and a key file.');
    }
    options.cert = await readPem(readFile, tls.certFile, 'client certificate');
    options.key = await readPem(readFile, tls.keyFile, 'client key');
  }
  switch (tls.mode) {
    case 'require':
      options.rejectUnauthorized = false;
      break;
    case 'verify-ca':
      options.rejectUnauthorized = true;
      if (tls.caFile) options.ca = await readPem(readFile, tls.caFile, 'CA certificate');
      // Chain only: the certificate may name another host (libpq verify-ca).
      options.checkServerIdentity = () => undefined;
      break;
    case 'verify-full':
      options.rejectUnauthorized = true;
      if (tls.caFile) options.ca = await readPem(readFile, tls.caFile, 'CA certificate');
      break;
    default: {
      const never: never = tls.mode;
      throw new AppError('VALIDATION', `Unknown TLS mode ${String(never)}.`);
    }
  }
  return options;
}

/** URL query parameters that describe TLS; removed from any URL handed to a driver. */
export const SSL_URL_PARAMS = [
  'sslmode',
  'ssl',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'sslnegotiation',
  'sslcrl',
  'sslcompression',
] as const;

export interface ParsedTls {
  tls: TlsSettings;
  /** Things the URL asked for that are mapped approximately, for the UI to show. */
  warnings: string[];
}

/**
 * libpq-style TLS parameters of a URL → our settings. Absent sslmode = disable (as
 * node-postgres does; libpq's `prefer` silently falls back to clear text, which we never do).
 * `prefer` → require (never a silent fall-back to clear text); `allow` → disable.
 * `sslrootcert=system` = the system's trusted roots (libpq 16).
 */
export function tlsFromUrlParams(params: URLSearchParams): ParsedTls {
  const warnings: string[] = [];
  let raw = params.get('sslmode')?.trim().toLowerCase();
  if (raw === undefined) {
    const ssl = params.get('ssl')?.trim().toLowerCase();
    if (ssl === 'true' || ssl === '1') raw = 'require';
  }
  let mode: TlsMode;
  switch (raw) {
    case undefined:
    case '':
    case 'disable':
      mode = 'disable';
      break;
    case 'allow':
      mode = 'disable';
      warnings.push('sslmode=allow is treated as disable: the console does not negotiate TLS on demand.');
      break;
    case 'prefer':
      mode = 'require';
      warnings.push(
        'sslmode=prefer is treated as require: the console never falls back to an unencrypted connection silently. Use sslmode=disable for a server without TLS.',
      );
      break;
    case 'require':
    case 'verify-ca':
    case 'verify-full':
      mode = raw;
      break;
    default:
      throw new AppError('VALIDATION', `sslmode=${raw} is not a TLS mode; expected disable, require, verify-ca or verify-full.`);
  }
  const tls: TlsSettings = { mode };
  const root = params.get('sslrootcert');
  if (root && root !== 'system') tls.caFile = root;
  const cert = params.get('sslcert');
  if (cert) tls.certFile = cert;
  const key = params.get('sslkey');
  if (key) tls.keyFile = key;
  if (params.get('sslpassword')) warnings.push('sslpassword is not supported: use an unencrypted client key file.');
  return { tls, warnings };
}

/** The URL without any TLS parameter, so no driver interprets them behind our back. */
export function stripSslParams(url: string): string {
  const u = new URL(url);
  for (const p of SSL_URL_PARAMS) u.searchParams.delete(p);
  return u.toString();
}
