import { requireDatabase, type DatabaseProvider } from '../../services/active-database';
import { getServerInfo } from '../../services/server-info';
import type { HandlerGroup } from './types';

export function dbHandlers(databases: DatabaseProvider): HandlerGroup<'db/server-info'> {
  return {
    'db/server-info': async () => getServerInfo(requireDatabase(databases).sequelize),
  };
}
