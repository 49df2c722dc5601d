/**
 * Every domain's handlers merged into one map. `satisfies Handlers` fails to compile when a
 * channel of the contract has no handler; each domain's HandlerGroup names exactly the
 * channels it owns.
 */
import type { ConnectionService } from '../domains/connections/connection-service';
import { apiKeyHandlers } from '../domains/api-keys/handlers';
import { appHandlers } from '../domains/app/handlers';
import { auditLogHandlers } from '../domains/audit-log/handlers';
import { backupHandlers } from '../domains/backup/handlers';
import type { FileDialog } from '../domains/app/file-dialog';
import { connectionHandlers } from '../domains/connections/handlers';
import { dashboardHandlers } from '../domains/dashboard/handlers';
import { dbHandlers } from '../domains/database/handlers';
import { demoHandlers } from '../domains/demo/handlers';
import { evidenceHandlers } from '../domains/evidence/handlers';
import { importHandlers } from '../domains/import/handlers';
import { metricHandlers } from '../domains/metrics/handlers';
import { sealHandlers } from '../domains/seals/handlers';
import { userHandlers } from '../domains/users/handlers';
import { integrityHandlers } from '../domains/verification/handlers';
import { workflowHandlers } from '../domains/workflows/handlers';
import type { JobManager } from '../platform/jobs/job-manager';
import type { SecretStore } from '../platform/secrets/secret-store';
import type { Handlers } from '../shared/handler';
import type { AppInfo } from '../shared/model/app';

/** What the handlers are built from (the runtime provides it). */
export interface HandlerDeps {
  info: AppInfo;
  connections: ConnectionService;
  jobs: JobManager;
  /** The shell's file dialog (none under the command line). */
  dialog?: FileDialog;
  /** Where the app's signing key is kept (the OS keychain in the app). */
  secrets?: SecretStore;
}

export function createHandlers({ info, connections, jobs, dialog, secrets }: HandlerDeps): Handlers {
  return {
    ...appHandlers(info, jobs, dialog),
    ...connectionHandlers(connections),
    ...dbHandlers(connections, jobs),
    ...integrityHandlers(connections, jobs, info.version),
    ...importHandlers(connections, jobs, info.version),
    ...userHandlers(connections),
    ...apiKeyHandlers(connections),
    ...auditLogHandlers(connections, jobs, info.dataDir),
    ...workflowHandlers(connections),
    ...metricHandlers(connections),
    ...dashboardHandlers(connections),
    ...demoHandlers(connections, jobs),
    ...sealHandlers(connections, jobs, secrets, info.dataDir, info.version),
    ...evidenceHandlers(connections, jobs, info.version),
    ...backupHandlers(connections, jobs, info.version),
  } satisfies Handlers;
}
