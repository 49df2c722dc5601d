import type { ConnectionService } from '../connections/connection-service';
import type { dashboardChannels } from '../../shared/contract/dashboard';
import type { HandlerGroup } from '../../shared/handler';
import { integrityStatus } from './integrity-status';
import { dragModeCard, recentCard, successRateCard, userActivityCard } from './views';

/** Exactly the channels of shared/contract/dashboard.ts. */
type Channels = keyof typeof dashboardChannels;

export function dashboardHandlers(connections: ConnectionService): HandlerGroup<Channels> {
  const db = () => connections.sequelize();
  return {
    'dashboard/success-rate': async () => successRateCard(db()),
    'dashboard/drag-modes': async () => dragModeCard(db()),
    'dashboard/user-activity': async ({ limit }) => userActivityCard(db(), limit),
    'dashboard/recent': async () => recentCard(db()),
    'dashboard/integrity': async () => integrityStatus(db()),
  };
}
