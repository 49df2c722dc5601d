/** The ids of the window's places, in sidebar order (app/routes.ts gives each its label and page). */
export const ROUTE_IDS = [
  'connections',
  'database',
  'users',
  'api-keys',
  'audit-log',
  'integrity',
  'dashboard',
  'executions',
  'metrics',
] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

/**
 * What a link into a page carries. `filter` is a filter string the page applies on arrival: the
 * Audit Log and Executions pages take `trace:<uuid>` (the audit entry and the execution of one
 * trace link to each other this way).
 */
export interface RouteParams {
  filter?: string;
}
