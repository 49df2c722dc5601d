import type { AppInfo } from '../../shared/dto';
import type { HandlerGroup } from './types';

export function appHandlers(info: AppInfo): HandlerGroup<'app/info'> {
  return {
    'app/info': async () => info,
  };
}
