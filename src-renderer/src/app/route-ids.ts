/** The ids of the window's places, in sidebar order (app/routes.ts gives each its label and page). */
export const ROUTE_IDS = ['connections', 'database', 'users', 'api-keys', 'audit-log', 'integrity', 'dashboard'] as const;
export type RouteId = (typeof ROUTE_IDS)[number];
