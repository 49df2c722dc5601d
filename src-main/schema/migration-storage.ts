/** Where the migrator keeps what it applied: console_migrations, written in the same transaction as each migration. */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { UmzugStorage } from 'umzug';

export const ENSURE_TABLE = `
  CREATE TABLE IF NOT EXISTS console_migrations (
      name VARCHAR(255) PRIMARY KEY,
      applied_at TIMESTAMP NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
      adopted BOOLEAN NOT NULL DEFAULT false
  )`;

export async function tableExists(sequelize: Sequelize, name: string, transaction?: Transaction): Promise<boolean> {
  const rows = await sequelize.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', {
    type: QueryTypes.SELECT,
    bind: [name],
    transaction: transaction ?? null,
  });
  return rows[0]?.found === true;
}

export async function ensureTable(sequelize: Sequelize, transaction: Transaction): Promise<void> {
  if (!(await tableExists(sequelize, MIGRATIONS_TABLE, transaction))) {
    await sequelize.query(ENSURE_TABLE, { transaction });
  }
}

export async function readHistory(sequelize: Sequelize): Promise<MigrationRecord[]> {
  if (!(await tableExists(sequelize, MIGRATIONS_TABLE))) return [];
  const rows = await sequelize.query<{ name: string; applied_at: string; adopted: boolean }>(
    'SELECT name, applied_at::text AS applied_at, adopted FROM console_migrations ORDER BY applied_at, name',
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ name: r.name, appliedAt: r.applied_at, adopted: r.adopted }));
}

/** umzug storage over console_migrations. */
export class ConsoleMigrationStorage implements UmzugStorage<RunContext> {
  constructor(private readonly sequelize: Sequelize) {}

  async executed(): Promise<string[]> {
    return (await readHistory(this.sequelize)).map((r) => r.name);
  }

  /** The migrator records a migration inside its own transaction; this only covers other callers. */
  async logMigration({ name }: { name: string }): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await ensureTable(this.sequelize, transaction);
      await this.sequelize.query('INSERT INTO console_migrations (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', {
        bind: [name],
        transaction,
      });
    });
  }

  async unlogMigration({ name }: { name: string }): Promise<void> {
    if (!(await tableExists(this.sequelize, MIGRATIONS_TABLE))) return;
    await this.sequelize.query('DELETE FROM console_migrations WHERE name = $1', { bind: [name] });
  }
}

export const MIGRATIONS_TABLE = 'console_migrations';

export interface MigrationRecord {
  name: string;
  /** UTC, as PostgreSQL prints a TIMESTAMP. */
  appliedAt: string;
  /** Recorded by adoption: the schema was already there, the migration never ran. */
  adopted: boolean;
}

export interface RunContext {
  sequelize: Sequelize;
}
