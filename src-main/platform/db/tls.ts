import { fileError } from '../files/file-errors';
import { readInputFile } from '../files/input-file';
import type { ConnectionOptions } from 'node:tls';
import { AppError } from '../../shared/errors';

/**
 * TLS for PostgreSQL connections, with libpq's sslmode meanings, built explicitly. node-postgres
 * is never handed an `sslmode` in a URL: its own parsing has treated `require` as
 * `verify-full` and `verify-ca` as checking the host name, which is not what libpq does.
 */
// Types only: shared/model/profile.ts holds zod schemas, which the command line does not load to start.
export type { TlsMode, TlsSettings } from '../../shared/model/profile';
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
 * The `ssl` option for node-postgres when TLS is tried:
 * - disable: false (no TLS);
 * - allow, prefer, require: encrypted, certificate not checked (rejectUnauthorized false) — libpq's meaning
 *   (for allow and prefer this is one of two attempts: see {@link sslPlan});
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
    case 'allow':
    case 'prefer':
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

/**
 * The second attempt of `allow` and `prefer`, which node-postgres does not have: made only when
 * the server refused the first way — `tls-refused`, it answered the TLS request with "no" (ssl
 * off); `tls-required`, pg_hba.conf has no entry for an unencrypted connection (hostssl only).
 * Any other failure (a bad certificate, a wrong password) is the answer, never a reason to retry.
 */
export interface SslFallback {
  ssl: PgSsl;
  when: 'tls-refused' | 'tls-required';
}

/** The `ssl` of the first attempt, and the fallback when the mode has one. */
export async function sslPlan(tls: TlsSettings, readFile?: ReadFile): Promise<{ ssl: PgSsl; fallback: SslFallback | null }> {
  switch (tls.mode) {
    case 'allow':
      return { ssl: false, fallback: { ssl: await buildSslOptions(tls, readFile), when: 'tls-required' } };
    case 'prefer':
      return { ssl: await buildSslOptions(tls, readFile), fallback: { ssl: false, when: 'tls-refused' } };
    default:
      return { ssl: await buildSslOptions(tls, readFile), fallback: null };
  }
}

/** Whether a failed first attempt is the one `fallback` is for. */
export function isFallbackCase(error: unknown, fallback: SslFallback): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (fallback.when === 'tls-refused') return /does not support SSL connections/i.test(message);
  return e?.code === '28000' && /no encryption/i.test(message);
}

/** A host a connection to which never leaves this machine: localhost, 127.0.0.0/8, ::1, or a Unix socket directory. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || h.startsWith('/');
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
 * libpq-style TLS parameters of a URL → our settings, with libpq's meanings. Absent sslmode =
 * `prefer`, libpq's default: TLS when the server offers it, else plain — a plain connection to
 * anything but this machine is then shown (status bar, `govcon health`); sslmode=require refuses
 * it. `sslrootcert=system` = the system's trusted roots (libpq 16).
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
      mode = 'prefer';
      break;
    case 'disable':
    case 'allow':
    case 'prefer':
    case 'require':
    case 'verify-ca':
    case 'verify-full':
      mode = raw;
      break;
    default:
      throw new AppError(
        'VALIDATION',
        `sslmode=${raw} is not a TLS mode; expected disable, allow, prefer, require, verify-ca or verify-full.`,
      );
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
