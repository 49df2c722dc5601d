import type { AppInfo } from '../../shared/dto';
import type { DatabaseProvider } from '../../services/active-database';
import type { HandlerGroup } from './types';

export function appHandlers(info: AppInfo, databases: DatabaseProvider): HandlerGroup<'app/info' | 'connection/active'> {
  return {
    'app/info': async () => info,
    'connection/active': async () => databases.active()?.summary ?? null,
  };
}
