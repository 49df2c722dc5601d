import { JobManager } from './platform/jobs/job-manager';
import { createHandlers } from './ipc/handlers';
import { createRouter, type Router, type SenderInfo } from './ipc/router';
import type { AppEvent } from './shared/contract';
import type { AppInfo } from './shared/model/app';
import type { AppError } from './shared/errors';
import { ConnectionService } from './domains/connections/connection-service';
import type { FileDialog } from './domains/app/file-dialog';
import { classifyConnectError } from './platform/db/errors';
import type { SecretStore } from './platform/secrets/secret-store';
import { stderrLogger, type Logger } from './platform/log';

export interface RuntimeOptions {
  shell: AppInfo['shell'];
  version: string;
  dataDir: string;
  /** Where passwords are kept: the OS keychain in Electron, memory or environment elsewhere. */
  secrets: SecretStore;
  /** DATABASE_URL, DB_POOL_*, PGPASSWORD… */
  env: NodeJS.ProcessEnv;
  /** Start the embedded workspace when no profile is configured. */
  embeddedDefault: boolean;
  /** Pushes an event to the renderer (webContents.send in Electron, SSE under the test host). */
  emit(event: AppEvent): void;
  isTrustedSender(sender: SenderInfo): boolean;
  /** The "open file" dialog of the shell: Electron's, or the test host's stand-in. */
  dialog?: FileDialog;
  log?: Logger;
}

export interface Runtime {
  info: AppInfo;
  connections: ConnectionService;
  jobs: JobManager;
  router: Router;
  /** Connects where the user expects at start-up; failures are shown, not fatal. */
  start(): Promise<void>;
  /** Cancels running jobs, closes every pool, stops the embedded server; once, at shutdown. */
  close(): Promise<void>;
}

/** Database errors a person can act on keep their code; anything else stays INTERNAL (logged). */
function classify(error: unknown): AppError | undefined {
  const known = classifyConnectError(error);
  return known.code === 'INTERNAL' ? undefined : known;
}

/**
 * The main process without Electron: services, jobs and the router, wired once. The Electron
 * shell, the browser-test host and the tests all build the same thing through here.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const log = options.log ?? stderrLogger();
  const info: AppInfo = { name: 'Governance Console', version: options.version, dataDir: options.dataDir, shell: options.shell };
  const connections = new ConnectionService({
    dataDir: options.dataDir,
    secrets: options.secrets,
    env: options.env,
    embeddedDefault: options.embeddedDefault,
    emit: options.emit,
  });
  const jobs = new JobManager({ emit: options.emit, classifyError: classify });
  const router = createRouter(createHandlers({ info, connections, jobs, dialog: options.dialog, secrets: options.secrets }), {
    isTrustedSender: options.isTrustedSender,
    emit: options.emit,
    classifyError: classify,
    logInternal: (channel, error) => log.error(`channel ${channel} failed`, error),
  });
  return {
    info,
    connections,
    jobs,
    router,
    async start() {
      try {
        const prepared = await connections.prepareDataDir();
        if (prepared.tightened) log.info(`data folder ${options.dataDir} was readable by others: made private (0700)`);
        if (prepared.removed.length) log.info(`removed ${prepared.removed.length} temporary file(s) left by an interrupted write`);
        await connections.startDefault();
      } catch (error) {
        const known = classify(error);
        if (!known) log.error('start-up connection failed', error);
        options.emit({
          name: 'call/failed',
          payload: {
            channel: 'start-up',
            error: known?.toDto() ?? { code: 'INTERNAL', message: 'Could not open the default connection; see the log.' },
          },
        });
      }
    },
    async close() {
      await jobs.cancelAll();
      await connections.close();
    },
  };
}
