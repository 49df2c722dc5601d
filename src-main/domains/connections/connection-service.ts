import os from 'node:os';
import type { Sequelize } from 'sequelize';
import { ConnectionManager, pgClientConfig, type ActiveConnection, type ServerCheck } from '../../platform/db/connection-manager';
import { EmbeddedWorkspace, WORKSPACE_ID } from '../../platform/embedded/workspace';
import { envProfile, ENV_PROFILE_ID } from './env-profile';
import { ProfileStore, profileTarget } from './profile-store';
import { type ConnectionTarget } from '../../platform/db/target';
import type { SecretStore } from '../../platform/secrets/secret-store';
import type { AppEvent } from '../../shared/contract';
import type { ConnectionSummary, ProfileListItem } from '../../shared/model/connections';
import type { ProfileInput, ProfilePatch } from '../../shared/model/profile';
import { AppError } from '../../shared/errors';
import { createDatabaseIfMissing } from '../database/database-admin';
import { prepareDataDir, type PreparedDataDir } from '../../platform/files/data-dir';
import type { Operator } from '../../shared/model/operator';

export interface ConnectionServiceOptions {
  dataDir: string;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  /** Start the embedded workspace when no profile is configured (the app does; tests choose). */
  embeddedDefault: boolean;
  emit(event: AppEvent): void;
}

interface Current {
  target: ConnectionTarget;
  secret: string | undefined;
  operator: Operator | null;
}

/**
 * Where the console connects: stored profiles, the environment's DATABASE_URL, or the
 * embedded local workspace. Owns the one ConnectionManager (one pool at a time) and knows
 * the active target and secret, which long jobs need to open their own connections.
 */
export class ConnectionService {
  readonly manager = new ConnectionManager();
  readonly profiles: ProfileStore;
  private readonly workspace: EmbeddedWorkspace;
  private current: Current | null = null;

  constructor(private readonly options: ConnectionServiceOptions) {
    this.profiles = new ProfileStore(options.dataDir, { secrets: options.secrets });
    this.workspace = new EmbeddedWorkspace({ dataDir: options.dataDir, secrets: options.secrets });
  }

  active(): ActiveConnection | null {
    return this.manager.active();
  }

  /** The active connection's Sequelize, or NOT_CONNECTED. */
  sequelize(): Sequelize {
    return this.manager.require().sequelize;
  }

  /**
   * At start-up, before anything is read: the data folder made private (0700) and cleared of the
   * temporary files of writes a killed console left behind.
   */
  prepareDataDir(): Promise<PreparedDataDir> {
    return prepareDataDir(this.options.dataDir);
  }

  /** At start-up: DATABASE_URL if set, else the embedded workspace when nothing is configured. */
  async startDefault(): Promise<ConnectionSummary | null> {
    if (this.options.env.DATABASE_URL) return this.connect(ENV_PROFILE_ID);
    if (this.options.embeddedDefault && (await this.profiles.list()).length === 0) return this.connect(WORKSPACE_ID);
    return null;
  }

  async list(): Promise<ProfileListItem[]> {
    const items: ProfileListItem[] = [];
    const env = envProfile(this.options.env);
    if (env) {
      items.push({
        id: ENV_PROFILE_ID,
        kind: 'environment',
        name: env.target.name,
        target: describe(env.target),
        environment: env.target.environment!,
        readOnly: env.target.readOnly,
        hasPassword: env.password !== undefined,
        profile: null,
      });
    }
    items.push({
      id: WORKSPACE_ID,
      kind: 'workspace',
      name: 'Local workspace (embedded PostgreSQL)',
      target: this.workspace.info ? describe(this.workspace.info.target) : 'started on first use',
      environment: { name: 'local', colour: '#2563eb' },
      readOnly: false,
      hasPassword: true,
      profile: null,
    });
    for (const p of await this.profiles.list()) {
      items.push({
        id: p.id,
        kind: 'stored',
        name: p.name,
        target: describe(profileTarget(p)),
        environment: p.environment,
        readOnly: p.readOnly,
        hasPassword: p.hasPassword,
        profile: p,
      });
    }
    return items;
  }

  create(input: ProfileInput, password?: string) {
    return this.profiles.create(input, password);
  }

  update(id: string, patch: ProfilePatch, password?: string | null) {
    return this.profiles.update(id, patch, password);
  }

  async remove(id: string): Promise<void> {
    if (this.current?.target.id === id) await this.disconnect();
    await this.profiles.delete(id);
  }

  /** Connects once and disconnects: the profile's server, version and latency, or the error. */
  async test(id: string): Promise<ServerCheck> {
    const { target, secret } = await this.resolve(id);
    return this.manager.testConnection(target, secret);
  }

  async connect(id: string): Promise<ConnectionSummary> {
    const { target, secret, operator } = await this.resolve(id);
    const active = await this.manager.connect(target, secret);
    this.current = { target, secret, operator };
    this.options.emit({ name: 'connection/changed', payload: active.summary });
    return active.summary;
  }

  async disconnect(): Promise<void> {
    await this.manager.disconnect();
    this.current = null;
    this.options.emit({ name: 'connection/changed', payload: null });
  }

  /** Creates the profile's database (through the server's `postgres` database). */
  async createDatabase(id: string): Promise<{ name: string; created: boolean }> {
    const { target, secret } = await this.resolve(id);
    const admin = await pgClientConfig({ ...target, database: 'postgres' }, secret, { purpose: 'create database' });
    return createDatabaseIfMissing(admin, target.database);
  }

  /** Target and secret of the active connection, for jobs that open their own client. */
  activeTarget(): { target: ConnectionTarget; secret: string | undefined } {
    if (!this.current || !this.manager.active())
      throw new AppError('NOT_CONNECTED', 'Not connected to a database: choose or create a connection first.');
    return { target: this.current.target, secret: this.current.secret };
  }

  /** Who the console records as making changes: the profile's operator, else the OS user. */
  operator(): Operator {
    return this.current?.operator ?? { name: os.userInfo().username, email: null };
  }

  async close(): Promise<void> {
    await this.manager.closeAll();
    this.current = null;
    if (this.workspace.running) await this.workspace.stop();
  }

  private async resolve(id: string): Promise<Current> {
    if (id === ENV_PROFILE_ID) {
      const env = envProfile(this.options.env);
      if (!env) throw new AppError('NOT_FOUND', 'DATABASE_URL is not set.');
      return { target: env.target, secret: env.password ?? this.options.env.PGPASSWORD, operator: null };
    }
    if (id === WORKSPACE_ID) {
      const started = this.workspace.info ?? (await this.workspace.start());
      return { target: started.target, secret: started.password, operator: null };
    }
    const profile = await this.profiles.get(id);
    return { target: profileTarget(profile), secret: await this.options.secrets.get(id), operator: profile.operator };
  }
}

function describe(t: ConnectionTarget): string {
  return `${t.host}:${t.port}/${t.database}`;
}
