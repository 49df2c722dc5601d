import { QueryTypes, type Sequelize } from 'sequelize';
import type { ServerInfo } from '../shared/dto';

/** Version, database and user of the connected server, and one round trip's latency. */
export async function getServerInfo(sequelize: Sequelize): Promise<ServerInfo> {
  const started = performance.now();
  const [row] = await sequelize.query<{ version: string; database: string; user: string }>(
    'SELECT current_setting($1) AS version, current_database() AS database, current_user AS "user"',
    { bind: ['server_version'], type: QueryTypes.SELECT },
  );
  const latencyMs = performance.now() - started;
  return { serverVersion: row.version, database: row.database, user: row.user, latencyMs: Math.round(latencyMs * 100) / 100 };
}
