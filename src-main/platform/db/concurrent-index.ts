import { QueryTypes, type Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import { quoteIdentifier } from './sql/identifier';

/**
 * Indexes built with CREATE INDEX CONCURRENTLY, for non-transactional migrations: the table
 * keeps taking writes while the index builds. Such a build can be interrupted (a cancel, a
 * lost connection, a failed uniqueness check) and then leaves an INVALID index behind, which
 * PostgreSQL keeps maintaining but never uses; `CREATE INDEX … IF NOT EXISTS` would take it
 * for done. So: an invalid index of the name is dropped (concurrently) and built again, and a
 * valid one is accepted only with the expected definition.
 *
 * Runs on a connection of its own with no statement timeout (a build over millions of rows
 * takes longer than any interactive timeout), outside any transaction.
 */
export interface ConcurrentIndex {
  name: string;
  table: string;
  /** Column names, in order (plain btree, ascending). */
  columns: readonly string[];
}

interface RawConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

const STATE_SQL = `
  SELECT i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
   WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`;

/** The definition pg_get_indexdef prints for `index` in the current schema `schema`. */
function expectedDefinition(index: ConcurrentIndex, schema: string): string {
  return `CREATE INDEX ${index.name} ON ${schema}.${index.table} USING btree (${index.columns.join(', ')})`;
}

async function withOwnConnection<T>(sequelize: Sequelize, fn: (conn: RawConnection) => Promise<T>): Promise<T> {
  const conn = (await sequelize.connectionManager.getConnection({ type: 'write' })) as unknown as RawConnection;
  let reusable = false;
  try {
    await conn.query('SET statement_timeout = 0');
    const result = await fn(conn);
    await conn.query('RESET statement_timeout');
    reusable = true;
    return result;
  } finally {
    // A connection whose statement failed mid-build is closed rather than handed back with
    // its settings changed.
    if (reusable) sequelize.connectionManager.releaseConnection(conn as never);
    else await sequelize.connectionManager.destroyConnection(conn as never).catch(() => undefined);
  }
}

/** Builds `index` concurrently unless a valid one with its definition exists; rebuilds an INVALID one. */
export async function ensureIndexConcurrently(sequelize: Sequelize, index: ConcurrentIndex): Promise<'created' | 'rebuilt' | 'present'> {
  // Every name is quoted by quoteIdentifier; nothing else goes into the text.
  const columns = index.columns.map(quoteIdentifier).join(', ');
  const create = `CREATE INDEX CONCURRENTLY ${quoteIdentifier(index.name)} ON ${quoteIdentifier(index.table)} (${columns})`;
  return withOwnConnection(sequelize, async (conn) => {
    const [{ schema }] = (await conn.query('SELECT current_schema() AS schema')).rows as [{ schema: string }];
    const before = (await conn.query(STATE_SQL, [index.name])).rows[0] as { valid: boolean; definition: string } | undefined;
    if (before?.valid) {
      if (before.definition !== expectedDefinition(index, schema)) {
        throw new AppError(
          'SCHEMA_MISMATCH',
          `An index named ${index.name} exists with another definition (${before.definition}); drop or rename it.`,
        );
      }
      return 'present';
    }
    if (before) await conn.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdentifier(index.name)}`);
    await conn.query(create);
    const after = (await conn.query(STATE_SQL, [index.name])).rows[0] as { valid: boolean } | undefined;
    if (!after?.valid) throw new AppError('MIGRATION_FAILED', `The index ${index.name} was built but is not valid.`);
    return before ? 'rebuilt' : 'created';
  });
}

/** Drops the index concurrently (nothing when it does not exist). */
export async function dropIndexConcurrently(sequelize: Sequelize, name: string): Promise<void> {
  await withOwnConnection(sequelize, (conn) => conn.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdentifier(name)}`));
}

/** Whether an index of that name exists in the current schema, and is valid. */
export async function indexState(sequelize: Sequelize, name: string): Promise<'missing' | 'valid' | 'invalid'> {
  const rows = await sequelize.query<{ valid: boolean }>(STATE_SQL, { type: QueryTypes.SELECT, bind: [name] });
  return rows.length === 0 ? 'missing' : rows[0]!.valid ? 'valid' : 'invalid';
}
