import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager, testConnection } from '../../../src-main/platform/db/connection-manager';
import { processAlive, readPostmasterPid } from '../../../src-main/platform/embedded/process';
import { EmbeddedWorkspace, WORKSPACE_ID, type WorkspaceStart } from '../../../src-main/platform/embedded/workspace';
import { MemorySecretStore, SafeStorageSecretStore, type SafeStorageLike } from '../../../src-main/platform/secrets/secret-store';
import { closeServer, errorOf, listen } from './support';

const fakeSafeStorage = (available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  // A real keyring: on Linux, basic_text would be refused (platform/secrets/secret-store.ts storageRefusal).
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x33)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x33)).toString('utf8'),
});

/** Every file of the data folder outside the cluster, to prove no password is kept in clear. */
function filesOutsideCluster(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? (e.name === 'pgdata' ? [] : filesOutsideCluster(path.join(dir, e.name))) : [path.join(dir, e.name)],
    );
}

async function waitDead(pid: number): Promise<void> {
  for (let i = 0; i < 100 && (await processAlive(pid)); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await processAlive(pid)).toBe(false);
}

/**
 * The zero-setup workspace in a folder of its own: first start (initdb), data kept across
 * stop/start, recovery after kill -9, a server left running by a crashed run, a taken port,
 * a lost password.
 */
