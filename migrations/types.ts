import type { Sequelize, Transaction } from 'sequelize';
import type { MigrationParams } from 'umzug';

/**
 * What every migration receives as umzug's `context`: the connection's Sequelize instance
 * and the managed transaction the migrator opened for this one migration. Run every
 * statement with `{ transaction }`: the migration and its bookkeeping row commit together,
 * or neither does.
 */
export interface MigrationContext {
  sequelize: Sequelize;
  transaction: Transaction;
}

export type MigrationFn = (params: MigrationParams<MigrationContext>) => Promise<void>;

/** One entry of the explicit list in migrations/index.ts. */
export interface ConsoleMigration {
  /** The file name without extension; names sort by time and are never changed. */
  name: string;
  up: MigrationFn;
  down: MigrationFn;
}
