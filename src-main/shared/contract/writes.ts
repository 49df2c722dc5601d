/**
 * Which channels change the connected database. Through a profile marked production, the window
 * asks before each of them, naming the server and the database (src-renderer/src/api/callOrToast.ts);
 * the command line asks too, and --yes answers for scripts. Every channel is in exactly one of the
 * two lists (test/unit/shared/writes.test.ts), so a new channel must be classified.
 */
import type { ChannelName } from './index';

export const DATABASE_WRITES = [
  'db/initialise',
  'db/migrate',
  'db/create-auditor-role',
  'db/harden',
  'users/create',
  'users/update',
  'users/set-active',
  'users/delete',
  'users/disable-dormant',
  'users/bulk',
  'keys/create',
  'keys/revoke',
  'keys/rotate',
  'integrity/import-file',
  'demo/generate',
  'seals/seal',
] as const satisfies readonly ChannelName[];

/** Channels that read the database, or change only the console's own files (profiles) and jobs. */
export const NOT_DATABASE_WRITES = [
  'evidence/verify-bundle',
  'app/info',
  'jobs/list',
  'jobs/cancel',
  'profiles/list',
  'profiles/create',
  'profiles/update',
  'profiles/duplicate',
  'profiles/delete',
  'profiles/test',
  'profiles/create-database',
  'connection/active',
  'connection/connect',
  'connection/disconnect',
  'db/status',
  'db/tables',
  'db/check-privileges',
  'jobs/start-health-probe',
  'users/list',
  'users/detail',
  'users/delete-preview',
  'users/dormant',
  'keys/list',
  'keys/check',
  'integrity/verify-db',
  'seals/status',
  'seals/create-key',
  'seals/verify',
  'integrity/verify-file',
  'integrity/report',
  'integrity/imports',
  'integrity/verify-custody',
  'integrity/rejected-lines',
  'dialog/open-file',
  'backup/create',
  'backup/verify',
  'audit/list',
  'audit/count',
  'audit/cancel',
  'audit/detail',
  'audit/facets',
  'audit/export',
  'audit/views',
  'audit/save-view',
  'audit/delete-view',
  'executions/list',
  'executions/detail',
  'executions/updates',
  'executions/workflows',
  'metrics/names',
  'metrics/series',
  'dashboard/success-rate',
  'dashboard/drag-modes',
  'dashboard/user-activity',
  'dashboard/recent',
  'dashboard/integrity',
] as const satisfies readonly ChannelName[];

export function isDatabaseWrite(channel: string): boolean {
  return (DATABASE_WRITES as readonly string[]).includes(channel);
}

/** The question asked before a write through a production profile. */
export function productionQuestion(connection: { name: string; target: string }, what: string): string {
  return `This changes the PRODUCTION database ${connection.target} (connection "${connection.name}"): ${what}. Go ahead?`;
}
