import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedCluster } from '../../src-main/platform/embedded/cluster';

/**
 * Finds a PostgreSQL server the tests may create databases on: TEST_DATABASE_URL, else the
 * local server on 127.0.0.1:5432, else an embedded server started for this test run (a
 * user's fresh machine may have no server at all; README, "The two commands").
 *
 * GOVCON_TEST_PG=embedded skips the local server (it is left running, untouched) and starts
 * the embedded one anyway: how CI proves the fresh-machine path while a local server answers.
 */
export interface AdminServer {
  /** A superuser URL on the server's `postgres` database, password included when it needs one. */
  url: string;
  source: 'env' | 'local' | 'embedded';
  stop(): Promise<void>;
}

/** GOVCON_TEST_PG: unset (or "auto") = the order above; "embedded" = always our own server. */
export function forcedEmbedded(env: NodeJS.ProcessEnv = process.env): boolean {
  const choice = (env.GOVCON_TEST_PG ?? 'auto').trim().toLowerCase();
  if (choice === 'embedded') return true;
  if (choice === 'auto' || choice === '') return false;
  throw new Error(`GOVCON_TEST_PG=${env.GOVCON_TEST_PG}: expected "embedded" or nothing.`);
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

/**
 * A throwaway cluster in a temporary folder, through the console's own EmbeddedCluster: a free
 * port, SCRAM with a random password (so a test that forgets to take the password from the
 * test support fails here as it would on a fresh machine), and as root the `postgres` account.
 * Durability is off: the data is thrown away after the run.
 */
async function startEmbedded(): Promise<AdminServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-test-pg-'));
  const password = crypto.randomBytes(18).toString('base64url');
  const cluster = new EmbeddedCluster({
    dataDir: dir,
    user: 'postgres',
    password,
    initdbFlags: ['--no-sync'],
    // As many connections as a stock local server: test files run in parallel, each with pools.
    settings: { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off', max_connections: 100 },
  });
  try {
    await cluster.initialise();
    const { port } = await cluster.start();
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      source: 'embedded',
      stop: async () => {
        await cluster.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await cluster.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export async function findAdminServer(): Promise<AdminServer> {
  if (forcedEmbedded()) return startEmbedded();

  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { url: fromEnv, source: 'env', stop: async () => undefined };

  const localUser = process.env.PGUSER ?? 'postgres';
  const local = `postgres://${encodeURIComponent(localUser)}@127.0.0.1:5432/postgres`;
  if (await answers(local)) return { url: local, source: 'local', stop: async () => undefined };

  return startEmbedded();
}
