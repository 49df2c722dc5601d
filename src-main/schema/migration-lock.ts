/** The migration advisory lock: one migrator at a time per database, waited for by polling (see withMigrationLock). */
import { type Sequelize } from 'sequelize';
import { AppError } from '../shared/errors';
import { ADVISORY_LOCKS } from '../platform/db/advisory-locks';

/** pg_advisory_lock(key1, key2) of a migration run: 'GCON' and 1. */
export const MIGRATION_LOCK_KEYS = ADVISORY_LOCKS.migration;

export const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;

/** How often a console waiting for another's migration run tries the lock again. */
export const LOCK_POLL_MS = 100;

export interface LockConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * Runs `fn` holding the migration advisory lock of this database, on a connection of its own
 * taken from the pool (so the pool needs at least two connections).
 */
/** The two steps of taking the lock a migration run reports (a subset of MigrationProgress). */
export type LockProgress = { step: 'waiting-for-lock' } | { step: 'locked' };

export async function withMigrationLock<T>(
  sequelize: Sequelize,
  options: { lockTimeoutMs?: number; onProgress?: (p: LockProgress) => void },
  fn: () => Promise<T>,
): Promise<T> {
  const max = sequelize.config.pool?.max ?? 5;
  if (max < 2) throw new AppError('VALIDATION', 'Migrating needs a connection pool of at least two connections.');
  const conn = (await sequelize.connectionManager.getConnection({ type: 'write' })) as unknown as LockConnection;
  let reusable = false;
  try {
    const [key1, key2] = MIGRATION_LOCK_KEYS;
    const tryLock = async () =>
      (await conn.query('SELECT pg_try_advisory_lock($1::int, $2::int) AS locked', [key1, key2])).rows[0]?.locked === true;
    if (!(await tryLock())) {
      options.onProgress?.({ step: 'waiting-for-lock' });
      // Polled, not a blocking pg_advisory_lock: a session blocked in that call holds a
      // snapshot for as long as it waits, and CREATE INDEX CONCURRENTLY (a non-transactional
      // migration of the run it waits for) waits for every older snapshot to end — the two
      // would wait for each other for ever. Between tries this session holds no snapshot.
      const timeout = Math.max(1, Math.trunc(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
      const deadline = Date.now() + timeout;
      for (;;) {
        if (Date.now() >= deadline) {
          reusable = true;
          throw new AppError(
            'TIMEOUT',
            `Another console has been migrating this database for more than ${Math.round(timeout / 1000)} s; try again later.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(LOCK_POLL_MS, Math.max(1, deadline - Date.now()))));
        if (await tryLock()) break;
      }
    }
    options.onProgress?.({ step: 'locked' });
    try {
      return await fn();
    } finally {
      // If unlocking fails the connection is destroyed, which ends the session and its lock;
      // either way fn's own error (if any) is the one that propagates.
      try {
        await conn.query('SELECT pg_advisory_unlock($1::int, $2::int)', [key1, key2]);
        reusable = true;
      } catch {
        reusable = false;
      }
    }
  } finally {
    if (reusable) sequelize.connectionManager.releaseConnection(conn);
    else await sequelize.connectionManager.destroyConnection(conn).catch(() => undefined);
  }
}
