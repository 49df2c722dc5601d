import type { ConnectionService } from '../connections/connection-service';
import { bulkUpdateUsers } from './bulk';
import { createUser, updateUser } from './create-update';
import { deleteUser, deleteUserPreview } from './delete';
import { disableDormantUsers, dormantUsersReport } from './dormant';
import { getUserDetail } from './detail';
import { listUsers } from './list';
import { setUserActive } from './activation';
import type { userChannels } from '../../shared/contract/users';
import type { HandlerGroup } from '../../shared/handler';

/** Exactly the channels of shared/contract/users.ts. */
type Channels = keyof typeof userChannels;

export function userHandlers(connections: ConnectionService): HandlerGroup<Channels> {
  const db = () => connections.sequelize();
  const write = () => ({ operator: connections.operator() });
  return {
    'users/list': async (query) => listUsers(db(), query),
    'users/detail': async ({ id }) => getUserDetail(db(), { id }),
    'users/create': async (input) => createUser(db(), input, write()),
    'users/update': async ({ id, ...patch }) => updateUser(db(), { id }, patch, write()),
    'users/set-active': async ({ id, active }) => setUserActive(db(), { id }, active, write()),
    'users/delete-preview': async ({ id }) => deleteUserPreview(db(), { id }),
    'users/delete': async ({ id, confirmKeyCount }) => deleteUser(db(), { id }, { ...write(), confirmKeyCount }),
    'users/dormant': async (query) => dormantUsersReport(db(), query),
    'users/disable-dormant': async (query) => disableDormantUsers(db(), query, write()),
    'users/bulk': async ({ ids, action }) => bulkUpdateUsers(db(), ids, action, write()),
  };
}
