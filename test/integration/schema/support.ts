import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import type { SchemaDescription } from '../../../src-main/schema/inspect';
import { sql as rows } from '../../support/db';

/** A plain pg query on a connection of its own, parameters bound; its rows. */
export { rows };

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(HERE, '../../..');

/** The service's plain SQL script, as the test writes it (the adoptable fixture). */
export const SERVICE_SQL = fs.readFileSync(path.join(HERE, 'service-schema.sql'), 'utf8');

export const OPERATOR = { name: 'Test Operator', email: 'operator@example.test' };

export const CONSOLE_TABLES = [
  'console_events',
  'console_import_files',
  'console_import_lines',
  'console_migrations',
  'console_seal_leaves',
  'console_seal_logs',
  'console_seals',
  'console_verification_runs',
  'console_verification_results',
];

export function connect(url: string): Sequelize {
  return createSequelize({ url, pool: { size: 4, maxOverflow: 0 } });
}

/** Runs SQL text (several statements allowed) on a connection of its own. */
export async function runSql(url: string, sql: string): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(result) ? result : [result];
  } finally {
    await client.end();
  }
}

/** Indexes the console's migrations add to the service's tables are named idx_console_…. */
export const CONSOLE_INDEX_PREFIX = 'idx_console_';

/** The console's own functions are named console_… (console_events_identity: its trigger's). */
export const CONSOLE_FUNCTION_PREFIX = 'console_';

/**
 * The description without the console's own tables, their triggers and the console's functions,
 * and without the indexes the console adds to the service's tables (idx_console_…).
 */
export function withoutConsole(d: SchemaDescription): SchemaDescription {
  const tables = Object.fromEntries(
    Object.entries(d.tables)
      .filter(([name]) => !CONSOLE_TABLES.includes(name))
      .map(([name, t]) => [
        name,
        { ...t, indexes: Object.fromEntries(Object.entries(t.indexes).filter(([i]) => !i.startsWith(CONSOLE_INDEX_PREFIX))) },
      ]),
  );
  const functions = Object.fromEntries(Object.entries(d.functions).filter(([name]) => !name.startsWith(CONSOLE_FUNCTION_PREFIX)));
  const triggers = Object.fromEntries(Object.entries(d.triggers).filter(([, t]) => !CONSOLE_TABLES.includes(t.table)));
  return { ...d, tables, functions, triggers };
}

export async function relationExists(url: string, name: string): Promise<boolean> {
  const [r] = await rows<{ found: boolean }>(url, 'SELECT to_regclass($1) IS NOT NULL AS found', [name]);
  return r!.found;
}
