import { JobManager } from './jobs/job-manager';
import { createHandlers } from './ipc/handlers';
import { createRouter, type Router, type SenderInfo } from './ipc/router';
import type { AppEvent } from './shared/contract';
import type { AppInfo } from './shared/dto';
import type { DatabaseProvider } from './services/active-database';
import { noDatabase, urlDatabaseProvider } from './db/url-database';
import { stderrLogger, type Logger } from './log';

export interface RuntimeOptions {
  shell: AppInfo['shell'];
  version: string;
  dataDir: string;
  /** Pushes an event to the renderer (webContents.send in Electron, SSE under the test host). */
  emit(event: AppEvent): void;
  isTrustedSender(sender: SenderInfo): boolean;
  /** DATABASE_URL or a test database; absent means no connection yet. */
  databaseUrl?: string;
  log?: Logger;
}

export interface Runtime {
  info: AppInfo;
  databases: DatabaseProvider;
  jobs: JobManager;
  router: Router;
  /** Cancels running jobs and closes every pool; called once at shutdown. */
  close(): Promise<void>;
}

/**
 * The main process without Electron: services, jobs and the router, wired once. The Electron
 * shell, the browser-test host and the tests all build the same thing through here.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const log = options.log ?? stderrLogger();
  const info: AppInfo = { name: 'Governance Console', version: options.version, dataDir: options.dataDir, shell: options.shell };
  const databases = options.databaseUrl ? urlDatabaseProvider(options.databaseUrl) : noDatabase;
  const jobs = new JobManager({ emit: options.emit });
  const partial = { info, databases, jobs };
  const router = createRouter(createHandlers(partial), {
    isTrustedSender: options.isTrustedSender,
    emit: options.emit,
    logInternal: (channel, error) => log.error(`channel ${channel} failed`, error),
  });
  return {
    ...partial,
    router,
    async close() {
      await jobs.cancelAll();
      await databases.close();
    },
  };
}
