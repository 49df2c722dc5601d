import type { Sequelize } from 'sequelize';
import type { ConnectionSummary } from '../shared/dto';
import type { ActiveDatabase, DatabaseProvider } from '../services/active-database';
import { createSequelize } from './sequelize';

/** host:port/database of a URL: what the status bar shows. Never the user's password. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

/**
 * A provider bound to one URL (DATABASE_URL, or the test host's database). The pool is
 * created on first use and closed by close().
 */
export function urlDatabaseProvider(url: string, name = 'Environment (DATABASE_URL)'): DatabaseProvider {
  let sequelize: Sequelize | null = null;
  const summary: ConnectionSummary = {
    profileId: 'environment',
    name,
    target: describeUrl(url),
    environment: 'environment',
    colour: '#6b7280',
    readOnly: false,
  };
  return {
    active(): ActiveDatabase {
      sequelize ??= createSequelize({ url });
      return { sequelize, summary };
    },
    async close() {
      const s = sequelize;
      sequelize = null;
      await s?.close();
    },
  };
}

export const noDatabase: DatabaseProvider = {
  active: () => null,
  close: async () => undefined,
};
