import { sqlState } from '../../platform/db/errors';
import { connectClient } from '../../platform/db/pg-client';
import type pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import type { TableInfoDto } from '../../shared/model/database';
import {
  initialise,
  migrateUp,
  migrationStatus,
  type MigrateOptions,
  type MigrateResult,
  type MigrationStatus,
} from '../../schema/migrator';
import { SERVICE_TABLE_NAMES, SERVICE_VIEW_NAMES } from '../../schema/service-schema';

/**
 * What the Database page and the command line do to a database as a whole: create it,
 * look at it, initialise (create or adopt) and migrate it.
 */

export { quoteIdentifier };

/** A connection to the server's maintenance database (usually `postgres`), as a URL or pg options. */
export type AdminTarget = string | pg.ClientConfig;

/**
 * Creates database `name` unless it exists. CREATE DATABASE cannot run in a transaction, so
 * this uses a plain connection. Two consoles doing it at once: one creates, the other sees
 * `created: false`.
 */
export async function createDatabaseIfMissing(admin: AdminTarget, name: string): Promise<{ name: string; created: boolean }> {
  const sql = 'CREATE DATABASE ' + quoteIdentifier(name);
  const client = await connectClient(typeof admin === 'string' ? { connectionString: admin } : admin);
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return { name, created: false };
    try {
      await client.query(sql);
    } catch (e) {
      const code = sqlState(e).code;
      // 42P04 duplicate_database; 23505 when two CREATE DATABASE race on the catalogue.
      if (code === '42P04' || code === '23505') return { name, created: false };
      throw e;
    }
    return { name, created: true };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A table or view with its row count (exact up to a size, else the planner's estimate). */
export type TableInfo = TableInfoDto;

export interface ListTablesOptions {
  /** Tables whose estimated size is at most this are counted exactly; 100 000 by default. */
  exactUpTo?: number;
  /** Time allowed for each count, in milliseconds; 5 000 by default. */
  countTimeoutMs?: number;
}

const SERVICE_RELATIONS = new Set([...SERVICE_TABLE_NAMES, ...SERVICE_VIEW_NAMES]);
const KINDS: Record<string, TableInfo['kind']> = { r: 'table', p: 'table', v: 'view', m: 'materialized view' };

/**
 * The tables and views of the current schema with their row counts: exact for views and
 * small tables, the planner's estimate for tables bigger than `exactUpTo` (counting millions
 * of audit rows on every page visit would be slow). Read-only.
 */
export async function listTables(sequelize: Sequelize, options: ListTablesOptions = {}): Promise<TableInfo[]> {
  const exactUpTo = options.exactUpTo ?? 100_000;
  const timeout = Math.max(1, Math.trunc(options.countTimeoutMs ?? 5_000));
  const relations = await sequelize.query<{ schema: string; name: string; kind: string; estimate: number }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, c.reltuples::float8 AS estimate
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')
      ORDER BY c.relname`,
    { type: QueryTypes.SELECT },
  );

  return sequelize.transaction(async (outer) => {
    await sequelize.query("SELECT set_config('statement_timeout', $1, true)", { bind: [`${timeout}ms`], transaction: outer });
    const result: TableInfo[] = [];
    for (const r of relations) {
      const kind = KINDS[r.kind]!;
      const owner: TableInfo['owner'] = SERVICE_RELATIONS.has(r.name) ? 'service' : r.name.startsWith('console_') ? 'console' : 'other';
      // reltuples is -1 (PostgreSQL 14+) or 0 for a table never analysed: count it.
      if (kind !== 'view' && r.estimate >= 0 && r.estimate > exactUpTo) {
        result.push({ name: r.name, kind, owner, rows: Math.round(r.estimate), estimated: true });
        continue;
      }
      const sql = 'SELECT count(*)::text AS n FROM ' + quoteIdentifier(r.schema) + '.' + quoteIdentifier(r.name);
      let rows: number | null = null;
      try {
        // A savepoint per count: one that times out does not spoil the others.
        rows = await sequelize.transaction({ transaction: outer }, async (t) => {
          const [row] = await sequelize.query<{ n: string }>(sql, { type: QueryTypes.SELECT, transaction: t });
          return Number(row!.n);
        });
      } catch (e) {
        if (sqlState(e).code !== '57014') throw e; // query_canceled (statement_timeout)
      }
      result.push({ name: r.name, kind, owner, rows, estimated: false });
    }
    return result;
  });
}

export interface DatabaseStatus {
  database: string;
  user: string;
  serverVersion: string;
  migrations: MigrationStatus;
}

/** What the Database page shows: where we are connected and where the schema stands. Read-only. */
export async function getDatabaseStatus(sequelize: Sequelize): Promise<DatabaseStatus> {
  const [row] = await sequelize.query<{ database: string; user: string; version: string }>(
    "SELECT current_database() AS database, current_user AS user, current_setting('server_version') AS version",
    { type: QueryTypes.SELECT },
  );
  return {
    database: row!.database,
    user: row!.user,
    serverVersion: row!.version,
    migrations: await migrationStatus(sequelize),
  };
}

export interface InitialiseDatabaseOptions extends MigrateOptions {
  /** Create the database first (through this maintenance connection) when it does not exist. */
  createWith?: AdminTarget;
}

/**
 * Initialise: optionally create the database, then create the schema in an empty database,
 * adopt the service's, or bring a managed one up to date (see migrator.initialise).
 */
export async function initialiseDatabase(
  sequelize: Sequelize,
  options: InitialiseDatabaseOptions,
): Promise<MigrateResult & { databaseCreated: boolean }> {
  let databaseCreated = false;
  if (options.createWith !== undefined) {
    databaseCreated = (await createDatabaseIfMissing(options.createWith, sequelize.config.database)).created;
  }
  return { ...(await initialise(sequelize, options)), databaseCreated };
}

/** Migrate: apply the pending migrations of a managed database. */
export function migrateDatabase(sequelize: Sequelize, options: MigrateOptions): Promise<MigrateResult> {
  return migrateUp(sequelize, options);
}
