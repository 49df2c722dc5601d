import crypto from 'node:crypto';
import { inject } from 'vitest';
import { initialise } from '../../src-main/schema/migrator';
import { createSequelize } from '../../src-main/platform/db/sequelize';
import { quoteIdentifier } from '../../src-main/platform/db/sql/identifier';
import type { Operator } from '../../src-main/shared/model/operator';
import { query, withDatabase } from './db';

export { query, sql, withDatabase } from './db';

/** A database of its own for one test file; dropped (with FORCE) when done. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Who initialises the test databases, unless a test names its own operator. */
export const TEST_OPERATOR: Operator = { name: 'Test Operator', email: 'operator@example.test' };

/** A superuser URL on the test server's `postgres` database (test/support/admin-url.ts found the server). */
export function adminUrl(): string {
  return inject('adminUrl');
}

/** The shared test server, as a test builds connections to it: never assume 127.0.0.1:5432 or trust auth. */
export interface TestServer {
  host: string;
  port: number;
  user: string;
  /** Undefined when the server asks for none (the local server with trust authentication). */
  password: string | undefined;
  /** The same as adminUrl(). */
  url: string;
}

export function testServer(): TestServer {
  const url = adminUrl();
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    url,
  };
}

/**
 * The password to put in a URL or profile a test connects with: the server's own when it needs
 * one (the embedded server of a fresh machine, GOVCON_TEST_PG=embedded), else `fallback`, which
 * trust authentication ignores. Either way a test can check that the console never repeats it.
 */
export function serverPasswordOr(fallback: string): string {
  return testServer().password ?? fallback;
}

/**
 * For tests whose profiles carry no password: when the server needs one, puts it in PGPASSWORD,
 * where node-postgres looks for it as libpq does (docs/cli.md: passwords come from the URL,
 * PGPASSWORD or ~/.pgpass). Returns the undo, for afterAll. Not done for every test: a test
 * that forgets the password must fail.
 */
export function serverPasswordInEnvironment(): () => void {
  const { password } = testServer();
  if (password === undefined) return () => undefined;
  const saved = process.env.PGPASSWORD;
  process.env.PGPASSWORD = password;
  return () => {
    if (saved === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = saved;
  };
}

export async function adminQuery(sql: string, url = adminUrl()): Promise<void> {
  await query(url, sql);
}

export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `gct_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${quoteIdentifier(name)}`, admin);
  return {
    name,
    url: withDatabase(admin, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`, admin),
  };
}

/** A database of its own, initialised by the migrator (the service's schema, the console's tables, custody). */
export async function createInitialisedDatabase(prefix: string, operator: Operator = TEST_OPERATOR): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  const sequelize = createSequelize({ url: db.url, pool: { size: 2, maxOverflow: 0 } });
  try {
    await initialise(sequelize, { operator });
  } finally {
    await sequelize.close();
  }
  return db;
}
