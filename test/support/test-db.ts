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

export function adminUrl(): string {
  return inject('adminUrl');
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
