import fs from 'node:fs';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager, testConnection } from '../../../src-main/platform/db/connection-manager';
import { errorOf, makePki, startPrivateServer, target, type Pki, type PrivateServer } from './support';

/**
 * A private embedded server with TLS on, its CA and certificate made by openssl here. The
 * certificate names 127.0.0.1 only, so "localhost" is a host-name mismatch. pg_hba.conf only
 * admits TLS connections: SCRAM for everyone, client certificates for "certuser".
 */
describe('TLS modes against a TLS server (private embedded server)', () => {
  let server: PrivateServer;
  let pki: Pki;
  const password = 'tls-test-password';
  const at = (overrides: Parameters<typeof target>[0] = {}) => target({ port: server.port, ...overrides });

  beforeAll(async () => {
    pki = makePki('certuser');
    server = await startPrivateServer({
      password,
      authMethod: 'scram-sha-256',
      settings: { ssl: 'on', ssl_cert_file: 'server.crt', ssl_key_file: 'server.key', ssl_ca_file: 'ca.crt' },
      prepare: async (cluster) => {
        await cluster.writeDataFile('server.crt', fs.readFileSync(pki.serverCert), 0o644);
        await cluster.writeDataFile('server.key', fs.readFileSync(pki.serverKey), 0o600);
        await cluster.writeDataFile('ca.crt', fs.readFileSync(pki.caFile), 0o644);
        await cluster.writeDataFile(
          'pg_hba.conf',
          [
            'hostssl all certuser 127.0.0.1/32 cert',
            'hostssl all all 127.0.0.1/32 scram-sha-256',
            'hostssl all all ::1/128 scram-sha-256',
            '',
          ].join('\n'),
          0o600,
        );
      },
    });
    const admin = new pg.Client({
      host: '127.0.0.1',
      port: server.port,
      user: 'postgres',
      password,
      database: 'postgres',
      ssl: { rejectUnauthorized: false },
    });
    await admin.connect();
    await admin.query('CREATE ROLE certuser LOGIN');
    await admin.end();
  });
  afterAll(async () => {
    await server?.stop();
    if (pki) fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('require: encrypted without any CA', async () => {
    const check = await testConnection(at({ tls: { mode: 'require' } }), password);
    expect(check.tls).toBe(true);
  });

  it('verify-ca: succeeds with the right CA, whatever host name is used', async () => {
    expect((await testConnection(at({ tls: { mode: 'verify-ca', caFile: pki.caFile } }), password)).tls).toBe(true);
    expect((await testConnection(at({ host: 'localhost', tls: { mode: 'verify-ca', caFile: pki.caFile } }), password)).tls).toBe(true);
  });

  it('verify-ca: fails with another CA → TLS_FAILED', async () => {
    const e = await errorOf(testConnection(at({ tls: { mode: 'verify-ca', caFile: pki.otherCaFile } }), password));
    expect(e.code).toBe('TLS_FAILED');
    expect(e.message).toMatch(/not signed by the trusted CA|self-signed/);
  });

  it('verify-full: succeeds for the name on the certificate', async () => {
    expect((await testConnection(at({ tls: { mode: 'verify-full', caFile: pki.caFile } }), password)).tls).toBe(true);
  });

  it('verify-full: host name mismatch (localhost vs a 127.0.0.1 certificate) → TLS_FAILED', async () => {
    const e = await errorOf(testConnection(at({ host: 'localhost', tls: { mode: 'verify-full', caFile: pki.caFile } }), password));
    expect(e.code).toBe('TLS_FAILED');
    expect(e.message).toMatch(/not issued for this host name/);
    expect(e.message).toMatch(/localhost.*127\.0\.0\.1/);
  });

  it('verify-full: another CA, or the system roots → TLS_FAILED', async () => {
    expect((await errorOf(testConnection(at({ tls: { mode: 'verify-full', caFile: pki.otherCaFile } }), password))).code).toBe(
      'TLS_FAILED',
    );
    expect((await errorOf(testConnection(at({ tls: { mode: 'verify-full' } }), password))).code).toBe('TLS_FAILED');
  });

  it('client certificate authentication (pg_hba "cert")', async () => {
    const tls = { mode: 'verify-full' as const, caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey };
    const check = await testConnection(at({ user: 'certuser', tls }));
    expect(check).toMatchObject({ user: 'certuser', tls: true });
    const e = await errorOf(testConnection(at({ user: 'certuser', tls: { mode: 'verify-full', caFile: pki.caFile } })));
    expect(e.code).toBe('AUTH_FAILED');
  });

  it('prefer: TLS when the server offers it (no fall-back to plain)', async () => {
    expect((await testConnection(at({ tls: { mode: 'prefer' } }), password)).tls).toBe(true);
    const m = new ConnectionManager({ pool: { size: 2, maxOverflow: 0 } });
    try {
      const a = await m.connect(at({ tls: { mode: 'prefer' } }), password);
      expect(a.summary).toMatchObject({ encrypted: true, unencryptedRemote: false });
      const row = await a.sequelize.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()', {
        plain: true,
        type: QueryTypes.SELECT,
      });
      expect(row?.ssl).toBe(true);
    } finally {
      await m.closeAll();
    }
  });

  it('allow: plain first, then TLS when pg_hba.conf accepts only TLS', async () => {
    expect((await testConnection(at({ tls: { mode: 'allow' } }), password)).tls).toBe(true);
    const m = new ConnectionManager({ pool: { size: 2, maxOverflow: 0 } });
    try {
      const a = await m.connect(at({ tls: { mode: 'allow' } }), password);
      expect(a.server.tls).toBe(true);
      const raw = await m.openRawClient();
      try {
        expect((await raw.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]).toEqual({ ssl: true });
      } finally {
        await raw.end();
      }
    } finally {
      await m.closeAll();
    }
  });

  it('disable against a TLS-only pg_hba → AUTH_FAILED that suggests TLS', async () => {
    const e = await errorOf(testConnection(at({ tls: { mode: 'disable' } }), password));
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toMatch(/pg_hba\.conf.*TLS mode require/);
  });

  it('the pool uses the same TLS options (pg_stat_ssl)', async () => {
    const m = new ConnectionManager({ pool: { size: 2, maxOverflow: 0 } });
    try {
      const a = await m.connect(at({ tls: { mode: 'verify-full', caFile: pki.caFile } }), password);
      expect(a.server.tls).toBe(true);
      const row = await a.sequelize.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()', {
        plain: true,
        type: QueryTypes.SELECT,
      });
      expect(row?.ssl).toBe(true);
      const raw = await m.openRawClient();
      try {
        expect((await raw.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]).toEqual({ ssl: true });
      } finally {
        await raw.end();
      }
    } finally {
      await m.closeAll();
    }
  });
});
