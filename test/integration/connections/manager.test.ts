import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyConnectError } from '../../../src-main/platform/db/errors';
import { ConnectionManager, testConnection } from '../../../src-main/platform/db/connection-manager';
import { freePort } from '../../../src-main/platform/embedded/process';
import { envProfile } from '../../../src-main/domains/connections/env-profile';
import { parseConnectionUrl } from '../../../src-main/platform/db/url';
import { type ConnectionTarget } from '../../../src-main/platform/db/target';
import { adminUrl, createTestDatabase, type TestDatabase } from '../../support/test-db';
import { closeServer, errorOf, listen, target } from './support';

/** Against the shared test server (local PostgreSQL, TEST_DATABASE_URL or an embedded one). */
describe('ConnectionManager', () => {
  let db: TestDatabase;
  let base: ConnectionTarget;
  let password: string | undefined;
  let admin: pg.Client;
  const tag = crypto.randomBytes(3).toString('hex');

  const backends = async (app: string): Promise<number> => {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [app]);
    return rows[0]?.n ?? 0;
  };
  const eventually = async (fn: () => Promise<boolean>, ms = 3000) => {
    const end = Date.now() + ms;
    while (!(await fn())) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  };
  const profile = (name: string, overrides: Partial<ConnectionTarget> = {}): ConnectionTarget => ({
    ...base,
    id: name,
    name,
    applicationName: `govcon-${name}-${tag}`,
    pool: { size: 2, maxOverflow: 0, timeoutSeconds: 5 },
    ...overrides,
  });

  beforeAll(async () => {
    db = await createTestDatabase('conn');
    const parsed = parseConnectionUrl(db.url);
    password = parsed.password;
    base = target({ ...parsed.fields, connectTimeoutMs: 5000 });
    admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    const setup = new pg.Client({ connectionString: db.url });
    await setup.connect();
    await setup.query('CREATE TABLE notes (id serial PRIMARY KEY, body text)');
    await setup.query("INSERT INTO notes (body) VALUES ('first')");
    await setup.end();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('connects, reports the server, health and pool status', async () => {
    const m = new ConnectionManager();
    try {
      const a = await m.connect(profile('main'), password);
      expect(a.summary).toEqual({
        profileId: 'main',
        name: 'main',
        target: `${base.host}:${base.port}/${db.name}`,
        environment: 'unknown',
        colour: '#6b7280',
        readOnly: false,
        encrypted: false,
        tlsMode: 'prefer', // the URL names no sslmode: libpq's default, plain on this server without TLS
        unencryptedRemote: false,
      });
      expect(a.server).toMatchObject({ database: db.name, readOnly: false });
      expect(a.server.versionText).toMatch(/^PostgreSQL /);
      expect(m.active()).toBe(a);
      const h = await m.health();
      expect(h).toMatchObject({ ok: true, serverVersion: a.server.serverVersion });
      expect(h.latencyMs).toBeGreaterThanOrEqual(0);
      expect(m.poolStatus()).toEqual({ size: 1, inUse: 0, idle: 1, waiting: 0, max: 2 });
      expect(await backends(`govcon-main-${tag}`)).toBe(1);
    } finally {
      await m.closeAll();
    }
  });

  it('pool status shows connections in use and requests waiting', async () => {
    const m = new ConnectionManager();
    try {
      const a = await m.connect(profile('busy'), password);
      const running = Array.from({ length: 4 }, () => a.sequelize.query('SELECT pg_sleep(0.4)'));
      expect(await eventually(async () => m.poolStatus().inUse === 2)).toBe(true);
      expect(m.poolStatus()).toMatchObject({ size: 2, inUse: 2, idle: 0, waiting: 2, max: 2 });
      await Promise.all(running);
      expect(m.poolStatus()).toMatchObject({ size: 2, inUse: 0, idle: 2, waiting: 0 });
    } finally {
      await m.closeAll();
    }
  });

  it('a read-only profile: reads work, every pooled session is read-only, writes → READ_ONLY', async () => {
    const m = new ConnectionManager();
    try {
      const a = await m.connect(profile('ro', { readOnly: true }), password);
      expect(a.server.readOnly).toBe(true);
      expect(a.summary.readOnly).toBe(true);
      const settings = await Promise.all(
        Array.from({ length: 2 }, () =>
          a.sequelize.query<{ ro: string }>("SELECT current_setting('default_transaction_read_only') AS ro, pg_sleep(0.1)", {
            type: QueryTypes.SELECT,
            plain: true,
          }),
        ),
      );
      expect(m.poolStatus().size).toBe(2);
      expect(settings.map((r) => r?.ro)).toEqual(['on', 'on']);
      expect(await a.sequelize.query('SELECT body FROM notes', { type: QueryTypes.SELECT })).toEqual([{ body: 'first' }]);
      for (const sql of ["INSERT INTO notes (body) VALUES ('nope')", 'CREATE TABLE t_ro (x int)']) {
        const e = await errorOf(a.sequelize.query(sql).catch((err: unknown) => Promise.reject(classifyConnectError(err))));
        expect(e.code).toBe('READ_ONLY');
      }
      // Inside a managed transaction too.
      const e = await errorOf(
        a.sequelize
          .transaction((t) => a.sequelize.query("UPDATE notes SET body = 'x'", { transaction: t }))
          .catch((err: unknown) => Promise.reject(classifyConnectError(err))),
      );
      expect(e.code).toBe('READ_ONLY');
      // Long jobs on a read-only profile are read-only as well.
      const raw = await m.openRawClient();
      try {
        const err = await raw.query("INSERT INTO notes (body) VALUES ('raw')").catch((x: unknown) => classifyConnectError(x));
        expect(err).toMatchObject({ code: 'READ_ONLY' });
      } finally {
        await raw.end();
      }
    } finally {
      await m.closeAll();
    }
  });

  it('statement timeout for interactive queries; raw clients for long jobs go without it or with their own', async () => {
    const m = new ConnectionManager();
    try {
      const a = await m.connect(profile('st', { statementTimeoutMs: 200 }), password);
      const e = await errorOf(a.sequelize.query('SELECT pg_sleep(2)').catch((err: unknown) => Promise.reject(m.classify(err))));
      expect(e.code).toBe('TIMEOUT');
      expect(e.message).toMatch(/statement timeout \(200 ms\)/);

      const serverDefault = (
        await admin.query<{ statement_timeout: string }>(
          "SELECT setting AS statement_timeout FROM pg_settings WHERE name = 'statement_timeout'",
        )
      ).rows[0]?.statement_timeout;
      const job = await m.openRawClient();
      try {
        const { rows } = await job.query<{ st: string; app: string }>(
          "SELECT current_setting('statement_timeout', true) AS st, current_setting('application_name') AS app",
        );
        expect(rows[0]?.app).toBe(`govcon-st-${tag} (job)`);
        expect(rows[0]?.st).toBe(serverDefault === '0' ? '0' : expect.any(String));
        await job.query('SELECT pg_sleep(0.3)');
      } finally {
        await job.end();
      }
      const bounded = await m.openRawClient({ statementTimeoutMs: 150, purpose: 'verify' });
      try {
        expect((await bounded.query<{ st: string }>("SELECT current_setting('statement_timeout') AS st")).rows[0]?.st).toBe('150ms');
      } finally {
        await bounded.end();
      }
      const cfg = await m.rawClientConfig({ purpose: 'copy' });
      expect(cfg).toMatchObject({
        host: base.host,
        port: base.port,
        database: db.name,
        application_name: `govcon-st-${tag} (copy)`,
        // prefer: TLS first, plain only when the server refuses TLS (connectClient's second attempt).
        ssl: { rejectUnauthorized: false },
        sslFallback: { ssl: false, when: 'tls-refused' },
      });
      expect(cfg.statement_timeout).toBeUndefined();
    } finally {
      await m.closeAll();
    }
  });

  it('switching profiles closes the old pool; a failed switch keeps the current one', async () => {
    const m = new ConnectionManager();
    try {
      const a = await m.connect(profile('first'), password);
      await Promise.all([a.sequelize.query('SELECT pg_sleep(0.1)'), a.sequelize.query('SELECT pg_sleep(0.1)')]);
      expect(await backends(`govcon-first-${tag}`)).toBe(2);

      const b = await m.connect(profile('second'), password);
      expect(m.active()).toBe(b);
      expect(await eventually(async () => (await backends(`govcon-first-${tag}`)) === 0)).toBe(true);
      expect(await backends(`govcon-second-${tag}`)).toBe(1);
      await expect(a.sequelize.query('SELECT 1')).rejects.toThrow();

      const closed = await freePort();
      const e = await errorOf(m.connect(profile('broken', { port: closed }), password));
      expect(e.code).toBe('CONNECTION_REFUSED');
      expect(m.active()).toBe(b);
      expect(await b.sequelize.query('SELECT 1 AS one', { type: QueryTypes.SELECT, plain: true })).toEqual({ one: 1 });

      await m.disconnect();
      expect(m.active()).toBeNull();
      expect(() => m.poolStatus()).toThrow(expect.objectContaining({ code: 'NOT_CONNECTED' }));
      expect((await m.health()).error?.code).toBe('NOT_CONNECTED');
      expect(await eventually(async () => (await backends(`govcon-second-${tag}`)) === 0)).toBe(true);
    } finally {
      await m.closeAll();
    }
  });

  it('testConnection keeps no connection open', async () => {
    const check = await testConnection(profile('probe'), password);
    expect(check.database).toBe(db.name);
    expect(await eventually(async () => (await backends(`govcon-probe-${tag}`)) === 0)).toBe(true);
  });

  it('recycles connections older than DB_POOL_RECYCLE', async () => {
    const m = new ConnectionManager();
    try {
      const a = await m.connect(profile('recycle', { pool: { size: 1, maxOverflow: 0, recycleSeconds: 1 } }), password);
      const pid = async () =>
        (await a.sequelize.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', { type: QueryTypes.SELECT, plain: true }))?.pid;
      const first = await pid();
      expect(await pid()).toBe(first);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await pid()).not.toBe(first);
    } finally {
      await m.closeAll();
    }
  });

  it('connects from DATABASE_URL and the pool variables', async () => {
    const env = envProfile({ DATABASE_URL: db.url, DB_POOL_SIZE: '3', DB_POOL_MAX_OVERFLOW: '1', DB_POOL_TIMEOUT: '5' });
    if (!env) throw new Error('expected a profile');
    const m = new ConnectionManager();
    try {
      const a = await m.connect(env.target, env.password);
      expect(a.summary.profileId).toBe('environment');
      expect(m.poolStatus().max).toBe(4);
    } finally {
      await m.closeAll();
    }
  });

  describe('connection errors, produced for real', () => {
    const servers: Array<net.Server | http.Server> = [];
    afterAll(async () => {
      await Promise.all(servers.map(closeServer));
    });

    it('closed port → CONNECTION_REFUSED', async () => {
      const port = await freePort();
      const e = await errorOf(testConnection(target({ port })));
      expect(e.code).toBe('CONNECTION_REFUSED');
      expect(e.message).toContain(`127.0.0.1:${port}`);
    });

    it('unknown host (.invalid) → HOST_NOT_FOUND', async () => {
      const e = await errorOf(testConnection(target({ host: 'no-such-host.invalid' })));
      expect(e.code).toBe('HOST_NOT_FOUND');
      expect(e.message).toContain('no-such-host.invalid');
    });

    it('missing database → DATABASE_MISSING', async () => {
      const e = await errorOf(testConnection({ ...base, database: `missing_${tag}` }, password));
      expect(e.code).toBe('DATABASE_MISSING');
      expect(e.message).toContain(`"missing_${tag}"`);
    });

    it('a TCP service writing garbage → NOT_POSTGRES', async () => {
      const garbage = net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.2 not postgres\r\n'));
      servers.push(garbage);
      const port = await listen(garbage);
      expect((await errorOf(testConnection(target({ port })))).code).toBe('NOT_POSTGRES');
      expect((await errorOf(testConnection(target({ port, tls: { mode: 'require' } })))).code).toBe('NOT_POSTGRES');
    });

    it('an HTTP server → NOT_POSTGRES (plain and with TLS asked)', async () => {
      const web = http.createServer((_req, res) => res.end('hello'));
      servers.push(web);
      const port = await listen(web);
      const m = new ConnectionManager();
      expect((await errorOf(m.connect(target({ port })))).code).toBe('NOT_POSTGRES');
      expect((await errorOf(testConnection(target({ port, tls: { mode: 'require' } })))).code).toBe('NOT_POSTGRES');
    });

    it('a listener that never answers → TIMEOUT after the connect timeout', async () => {
      const silent = net.createServer(() => undefined);
      servers.push(silent);
      const port = await listen(silent);
      const started = Date.now();
      const e = await errorOf(testConnection(target({ port, connectTimeoutMs: 300 })));
      expect(e.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });
});
