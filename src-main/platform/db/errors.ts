import { AppError, type ErrorCode } from '../../shared/errors';
import { scrubSecrets } from '../secrets/scrub';

/**
 * pg / Node / Sequelize errors → AppError with a stable code and a message a person can act
 * on. Messages name host, port, database and user — never the password (URLs are scrubbed and
 * known secrets masked).
 */

export interface ConnectContext {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  tlsMode?: string;
  statementTimeoutMs?: number;
  /** Strings to mask wherever they appear (the password). */
  secrets?: readonly string[];
  /**
   * The error came while opening the connection (before the server was ready for queries). A
   * connection closed then means whatever answered is not PostgreSQL (NOT_POSTGRES); closed
   * later, it was PostgreSQL and went away (CONNECTION_LOST).
   */
  connecting?: boolean;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

const HOST_NOT_FOUND = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  reason?: string;
  errors?: unknown[];
  parent?: unknown;
  original?: unknown;
  cause?: unknown;
}

function asErrorLike(e: unknown): ErrorLike {
  return e && typeof e === 'object' ? (e as ErrorLike) : { message: String(e) };
}

/** The innermost driver error: Sequelize wraps pg's error in `parent`/`original`. */
function innermost(e: unknown): ErrorLike {
  let cur = asErrorLike(e);
  for (let i = 0; i < 5; i++) {
    const next = cur.parent ?? cur.original;
    if (!next || next === cur) break;
    cur = asErrorLike(next);
  }
  // Happy-eyeballs (several addresses tried) reports an AggregateError; its members say why.
  if (Array.isArray(cur.errors) && cur.errors.length && !cur.code) cur = asErrorLike(cur.errors[0]);
  return cur;
}

function where(ctx: ConnectContext): string {
  if (!ctx.host) return 'the server';
  return ctx.port ? `${ctx.host}:${ctx.port}` : ctx.host;
}

function tlsReason(err: ErrorLike): string {
  const code = err.code ?? '';
  switch (code) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return `the server's certificate is not issued for this host name (${err.reason ?? err.message}). Connect using a name the certificate lists, or use verify-ca, which checks the chain but not the name`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `the server's certificate chain ends in a self-signed certificate that is not trusted (${code}). Choose the server's CA file in the TLS settings, or use require to encrypt without verifying`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_SIGNATURE_FAILURE':
    case 'CERT_UNTRUSTED':
    case 'INVALID_CA':
      return `the server's certificate is not signed by the trusted CA (${code}). Check that the CA file is the one that issued the server's certificate`;
    case 'CERT_HAS_EXPIRED':
      return "the server's certificate has expired";
    case 'CERT_NOT_YET_VALID':
      return "the server's certificate is not valid yet (check the clocks)";
    default:
      return err.message ?? code;
  }
}

/** An established connection went away while in use: never taken for a wrong port. */
function lost(at: string, cause: unknown, ctx: ConnectContext): AppError {
  return make(
    'CONNECTION_LOST',
    `The connection to ${at} was lost while in use: the server stopped or restarted, or the network cut it. ` +
      'Nothing was reported for work it did not finish; run it again once the server answers.',
    cause,
    ctx,
  );
}

function make(code: ErrorCode, message: string, cause: unknown, ctx: ConnectContext): AppError {
  return new AppError(code, scrubSecrets(message, ctx.secrets), { cause });
}

/**
 * Maps an error met while connecting or querying to an AppError. An AppError passes through.
 */
