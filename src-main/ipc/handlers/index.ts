import type { Handlers } from '../router';
import type { Runtime } from '../../runtime';
import { appHandlers } from './app';
import { dbHandlers } from './db';
import { jobHandlers } from './jobs';

/** Every domain's handlers merged into one map; `satisfies` fails to compile if one is missing. */
export function createHandlers(runtime: Pick<Runtime, 'info' | 'databases' | 'jobs'>): Handlers {
  return {
    ...appHandlers(runtime.info, runtime.databases),
    ...dbHandlers(runtime.databases),
    ...jobHandlers(runtime.jobs, runtime.databases),
  } satisfies Handlers;
}
