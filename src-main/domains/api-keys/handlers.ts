import type { ConnectionService } from '../connections/connection-service';
import { checkApiKey } from './check';
import { createApiKey, rotateApiKey } from './issue';
import { listApiKeys } from './list';
import { revokeApiKey } from './revoke';
import type { apiKeyChannels } from '../../shared/contract/api-keys';
import type { HandlerGroup } from '../../shared/handler';

/** Exactly the channels of shared/contract/api-keys.ts. */
type Channels = keyof typeof apiKeyChannels;

export function apiKeyHandlers(connections: ConnectionService): HandlerGroup<Channels> {
  const db = () => connections.sequelize();
  const write = () => ({ operator: connections.operator() });
  return {
    'keys/list': async ({ userId, ...query }) => listApiKeys(db(), { ...query, user: userId ? { id: userId } : null }),
    'keys/create': async ({ userEmail, ...input }) => createApiKey(db(), { ...input, user: { email: userEmail } }, write()),
    'keys/revoke': async ({ id }) => revokeApiKey(db(), id, write()),
    'keys/rotate': async ({ id, overlapHours }) => rotateApiKey(db(), id, { overlapHours }, write()),
    'keys/check': async ({ key }) => checkApiKey(db(), key),
  };
}