export function classifyConnectError(error: unknown, ctx: ConnectContext = {}): AppError {
  if (error instanceof AppError) return error;
  const outer = asErrorLike(error);
  const err = innermost(error);
  const code = err.code ?? '';
  const msg = err.message ?? '';
  const at = where(ctx);
  const user = ctx.user ? `"${ctx.user}"` : 'this user';
  const db = ctx.database ? `"${ctx.database}"` : 'the database';

  // SQLSTATEs sent by a PostgreSQL server.
  switch (code) {
    case '28P01':
      return make('AUTH_FAILED', `Password authentication failed for user ${user} on ${at}. Check the user name and password.`, error, ctx);
    case '28000': {
      if (/pg_hba\.conf/.test(msg)) {
        const tlsHint = /no encryption|SSL off/i.test(msg)
          ? ' The server may accept only TLS connections: try TLS mode require or verify-full.'
          : /SSL on|encryption/i.test(msg)
            ? ' The server may accept only unencrypted connections from here.'
            : '';
        return make(
          'AUTH_FAILED',
          `${at} does not accept connections from this machine for user ${user} and database ${db} (pg_hba.conf has no entry for it).${tlsHint} Ask the server's administrator.`,
          error,
          ctx,
        );
      }
      return make('AUTH_FAILED', `The server refused user ${user}: ${msg}`, error, ctx);
    }
    case '3D000':
      return make(
        'DATABASE_MISSING',
        `Database ${db} does not exist on ${at}. Create it (CREATE DATABASE ${ctx.database ? `"${ctx.database.replace(/"/g, '""')}"` : '…'}) or choose an existing database.`,
        error,
        ctx,
      );
    case '42501':
      return make(
        'PERMISSION_DENIED',
        `The database refused: ${msg}. The connected role lacks this privilege; connect as a role that has it.`,
        error,
        ctx,
      );
    case '25006':
      return make('READ_ONLY', `This connection is read-only: the server refused to change data (${msg}).`, error, ctx);
    case '57P01': // admin_shutdown: the server is stopping, or an administrator ended the session
    case '57P02': // crash_shutdown: another server process crashed
      return lost(at, error, ctx);
    case '57P03': // cannot_connect_now
      return make(
        'CONNECTION_REFUSED',
        `${at} is starting up, shutting down or recovering, and accepts no connection now (${msg}). Try again in a moment.`,
        error,
        ctx,
      );
    case '57014':
      if (/statement timeout/i.test(msg)) {
        const limit = ctx.statementTimeoutMs ? ` (${ctx.statementTimeoutMs} ms)` : '';
        return make('TIMEOUT', `The query ran longer than this connection's statement timeout${limit} and was cancelled.`, error, ctx);
      }
      return make('CANCELLED', 'The query was cancelled.', error, ctx);
    case '42P01': {
      // undefined_table: the page or command needs the governance schema, and this database has none (or not all of it).
      const relation = /relation "([^"]+)"/.exec(msg)?.[1];
      return make(
        'SCHEMA_MISSING',
        `Database ${db} has no ${relation ? `"${relation}" table` : 'governance schema'}: it is empty or another application's. ` +
          'Initialise it first (the Database page, or govcon init), or connect to the governance database.',
        error,
        ctx,
      );
    }
    case '42703':
      // undefined_column: a table of that name, but not the governance schema's.
      return make(
        'SCHEMA_MISMATCH',
        `Database ${db} has tables that are not the governance schema's (${msg}). ` +
          'The Database page (or govcon migrate status) shows how it differs; initialise a governance database first.',
        error,
        ctx,
      );
    case '53300':
      return make('CONNECTION_REFUSED', `${at} refused the connection: it has too many clients already (${msg}).`, error, ctx);
  }
  if (/^08/.test(code)) return make('CONNECTION_REFUSED', `${at} rejected the connection: ${msg}`, error, ctx);

  // The network.
  if (HOST_NOT_FOUND.has(code)) {
    return make(
      'HOST_NOT_FOUND',
      `The host name "${ctx.host ?? (err as { hostname?: string }).hostname ?? '?'}" cannot be resolved (${code}). Check the spelling, your DNS or VPN.`,
      error,
      ctx,
    );
  }
  if (code === 'ECONNREFUSED') {
    return make(
      'CONNECTION_REFUSED',
      `Nothing accepts connections on ${at} (connection refused). Check the host and port, and that PostgreSQL is running and listening there.`,
      error,
      ctx,
    );
  }
  if (UNREACHABLE.has(code)) {
    return make(
      'CONNECTION_REFUSED',
      `${at} cannot be reached from this machine (${code}). Check the network, VPN or firewall.`,
      error,
      ctx,
    );
  }
  if (
    code === 'ETIMEDOUT' ||
    /timeout expired|connection timeout|Connection timed out|Query read timeout/i.test(msg) ||
    /TimedOut|AcquireTimeout/.test(outer.name ?? '') ||
    /TimedOut|AcquireTimeout/.test(err.name ?? '')
  ) {
    if (/AcquireTimeout/.test(outer.name ?? '')) {
      return make(
        'TIMEOUT',
        'Every pooled connection stayed busy longer than the pool timeout (DB_POOL_TIMEOUT). Try again, or raise the pool size.',
        error,
        ctx,
      );
    }
    return make(
      'TIMEOUT',
      `${at} did not answer in time. Check the host and port, the firewall, and that the server is not overloaded.`,
      error,
      ctx,
    );
  }

  // TLS.
  if (/does not support SSL connections/i.test(msg)) {
    return make(
      'TLS_FAILED',
      `${at} does not offer TLS, but this connection requires it (TLS mode ${ctx.tlsMode ?? 'require'}). Enable TLS on the server, or choose TLS mode disable if the network is trusted.`,
      error,
      ctx,
    );
  }
  if (TLS_CODES.has(code) || /^ERR_(SSL|TLS)_/.test(code) || /certificate|\bSSL\b|\bTLS\b|altnames/i.test(msg)) {
    if (!/error establishing an SSL connection/i.test(msg)) {
      return make('TLS_FAILED', `TLS with ${at} failed: ${tlsReason(err)}.`, error, ctx);
    }
  }

  // Something answered, but not as PostgreSQL does.
  if (/error establishing an SSL connection/i.test(msg)) {
    return make(
      'NOT_POSTGRES',
      `${at} answered the TLS request with something PostgreSQL never sends: it does not look like a PostgreSQL server. Check the port.`,
      error,
      ctx,
    );
  }
  // The server lost a parallel worker of this query: it crashed or is being killed.
  if (/lost connection to parallel worker/i.test(msg)) return lost(at, error, ctx);
  // pg's answer to a query on a client whose connection already failed.
  if (!ctx.connecting && /Client has encountered a connection error and is not queryable/i.test(msg)) return lost(at, error, ctx);
  if (
    /Connection terminated unexpectedly|received invalid response|unexpected message|Unknown message code|invalid message|message too large/i.test(
      msg,
    ) ||
    code === 'ECONNRESET' ||
    code === 'EPIPE'
  ) {
    const cut = /Connection terminated/i.test(msg) || code === 'ECONNRESET' || code === 'EPIPE';
    if (cut && !ctx.connecting) return lost(at, error, ctx);
    return make(
      'NOT_POSTGRES',
      `${at} closed the connection or answered without speaking PostgreSQL's protocol. Is this the PostgreSQL port (usually 5432), and not a proxy or another service?`,
      error,
      ctx,
    );
  }

  // Client-side authentication problems: the server asked for a password (SCRAM) and the driver had none.
  if (/password must be a string|no password (was )?(supplied|given)/i.test(msg)) {
    return make(
      'AUTH_FAILED',
      `${at} wants a password for user ${user}, and none was given. Give it in the connection URL ` +
        '(postgresql://user:password@host/database), in PGPASSWORD or ~/.pgpass, or in the connection profile (the Connections page).',
      error,
      ctx,
    );
  }
  if (/SASL|SCRAM/i.test(msg)) {
    return make('AUTH_FAILED', `${at} refused the password of user ${user} (${msg}). Check the user name and password.`, error, ctx);
  }

  return make('INTERNAL', `Unexpected database error: ${msg || String(error)}`, error, ctx);
}

