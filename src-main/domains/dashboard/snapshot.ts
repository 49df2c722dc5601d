/** One consistent read for a dashboard card: its rows and their coverage from the same snapshot. */
import { Transaction, type Sequelize } from 'sequelize';
import { needsSchema } from '../workflows/needs-schema';

/**
 * Runs `work` in a REPEATABLE READ, READ ONLY transaction: the rows a card shows and the count it
 * compares with the last verification are of one instant, even while the service writes. Read
 * only, so it works on a read-only connection too. `readAt` is when the snapshot was taken.
 */
export function inSnapshot<T>(sequelize: Sequelize, work: (t: Transaction, readAt: string) => Promise<T>): Promise<T> {
  return needsSchema('governance views', () =>
    sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.REPEATABLE_READ, readOnly: true }, (t) =>
      work(t, new Date().toISOString()),
    ),
  );
}