describe('embedded workspace', () => {
  let dir: string;
  const secrets = new SafeStorageSecretStore(fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-ws-secrets-')), fakeSafeStorage());
  const workspaces: EmbeddedWorkspace[] = [];
  const open = (store: ConstructorParameters<typeof EmbeddedWorkspace>[0]['secrets'] = secrets) => {
    const ws = new EmbeddedWorkspace({ dataDir: dir, secrets: store });
    workspaces.push(ws);
    return ws;
  };
  const count = async (s: WorkspaceStart): Promise<number> => {
    const m = new ConnectionManager({ pool: { size: 1, maxOverflow: 0 } });
    try {
      const a = await m.connect(s.target, s.password);
      return (
        (await a.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM kept', { type: QueryTypes.SELECT, plain: true }))?.n ?? -1
      );
    } finally {
      await m.closeAll();
    }
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-ws-'));
  });
  afterAll(async () => {
    for (const ws of workspaces) await ws.stop().catch(() => undefined);
    const left = await readPostmasterPid(path.join(dir, 'pgdata'));
    if (left?.pid && (await processAlive(left.pid))) process.kill(left.pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(secrets.file), { recursive: true, force: true });
  });

  let first: WorkspaceStart;

  it('starts on first use: initdb, local-only, SCRAM, password in the secret store only', async () => {
    const ws = open();
    first = await ws.start();
    expect(first).toMatchObject({ created: true, adopted: false, passwordInMemoryOnly: false });
    expect(first.target).toMatchObject({
      id: WORKSPACE_ID,
      host: '127.0.0.1',
      port: first.port,
      database: 'governance',
      user: 'postgres',
      tls: { mode: 'disable' },
    });
    expect(await secrets.get(WORKSPACE_ID)).toBe(first.password);
    expect(first.password.length).toBeGreaterThanOrEqual(32);
    for (const f of [...filesOutsideCluster(dir), secrets.file]) expect(fs.readFileSync(f, 'utf8')).not.toContain(first.password);

    const m = new ConnectionManager({ pool: { size: 2, maxOverflow: 0 } });
    try {
      const a = await m.connect(first.target, first.password);
      expect(a.server.serverVersion).toMatch(/^18\./);
      await a.sequelize.query('CREATE TABLE kept (id int PRIMARY KEY, note text)');
      await a.sequelize.query("INSERT INTO kept VALUES (1, 'ünïcode ok')");
      const s = await a.sequelize.query<Record<string, string>>(
        "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets, current_setting('server_encoding') AS enc, current_setting('password_encryption') AS pwenc",
        { type: QueryTypes.SELECT, plain: true },
      );
      expect(s).toEqual({ listen: '127.0.0.1', sockets: '', enc: 'UTF8', pwenc: 'scram-sha-256' });
    } finally {
      await m.closeAll();
    }
    expect((await errorOf(testConnection({ ...first.target }, 'not-the-password'))).code).toBe('AUTH_FAILED');

    if (process.getuid?.() === 0) {
      // Root: the server runs as "postgres", which owns the cluster; our folder lets it pass only.
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const st = fs.statSync(path.join(dir, 'pgdata'));
      expect(st.uid).toBe(uid);
      expect(st.mode & 0o777).toBe(0o700);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o711);
      expect(
        Number(
          execFileSync('ps', ['-o', 'uid=', '-p', String(first.pid)])
            .toString()
            .trim(),
        ),
      ).toBe(uid);
    }
  });

  it('stops on quit and restarts with the data kept, on the same port', async () => {
    await workspaces[0]?.stop();
    await waitDead(first.pid);
    expect(await readPostmasterPid(path.join(dir, 'pgdata'))).toBeUndefined();
    expect((await errorOf(testConnection(first.target, first.password))).code).toBe('CONNECTION_REFUSED');

    const again = await open().start();
    expect(again).toMatchObject({ created: false, adopted: false, port: first.port, password: first.password });
    expect(await count(again)).toBe(1);
    first = again;
  });

  it('recovers from a killed server (kill -9): stale postmaster.pid, crash recovery, data kept', async () => {
    process.kill(first.pid, 'SIGKILL');
    await waitDead(first.pid);
    expect((await readPostmasterPid(path.join(dir, 'pgdata')))?.pid).toBe(first.pid);

    const after = await open().start();
    expect(after.pid).not.toBe(first.pid);
    expect(after.created).toBe(false);
    expect(await count(after)).toBe(1);
    first = after;
  });

  it('reuses a server left running by an earlier run, and stops it on quit', async () => {
    // workspaces[2] "crashed" without stopping its server; a new run finds it alive.
    const ws = open();
    const reused = await ws.start();
    expect(reused).toMatchObject({ adopted: true, pid: first.pid, port: first.port });
    expect(await count(reused)).toBe(1);
    await ws.stop();
    await waitDead(first.pid);
  });

  it('takes another port when the last one is in use', async () => {
    const squatter = net.createServer();
    const busy = await listen(squatter);
    fs.writeFileSync(path.join(dir, 'workspace.json'), JSON.stringify({ version: 1, port: busy }));
    try {
      const ws = open();
      const moved = await ws.start();
      expect(moved.port).not.toBe(busy);
      expect(await count(moved)).toBe(1);
      await ws.stop();
      await waitDead(moved.pid);
    } finally {
      await closeServer(squatter);
    }
  });

  it('treats a postmaster.pid naming a live process that is not PostgreSQL (reused PID) as stale', async () => {
    const pidFile = path.join(dir, 'pgdata', 'postmaster.pid');
    fs.writeFileSync(pidFile, `${process.pid}\n${path.join(dir, 'pgdata')}\n0\n${first.port}\n\n127.0.0.1\n0 0\nready\n`);
    const ws = open();
    const s = await ws.start();
    expect(s.adopted).toBe(false);
    expect((await readPostmasterPid(path.join(dir, 'pgdata')))?.pid).toBe(s.pid);
    await ws.stop();
    await waitDead(s.pid);
  });

  it('sets a new password when the stored one is lost (single-user mode), keeping the data', async () => {
    await secrets.delete(WORKSPACE_ID);
    const ws = open();
    const s = await ws.start();
    expect(s.password).not.toBe(first.password);
    expect(await secrets.get(WORKSPACE_ID)).toBe(s.password);
    expect(await count(s)).toBe(1);
    expect((await errorOf(testConnection(s.target, first.password))).code).toBe('AUTH_FAILED');
    await ws.stop();
  });

  it('without a keychain: a fresh password each run, kept in memory only, never on disk', async () => {
    const noKeychain = new SafeStorageSecretStore(dir, fakeSafeStorage(false), 'secrets-unavailable.json');
    const ws = open(noKeychain);
    const s = await ws.start();
    expect(s.passwordInMemoryOnly).toBe(true);
    expect(fs.existsSync(noKeychain.file)).toBe(false);
    for (const f of filesOutsideCluster(dir)) expect(fs.readFileSync(f, 'utf8')).not.toContain(s.password);
    expect(await count(s)).toBe(1);
    await ws.stop();
    const mem = open(new MemorySecretStore());
    const s2 = await mem.start();
    expect(s2.password).not.toBe(s.password);
    await mem.stop();
  });
});