/** The SQLSTATE (and constraint) of a driver error, also when Sequelize wraps it. */
export function sqlState(e: unknown): { code?: string; constraint?: string } {
  let cur = e as { code?: string; constraint?: string; parent?: unknown; original?: unknown } | undefined;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return cur;
    cur = (cur.parent ?? cur.original) as typeof cur;
  }
  return {};
}

/** Class 22 (data exception), 23 (integrity constraint) or 54 (limit exceeded): the row, not the server. */
export function isDataError(e: unknown): boolean {
  return /^(22|23|54)/.test(sqlState(e).code ?? '');
}

/** A deadlock or serialisation failure: retrying the transaction is the cure. */
export function isConcurrencyFailure(e: unknown): boolean {
  const code = sqlState(e).code;
  return code === '40P01' || code === '40001';
}

const CONSTRAINT_CODES: Record<string, { code: 'CONFLICT' | 'VALIDATION'; what: string }> = {
  '23505': { code: 'CONFLICT', what: 'a row with the same unique value exists' },
  '23503': { code: 'CONFLICT', what: 'another row refers to it, or it refers to a row that does not exist' },
  '23514': { code: 'VALIDATION', what: 'a check constraint of the table refused the value' },
  '23502': { code: 'VALIDATION', what: 'a required value is missing' },
  '22001': { code: 'VALIDATION', what: 'a value is too long for its column' },
  '22P02': { code: 'VALIDATION', what: 'a value has the wrong form' },
};

/**
 * A database error met while changing data: constraint violations → CONFLICT / VALIDATION
 * naming the constraint, the rest (read-only, timeouts, lost connections…) as
 * classifyConnectError says. An AppError passes through unchanged.
 */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const state = sqlState(e);
  const known = state.code ? CONSTRAINT_CODES[state.code] : undefined;
  if (known) {
    const constraint = state.constraint ? ` (${state.constraint})` : '';
    return new AppError(known.code, `The database refused the change: ${known.what}${constraint}.`, { cause: e });
  }
  return classifyConnectError(e);
}
