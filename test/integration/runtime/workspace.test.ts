import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { processAlive, readPostmasterPid } from '../../../src-main/platform/embedded/process';
import { WORKSPACE_DATABASE, WORKSPACE_ID } from '../../../src-main/platform/embedded/workspace';
import { query, startRuntime, type RuntimeHarness } from './support';

/**
 * The zero-setup path of a fresh machine: no DATABASE_URL, no profile, the embedded
 * workspace on. start() brings up a private PostgreSQL in the data folder (password
 * authentication, SCRAM), the console initialises it, close() stops it.
 */

const NAMES = migrations.map((m) => m.name);
const AUDITOR = `auditor_${crypto.randomBytes(3).toString('hex')}`;
// Not only ASCII: the verifier is computed by the console, the server must accept it.
const AUDITOR_PASSWORD = `Zoë-Østergaard-李-${crypto.randomBytes(6).toString('hex')}`;

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let h: RuntimeHarness;
let port: number;
let pid: number | undefined;

beforeAll(() => {
  h = startRuntime({ env: {}, embeddedDefault: true });
});

afterAll(async () => {
  await h?.runtime.close().catch(() => undefined);
  // Should a test fail half-way, never leave a server behind.
  if (pid && (await processAlive(pid))) process.kill(pid, 'SIGKILL');
  await h?.close().catch(() => undefined);
});

describe('runtime on the embedded workspace', () => {
  it('start() with no profile and no DATABASE_URL connects to the workspace', async () => {
    await h.runtime.start();
    expect(h.eventsNamed('call/failed')).toEqual([]);
    const active = await h.call('connection/active', {});
    expect(active).toMatchObject({ profileId: WORKSPACE_ID, environment: 'local', readOnly: false });
    port = Number(/^127\.0\.0\.1:(\d+)\/governance$/.exec(active!.target)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(h.eventsNamed('connection/changed')).toEqual([active]);
    pid = (await readPostmasterPid(path.join(h.dataDir, 'pgdata')))?.pid;
    expect(pid).toBeGreaterThan(0);

    const list = await h.call('profiles/list', {});
    expect(list.map((p) => [p.kind, p.target])).toEqual([['workspace', `127.0.0.1:${port}/${WORKSPACE_DATABASE}`]]);
    // The password was made for this workspace and kept in the secret store only.
    const password = await h.secrets.get(WORKSPACE_ID);
    expect(password?.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(list)).not.toContain(password);
  });

  it('a role cannot be created before the workspace is initialised; db/initialise then works', async () => {
    expect(await h.failure('db/create-auditor-role', { roleName: AUDITOR, password: AUDITOR_PASSWORD })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/initialise/),
    });

    expect((await h.call('db/status', {})).migrations).toMatchObject({ state: 'empty', pending: NAMES });
    const done = await h.job('db/initialise', {});
    expect(done).toMatchObject({ status: 'succeeded', result: { stateBefore: 'empty', applied: NAMES } });
    expect((await h.call('db/status', {})).migrations).toMatchObject({ state: 'managed', applied: NAMES, pending: [] });
    const tables = await h.call('db/tables', {});
    expect(tables.find((t) => t.name === 'users')).toMatchObject({ owner: 'service', rows: 1 });
    const [event] = await query(
      { host: '127.0.0.1', port, user: 'postgres', password: await h.secrets.get(WORKSPACE_ID), database: WORKSPACE_DATABASE },
      'SELECT operator_name, action FROM console_events',
    );
    // No profile names an operator: the OS user is recorded.
    expect(event).toEqual({ operator_name: os.userInfo().username, action: 'database.initialise' });
  });

  it('an auditor role logs in with its password under SCRAM, reads, and cannot write', async () => {
    expect(await h.call('db/create-auditor-role', { roleName: AUDITOR, password: AUDITOR_PASSWORD })).toEqual({ roleName: AUDITOR });
    const as = (password: string) => new pg.Client({ host: '127.0.0.1', port, user: AUDITOR, password, database: WORKSPACE_DATABASE });

    const wrong = as('not-the-password');
    await expect(wrong.connect()).rejects.toMatchObject({ code: '28P01' });
    await wrong.end().catch(() => undefined);

    const auditor = as(AUDITOR_PASSWORD);
    await auditor.connect();
    try {
      expect((await auditor.query('SELECT count(*)::int AS n FROM users')).rows).toEqual([{ n: 1 }]);
      await auditor.query('BEGIN READ WRITE');
      await expect(auditor.query("INSERT INTO users (email, name) VALUES ('w@example.org', 'W')")).rejects.toMatchObject({ code: '42501' });
      await auditor.query('ROLLBACK');
    } finally {
      await auditor.end();
    }
  });

  it('close() stops the embedded server', async () => {
    expect(await answers(port)).toBe(true);
    await h.runtime.close();
    expect(await answers(port)).toBe(false);
    expect(pid !== undefined && (await processAlive(pid))).toBe(false);
    expect(h.internal).toEqual([]);
  });
});
