import { dropIndexConcurrently, ensureIndexConcurrently, type ConcurrentIndex } from '../src-main/platform/db/concurrent-index';
import type { NonTransactionalMigrationFn } from './types';

/**
 * Indexes that let the sealer and the verifier read a log in its (time, id) order as a range
 * scan (docs/seal-format.md §6): the service's schema indexes audit_logs by `created_at DESC`
 * only, and console_events by occurred_at alone.
 *
 * Non-transactional: CREATE INDEX CONCURRENTLY cannot run in a transaction, and a plain
 * CREATE INDEX would hold off the service's inserts into audit_logs for as long as the build
 * over millions of rows takes. The migrator writes this migration's bookkeeping row only once
 * both indexes are valid; an INVALID index left by an interrupted build is rebuilt on the next
 * run (platform/db/concurrent-index.ts).
 *
 * Names start with `idx_console_` (the service names its own `idx_<table>_<column>`), so
 * adoption, which compares only the service's indexes, is not affected.
 */
export const INDEXES: readonly ConcurrentIndex[] = [
  { name: 'idx_console_audit_logs_created_at_id', table: 'audit_logs', columns: ['created_at', 'id'] },
  { name: 'idx_console_events_occurred_at_id', table: 'console_events', columns: ['occurred_at', 'id'] },
];

export const up: NonTransactionalMigrationFn = async ({ context: { sequelize } }) => {
  for (const index of INDEXES) await ensureIndexConcurrently(sequelize, index);
};

export const down: NonTransactionalMigrationFn = async ({ context: { sequelize } }) => {
  for (const index of [...INDEXES].reverse()) await dropIndexConcurrently(sequelize, index.name);
};
