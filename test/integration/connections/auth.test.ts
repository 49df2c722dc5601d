import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager, testConnection } from '../../../src-main/platform/db/connection-manager';
import { errorOf, startPrivateServer, target, type PrivateServer } from './support';

/**
 * A private embedded server with SCRAM password authentication and no TLS: wrong password,
 * no password, missing database, and TLS asked of a server that has none.
 */
describe('password authentication (private embedded server, scram-sha-256)', () => {
  let server: PrivateServer;
  const password = 'Right-pässword:with@odd/chars';
  beforeAll(async () => {
    server = await startPrivateServer({ password, authMethod: 'scram-sha-256' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('connects with the right password (any characters)', async () => {
    const check = await testConnection(target({ port: server.port }), password);
    expect(check).toMatchObject({
      serverVersion: expect.stringMatching(/^18\./),
      user: 'postgres',
      database: 'postgres',
      tls: false,
      readOnly: false,
    });
    expect(check.versionText).toMatch(/^PostgreSQL 18/);
    expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('wrong password → AUTH_FAILED, and the password is not in the message', async () => {
    const e = await errorOf(testConnection(target({ port: server.port }), 'wrong-password-123'));
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toMatch(/Password authentication failed for user "postgres" on 127\.0\.0\.1:\d+/);
    expect(e.message).not.toContain('wrong-password-123');
  });

  it('no password → AUTH_FAILED saying that the server wants one and where to give it', async () => {
    const saved = process.env.PGPASSWORD;
    delete process.env.PGPASSWORD;
    try {
      const e = await errorOf(testConnection(target({ port: server.port })));
      expect(e.code).toBe('AUTH_FAILED');
      expect(e.message).toMatch(/^127\.0\.0\.1:\d+ wants a password for user "postgres", and none was given\./);
      expect(e.message).toMatch(/PGPASSWORD/);
      expect(e.message).toMatch(/connection URL/);
      expect(e.message).not.toMatch(/SASL|SCRAM|must be a string/);
    } finally {
      if (saved !== undefined) process.env.PGPASSWORD = saved;
    }
  });

  it('wrong password through the ConnectionManager → AUTH_FAILED, nothing left connected', async () => {
    const m = new ConnectionManager();
    const e = await errorOf(m.connect(target({ port: server.port }), 'nope'));
    expect(e.code).toBe('AUTH_FAILED');
    expect(m.active()).toBeNull();
  });

  it('missing database → DATABASE_MISSING naming it', async () => {
    const e = await errorOf(testConnection(target({ port: server.port, database: 'no_such_db' }), password));
    expect(e.code).toBe('DATABASE_MISSING');
    expect(e.message).toContain('"no_such_db"');
    expect(e.message).toContain('CREATE DATABASE');
  });

  it("prefer (libpq's default) against a server without TLS: falls back to plain, as libpq does", async () => {
    const check = await testConnection(target({ port: server.port, tls: { mode: 'prefer' } }), password);
    expect(check.tls).toBe(false);
    const m = new ConnectionManager({ pool: { size: 2, maxOverflow: 0 } });
    try {
      const active = await m.connect(target({ port: server.port, tls: { mode: 'prefer' } }), password);
      expect(active.summary).toMatchObject({ encrypted: false, tlsMode: 'prefer', unencryptedRemote: false }); // 127.0.0.1: loopback
      const raw = await m.openRawClient();
      await raw.end();
    } finally {
      await m.closeAll();
    }
    // A wrong password is the answer: no second attempt hides it.
    expect((await errorOf(testConnection(target({ port: server.port, tls: { mode: 'prefer' } }), 'nope'))).code).toBe('AUTH_FAILED');
  });

  it('allow against a server without TLS: plain, first time', async () => {
    expect((await testConnection(target({ port: server.port, tls: { mode: 'allow' } }), password)).tls).toBe(false);
  });

  it('TLS required of a server without TLS → TLS_FAILED', async () => {
    for (const mode of ['require', 'verify-full'] as const) {
      const e = await errorOf(testConnection(target({ port: server.port, tls: { mode } }), password));
      expect(e.code).toBe('TLS_FAILED');
      expect(e.message).toMatch(/does not offer TLS/);
    }
  });
});
