import type { AppInfo } from '../../shared/model/app';
import type { HandlerGroup } from '../../shared/handler';

export function appHandlers(info: AppInfo): HandlerGroup<'app/info'> {
  return {
    'app/info': async () => info,
  };
}
