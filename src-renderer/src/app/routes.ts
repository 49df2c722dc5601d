import { lazy } from 'react';
import type { RouteId } from './route-ids';

/**
 * The window's places, in sidebar order: the one list both the sidebar and the view read.
 * Each page is its own chunk, loaded the first time it is opened.
 */
export interface Route<Id extends string = string> {
  id: Id;
  label: string;
  view: React.LazyExoticComponent<() => React.JSX.Element>;
  /** Shows "Not connected" instead of the page while there is no database connection. */
  needsConnection: boolean;
  /** Ctrl (⌘ on macOS) with this key opens the page. */
  shortcut?: string;
}

/** A named export of a feature module as the default export React.lazy wants. */
function page<K extends string>(load: () => Promise<Record<K, () => React.JSX.Element>>, name: K): Route['view'] {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const REGISTRY = [
  {
    id: 'connections',
    label: 'Connections',
    view: page(() => import('../features/connections/ConnectionsPage'), 'ConnectionsPage'),
    needsConnection: false,
    shortcut: '1',
  },
  {
    id: 'database',
    label: 'Database',
    view: page(() => import('../features/database/DatabasePage'), 'DatabasePage'),
    needsConnection: true,
    shortcut: '2',
  },
  {
    id: 'users',
    label: 'Users',
    view: page(() => import('../features/users/UsersPage'), 'UsersPage'),
    needsConnection: true,
    shortcut: '3',
  },
  {
    id: 'api-keys',
    label: 'API Keys',
    view: page(() => import('../features/api-keys/ApiKeysPage'), 'ApiKeysPage'),
    needsConnection: true,
    shortcut: '4',
  },
  {
    id: 'audit-log',
    label: 'Audit Log',
    view: page(() => import('../features/audit-log/AuditLogPage'), 'AuditLogPage'),
    needsConnection: true,
    shortcut: '5',
  },
  {
    // Verifying a file needs no database; the page says which of its parts do.
    id: 'integrity',
    label: 'Integrity',
    view: page(() => import('../features/integrity/IntegrityPage'), 'IntegrityPage'),
    needsConnection: false,
    shortcut: '6',
  },
  {
    id: 'dashboard',
    label: 'Dashboard',
    view: page(() => import('../features/dashboard/DashboardPage'), 'DashboardPage'),
    needsConnection: true,
    shortcut: '7',
  },
  {
    id: 'executions',
    label: 'Executions',
    view: page(() => import('../features/executions/ExecutionsPage'), 'ExecutionsPage'),
    needsConnection: true,
    shortcut: '8',
  },
  {
    id: 'metrics',
    label: 'Metrics',
    view: page(() => import('../features/metrics/MetricsPage'), 'MetricsPage'),
    needsConnection: true,
    shortcut: '9',
  },
] as const satisfies readonly Route<RouteId>[];

// Every id has its route and every route an id of the list: a missing or extra page fails to compile.
type Missing = Exclude<RouteId, (typeof REGISTRY)[number]['id']>;
const everyIdRouted: [Missing] extends [never] ? true : never = true;
void everyIdRouted;

export type { RouteId, RouteParams } from './route-ids';

/** The registry as the sidebar and the view read it: ids checked, shortcuts optional. */
export const ROUTES: readonly Route<RouteId>[] = REGISTRY;

export function routeById(id: RouteId): Route<RouteId> {
  return ROUTES.find((r) => r.id === id) ?? ROUTES[0];
}
