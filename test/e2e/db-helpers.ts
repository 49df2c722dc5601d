import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import pg from 'pg';

/** Runs one statement on a database of the test server (for setup and tampering). */
export async function sql(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * The real command line, as built beside the app (browser tests run after `electron-vite
 * build`): initialises and fills databases for a test.
 */
export function govcon(args: string[]): string {
  return execFileSync(process.execPath, ['bin/govcon.mjs', ...args], { encoding: 'utf8' });
}
