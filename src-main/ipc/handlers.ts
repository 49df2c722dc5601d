import type { Handlers } from '../shared/handler';
import type { Runtime } from '../runtime';
import { appHandlers } from '../domains/app/handlers';
import { connectionHandlers } from '../domains/connections/handlers';
import { dbHandlers } from '../domains/database/handlers';
import { integrityHandlers } from '../domains/verification/handlers';
import { jobHandlers } from '../domains/app/jobs-handlers';
import { keyHandlers } from '../domains/api-keys/handlers';
import { userHandlers } from '../domains/users/handlers';

/** Every domain's handlers merged into one map; `satisfies` fails to compile if one is missing. */
export function createHandlers(runtime: Pick<Runtime, 'info' | 'connections' | 'jobs'>): Handlers {
  const { info, connections, jobs } = runtime;
  return {
    ...appHandlers(info),
    ...connectionHandlers(connections),
    ...dbHandlers(connections, jobs),
    ...integrityHandlers(connections, jobs),
    ...jobHandlers(jobs, connections),
    ...userHandlers(connections),
    ...keyHandlers(connections),
  } satisfies Handlers;
}
