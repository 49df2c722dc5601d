import type { ConnectionService } from './connection-service';
import type { connectionChannels } from '../../shared/contract/connections';
import type { HandlerGroup } from '../../shared/handler';

/** Exactly the channels of shared/contract/connections.ts. */
type Channels = keyof typeof connectionChannels;

export function connectionHandlers(connections: ConnectionService): HandlerGroup<Channels> {
  return {
    'profiles/list': () => connections.list(),
    'profiles/create': ({ profile, password }) => connections.create(profile, password),
    'profiles/update': ({ id, patch, password }) => connections.update(id, patch, password),
    'profiles/duplicate': ({ id }) => connections.profiles.duplicate(id),
    'profiles/delete': async ({ id }) => {
      await connections.remove(id);
      return { deleted: true };
    },
    'profiles/test': async ({ id }) => {
      const { serverVersion, database, user, latencyMs, tls, readOnly } = await connections.test(id);
      return { serverVersion, database, user, latencyMs, tls, readOnly };
    },
    'profiles/create-database': ({ id }) => connections.createDatabase(id),
    'connection/active': async () => connections.active()?.summary ?? null,
    'connection/connect': ({ id }) => connections.connect(id),
    'connection/disconnect': async () => {
      await connections.disconnect();
      return null;
    },
  };
}
