import { describe, expect, it } from 'vitest';
import { ConnectionError, DatabaseError, ConnectionAcquireTimeoutError } from 'sequelize';
import { classifyConnectError } from '../../../../src-main/platform/db/errors';
import { scrubSecrets as scrub } from '../../../../src-main/platform/secrets/scrub';
import { AppError, type ErrorCode } from '../../../../src-main/shared/errors';

const ctx = {
  host: 'db.example.org',
  port: 5432,
  database: 'gov',
  user: 'sre',
  tlsMode: 'verify-full',
  statementTimeoutMs: 5000,
  secrets: ['hunter2'],
};

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}
function nodeError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

const table: Array<[string, unknown, ErrorCode, RegExp]> = [
  [
    'wrong password',
    pgError('28P01', 'password authentication failed for user "sre"'),
    'AUTH_FAILED',
    /Password authentication failed for user "sre" on db\.example\.org:5432/,
  ],
  [
    'pg_hba, TLS off',
    pgError('28000', 'no pg_hba.conf entry for host "10.0.0.1", user "sre", database "gov", no encryption'),
    'AUTH_FAILED',
    /pg_hba\.conf.*TLS mode require/,
  ],
  ['role refused', pgError('28000', 'role "sre" is not permitted to log in'), 'AUTH_FAILED', /refused user "sre"/],
  [
    'no password given',
    new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
    'AUTH_FAILED',
    /wants a password for user "sre", and none was given\. Give it in the connection URL .*PGPASSWORD/,
  ],
  [
    'no governance schema',
    pgError('42P01', 'relation "users" does not exist'),
    'SCHEMA_MISSING',
    /no "users" table: .*Initialise it first/,
  ],
  ['a foreign table', pgError('42703', 'column "role" does not exist'), 'SCHEMA_MISMATCH', /not the governance schema/],
  [
    'unknown host',
    nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.example.org'),
    'HOST_NOT_FOUND',
    /"db\.example\.org" cannot be resolved/,
  ],
  ['dns temporary', nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN db.example.org'), 'HOST_NOT_FOUND', /EAI_AGAIN/],
  [
    'refused',
    nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:5432'),
    'CONNECTION_REFUSED',
    /Nothing accepts connections on db\.example\.org:5432/,
  ],
  ['unreachable', nodeError('EHOSTUNREACH', 'connect EHOSTUNREACH'), 'CONNECTION_REFUSED', /cannot be reached/],
  ['too many clients', pgError('53300', 'sorry, too many clients already'), 'CONNECTION_REFUSED', /too many clients/],
  [
    'self-signed',
    nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
    'TLS_FAILED',
    /self-signed.*CA file/,
  ],
  ['depth zero', nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'TLS_FAILED', /self-signed/],
  [
    'wrong CA',
    nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
    'TLS_FAILED',
    /not signed by the trusted CA/,
  ],
  [
    'host mismatch',
    nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", {
      reason: "Host: localhost. is not in the cert's altnames: IP Address:127.0.0.1",
    }),
    'TLS_FAILED',
    /not issued for this host name.*IP Address:127\.0\.0\.1.*verify-ca/,
  ],
  ['expired', nodeError('CERT_HAS_EXPIRED', 'certificate has expired'), 'TLS_FAILED', /expired/],
  ['openssl alert', nodeError('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'tlsv1 alert unknown ca'), 'TLS_FAILED', /alert unknown ca/],
  ['server without TLS', new Error('The server does not support SSL connections'), 'TLS_FAILED', /does not offer TLS.*verify-full/],
  [
    'missing database',
    pgError('3D000', 'database "gov" does not exist'),
    'DATABASE_MISSING',
    /Database "gov" does not exist on db\.example\.org:5432\. Create it \(CREATE DATABASE "gov"\)/,
  ],
  ['read-only', pgError('25006', 'cannot execute INSERT in a read-only transaction'), 'READ_ONLY', /read-only/],
  ['statement timeout', pgError('57014', 'canceling statement due to statement timeout'), 'TIMEOUT', /statement timeout \(5000 ms\)/],
  ['cancelled', pgError('57014', 'canceling statement due to user request'), 'CANCELLED', /cancelled/],
  ['connect timeout (pg)', new Error('timeout expired'), 'TIMEOUT', /did not answer in time/],
  ['connect timeout (pg, newer text)', new Error('Connection terminated due to connection timeout'), 'TIMEOUT', /did not answer in time/],
  ['socket timeout', nodeError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:5432'), 'TIMEOUT', /did not answer/],
  ['pool exhausted', new ConnectionAcquireTimeoutError(new Error('Operation timeout')), 'TIMEOUT', /DB_POOL_TIMEOUT/],
  ['garbage response', new Error('received invalid response: 48'), 'NOT_POSTGRES', /PostgreSQL's protocol/],
  [
    'garbage to SSLRequest',
    new Error('There was an error establishing an SSL connection'),
    'NOT_POSTGRES',
    /does not look like a PostgreSQL server/,
  ],
  ['server stopping', pgError('57P01', 'terminating connection due to administrator command'), 'CONNECTION_LOST', /lost while in use/],
  [
    'another backend crashed',
    pgError('57P02', 'terminating connection because of crash of another server process'),
    'CONNECTION_LOST',
    /lost/,
  ],
  ['server starting up', pgError('57P03', 'the database system is starting up'), 'CONNECTION_REFUSED', /starting up.*Try again/],
  ['cut while in use', new Error('Connection terminated unexpectedly'), 'CONNECTION_LOST', /db\.example\.org:5432 was lost while in use/],
  ['parallel worker lost', pgError('55000', 'lost connection to parallel worker'), 'CONNECTION_LOST', /lost while in use/],
  ['reset while in use', nodeError('ECONNRESET', 'read ECONNRESET'), 'CONNECTION_LOST', /lost while in use/],
];

/** Closed before the server was ready: whatever answered is not PostgreSQL. */
const connecting: [string, Error, string, RegExp][] = [
  ['non-PG server closes', new Error('Connection terminated unexpectedly'), 'NOT_POSTGRES', /without speaking PostgreSQL/],
  ['reset', nodeError('ECONNRESET', 'read ECONNRESET'), 'NOT_POSTGRES', /PostgreSQL/],
];

describe('classifyConnectError', () => {
  it.each(table)('%s', (_label, error, code, message) => {
    const e = classifyConnectError(error, ctx);
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.cause).toBe(error);
  });

  it.each(connecting)('%s, while connecting', (_label, error, code, message) => {
    const e = classifyConnectError(error, { ...ctx, connecting: true });
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('unwraps Sequelize errors to the driver error', () => {
    const wrapped = new ConnectionError(pgError('3D000', 'database "gov" does not exist'));
    expect(classifyConnectError(wrapped, ctx).code).toBe('DATABASE_MISSING');
    const dbErr = new DatabaseError(
      Object.assign(pgError('25006', 'cannot execute UPDATE in a read-only transaction'), {
        sql: 'UPDATE t SET x = 1',
        parameters: [],
      }) as never,
    );
    expect(classifyConnectError(dbErr, ctx).code).toBe('READ_ONLY');
  });

  it('looks inside an AggregateError (several addresses tried)', () => {
    const agg = new AggregateError(
      [nodeError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'), nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
      'x',
    );
    expect(classifyConnectError(agg, ctx).code).toBe('CONNECTION_REFUSED');
  });

  it('passes AppErrors through and never leaks a password', () => {
    const app = new AppError('FILE_ERROR', 'x');
    expect(classifyConnectError(app)).toBe(app);
    const e = classifyConnectError(new Error('boom postgres://sre:hunter2@db/gov and hunter2 again'), ctx);
    expect(e.code).toBe('INTERNAL');
    expect(e.message).not.toContain('hunter2');
    expect(scrub('postgresql://a:b%40c@h/d')).toBe('postgresql://a:***@h/d');
  });
});
