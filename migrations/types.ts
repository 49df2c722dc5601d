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

/**
 * The context of a non-transactional migration: no transaction, because what it runs cannot
 * run inside one (CREATE INDEX CONCURRENTLY). Its bookkeeping row is written after `up`
 * returns, so `up` must leave its work complete (an index valid) or throw; and it must be
 * safe to run again over what an interrupted run left (an INVALID index rebuilt).
 */
export interface NonTransactionalContext {
  sequelize: Sequelize;
}

export type MigrationFn = (params: MigrationParams<MigrationContext>) => Promise<void>;
export type NonTransactionalMigrationFn = (params: MigrationParams<NonTransactionalContext>) => Promise<void>;

/** One entry of the explicit list in migrations/index.ts. */
export type ConsoleMigration =
  | {
      /** The file name without extension; names sort by time and are never changed. */
      name: string;
      /** Run in one transaction with its bookkeeping row (the default). */
      kind?: 'transactional';
      up: MigrationFn;
      down: MigrationFn;
    }
  | {
      name: string;
      /** Run outside any transaction; the bookkeeping row follows once `up` has finished. */
      kind: 'non-transactional';
      up: NonTransactionalMigrationFn;
      down: NonTransactionalMigrationFn;
    };
