import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from '../../../../src-main/platform/db/url';
import {
  buildSslOptions,
  isFallbackCase,
  isLoopbackHost,
  sslPlan,
  stripSslParams,
  tlsFromUrlParams,
} from '../../../../src-main/platform/db/tls';
import { AppError } from '../../../../src-main/shared/errors';

const files: Record<string, string> = { '/ca.pem': 'CA', '/client.pem': 'CERT', '/client.key': 'KEY' };
const readFile = async (f: string) => {
  const v = files[f];
  if (v === undefined) throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
  return Buffer.from(v);
};

describe('buildSslOptions (libpq sslmode semantics)', () => {
  it('disable: no TLS', async () => {
    expect(await buildSslOptions({ mode: 'disable', caFile: '/ca.pem' }, readFile)).toBe(false);
  });

  it('require: encrypted, nothing verified', async () => {
    const o = await buildSslOptions({ mode: 'require', caFile: '/ca.pem' }, readFile);
    expect(o).toEqual({ rejectUnauthorized: false });
  });

  it('verify-ca: chain against the CA file, host name not checked', async () => {
    const o = await buildSslOptions({ mode: 'verify-ca', caFile: '/ca.pem' }, readFile);
    if (!o) throw new Error('expected options');
    expect(o.rejectUnauthorized).toBe(true);
    expect(o.ca?.toString()).toBe('CA');
    expect(typeof o.checkServerIdentity).toBe('function');
    expect(o.checkServerIdentity?.('other.example', {} as never)).toBeUndefined();
  });

  it('verify-full: chain and host name (Node default identity check)', async () => {
    const o = await buildSslOptions({ mode: 'verify-full', caFile: '/ca.pem' }, readFile);
    if (!o) throw new Error('expected options');
    expect(o.rejectUnauthorized).toBe(true);
    expect(o.ca?.toString()).toBe('CA');
    expect(o.checkServerIdentity).toBeUndefined();
  });

  it('verify-full without a CA file trusts the system roots', async () => {
    const o = await buildSslOptions({ mode: 'verify-full' }, readFile);
    expect(o).toEqual({ rejectUnauthorized: true });
  });

  it('adds a client certificate and key in every encrypted mode', async () => {
    for (const mode of ['require', 'verify-ca', 'verify-full'] as const) {
      const o = await buildSslOptions({ mode, caFile: '/ca.pem', certFile: '/client.pem', keyFile: '/client.key' }, readFile);
      if (!o) throw new Error('expected options');
      expect(o.cert?.toString()).toBe('CERT');
      expect(o.key?.toString()).toBe('KEY');
    }
  });

  it('names an unreadable file', async () => {
    const err = await buildSslOptions({ mode: 'verify-ca', caFile: '/missing.pem' }, readFile).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('FILE_ERROR');
    expect((err as AppError).message).toContain('CA certificate file /missing.pem: no such file (ENOENT)');
  });

  it('refuses a certificate without its key', async () => {
    const err = await buildSslOptions({ mode: 'require', certFile: '/client.pem' }, readFile).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('VALIDATION');
  });
});

describe('TLS parameters in URLs', () => {
  const modeOf = (q: string) => tlsFromUrlParams(new URLSearchParams(q));

  it("maps sslmode values, libpq's default prefer when none is given", () => {
    expect(modeOf('').tls).toEqual({ mode: 'prefer' });
    expect(modeOf('').warnings).toEqual([]);
    expect(modeOf('sslmode=disable').tls.mode).toBe('disable');
    expect(modeOf('sslmode=require').tls.mode).toBe('require');
    expect(modeOf('sslmode=verify-ca').tls.mode).toBe('verify-ca');
    expect(modeOf('sslmode=VERIFY-FULL').tls.mode).toBe('verify-full');
    expect(modeOf('ssl=true').tls.mode).toBe('require');
  });

  it('keeps prefer and allow with their libpq meanings (no warning: they are what was asked)', () => {
    expect(modeOf('sslmode=prefer')).toEqual({ tls: { mode: 'prefer' }, warnings: [] });
    expect(modeOf('sslmode=allow')).toEqual({ tls: { mode: 'allow' }, warnings: [] });
  });

  it('rejects an unknown sslmode', () => {
    expect(() => modeOf('sslmode=sometimes')).toThrow(AppError);
  });

  it('reads sslrootcert, sslcert, sslkey; sslrootcert=system means the system roots', () => {
    expect(modeOf('sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem').tls).toEqual({
      mode: 'verify-full',
      caFile: '/ca.pem',
      certFile: '/c.pem',
      keyFile: '/k.pem',
    });
    expect(modeOf('sslmode=verify-full&sslrootcert=system').tls).toEqual({ mode: 'verify-full' });
  });

  it('strips every TLS parameter from a URL', () => {
    const u = stripSslParams('postgresql://u:p@h:5/db?sslmode=require&sslrootcert=/a&application_name=x&sslkey=/k&sslcert=/c');
    expect(u).toBe('postgresql://u:p@h:5/db?application_name=x');
  });
});

