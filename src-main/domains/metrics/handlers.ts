import type { ConnectionService } from '../connections/connection-service';
import type { metricChannels } from '../../shared/contract/metrics';
import type { HandlerGroup } from '../../shared/handler';
import { metricNames, metricSeries } from './series';

/** Exactly the channels of shared/contract/metrics.ts. */
type Channels = keyof typeof metricChannels;

export function metricHandlers(connections: ConnectionService): HandlerGroup<Channels> {
  const db = () => connections.sequelize();
  return {
    'metrics/names': async () => metricNames(db()),
    'metrics/series': async (query) => metricSeries(db(), query),
  };
}
