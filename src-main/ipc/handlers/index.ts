import type { Handlers } from '../router';
import type { Runtime } from '../../runtime';
import { appHandlers } from './app';
import { connectionHandlers } from './connections';
import { dbHandlers } from './db';
import { integrityHandlers } from './integrity';
import { jobHandlers } from './jobs';
import { keyHandlers } from './keys';
import { userHandlers } from './users';

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
