import type { ConnectionService } from '../connections/connection-service';
import type { workflowChannels } from '../../shared/contract/workflows';
import type { HandlerGroup } from '../../shared/handler';
import { executionUpdates, executionWorkflows, getExecution, listExecutions } from './list';

/** Exactly the channels of shared/contract/workflows.ts. */
type Channels = keyof typeof workflowChannels;

export function workflowHandlers(connections: ConnectionService): HandlerGroup<Channels> {
  const db = () => connections.sequelize();
  return {
    'executions/list': async (query) => listExecutions(db(), query),
    'executions/detail': async ({ id }) => getExecution(db(), id),
    'executions/updates': async ({ ids }) => executionUpdates(db(), ids),
    'executions/workflows': async () => executionWorkflows(db()),
  };
}
