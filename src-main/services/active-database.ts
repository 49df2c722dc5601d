import type { Sequelize } from 'sequelize';
import type { ConnectionSummary } from '../shared/dto';
import { AppError } from '../shared/errors';

/** The database the console is connected to right now, if any. */
export interface ActiveDatabase {
  sequelize: Sequelize;
  summary: ConnectionSummary;
}

export interface DatabaseProvider {
  active(): ActiveDatabase | null;
  close(): Promise<void>;
}

export function requireDatabase(provider: DatabaseProvider): ActiveDatabase {
  const db = provider.active();
  if (!db) throw new AppError('NOT_CONNECTED', 'Not connected to a database: choose or create a connection first.');
  return db;
}