describe('parseConnectionUrl', () => {
  it('parses a full URL into profile fields and a separate password', () => {
    const r = parseConnectionUrl(
      'postgresql://sre:p%40ss%3Aw0rd@db.example.org:6543/gov?sslmode=verify-full&sslrootcert=/ca.pem&application_name=console&connect_timeout=5',
    );
    expect(r.fields).toEqual({
      host: 'db.example.org',
      port: 6543,
      database: 'gov',
      user: 'sre',
      tls: { mode: 'verify-full', caFile: '/ca.pem' },
      applicationName: 'console',
      connectTimeoutMs: 5000,
    });
    expect(r.password).toBe('p@ss:w0rd');
    expect(r.warnings).toEqual([]);
  });

  it('accepts SQLAlchemy URLs and libpq defaults', () => {
    const r = parseConnectionUrl('postgresql+psycopg2://alice@localhost');
    expect(r.fields).toMatchObject({ host: 'localhost', port: 5432, user: 'alice', database: 'alice', tls: { mode: 'prefer' } });
    expect(r.password).toBeUndefined();
    expect(parseConnectionUrl('postgres://[::1]:5433/x').fields).toMatchObject({
      host: '::1',
      port: 5433,
      database: 'x',
      user: 'postgres',
    });
    expect(parseConnectionUrl('postgresql:///db?host=/var/run/postgresql').fields.host).toBe('/var/run/postgresql');
  });

  it('warns about parameters it ignores', () => {
    expect(parseConnectionUrl('postgresql://h/db?target_session_attrs=any').warnings.join()).toMatch(/target_session_attrs/);
  });

  it('rejects what is not a PostgreSQL URL, without repeating the URL', () => {
    for (const bad of ['mysql://root:hunter2@h/db', 'not a url hunter2', 'postgresql://u:hunter2@h:99999/db']) {
      let err: unknown;
      try {
        parseConnectionUrl(bad, 'DATABASE_URL');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION');
      expect((err as AppError).message).toContain('DATABASE_URL');
      expect((err as AppError).message).not.toContain('hunter2');
    }
  });
});

describe('sslPlan: allow and prefer, which node-postgres lacks, as two attempts', () => {
  it('prefer tries TLS first and falls back to plain only when the server refuses TLS', async () => {
    const plan = await sslPlan({ mode: 'prefer' }, readFile);
    expect(plan.ssl).toEqual({ rejectUnauthorized: false });
    expect(plan.fallback).toEqual({ ssl: false, when: 'tls-refused' });
    expect(isFallbackCase(new Error('The server does not support SSL connections'), plan.fallback!)).toBe(true);
    // A certificate problem or a wrong password is the answer, not a reason to go plain.
    expect(
      isFallbackCase(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), plan.fallback!),
    ).toBe(false);
    expect(isFallbackCase(Object.assign(new Error('password authentication failed'), { code: '28P01' }), plan.fallback!)).toBe(false);
  });

  it('allow tries plain first and TLS only when pg_hba.conf refuses unencrypted connections', async () => {
    const plan = await sslPlan({ mode: 'allow' }, readFile);
    expect(plan.ssl).toBe(false);
    expect(plan.fallback).toEqual({ ssl: { rejectUnauthorized: false }, when: 'tls-required' });
    const refused = Object.assign(new Error('no pg_hba.conf entry for host "10.0.0.2", user "u", database "d", no encryption'), {
      code: '28000',
    });
    expect(isFallbackCase(refused, plan.fallback!)).toBe(true);
    expect(isFallbackCase(Object.assign(new Error('password authentication failed'), { code: '28P01' }), plan.fallback!)).toBe(false);
  });

  it('the other modes have no second attempt', async () => {
    for (const mode of ['disable', 'require', 'verify-ca', 'verify-full'] as const) {
      expect((await sslPlan({ mode }, readFile)).fallback, mode).toBeNull();
    }
  });
});

describe('isLoopbackHost', () => {
  it('is this machine: localhost, 127.0.0.0/8, ::1 and Unix sockets; nothing else', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '/var/run/postgresql', 'db.localhost']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['db.example.org', '10.0.0.5', '192.0.2.2', '::2', '128.0.0.1', 'localhost.example.org']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});
