import type pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { ConnectionSummary } from '../../shared/model/connections';
import { AppError, type ErrorDto } from '../../shared/errors';
import { FileLock } from '../files/atomic-file';
import { classifyConnectError, type ConnectContext } from './errors';
import { connectClient, isEncrypted } from './pg-client';
import { DEFAULT_ENVIRONMENT_COLOUR } from '../../shared/model/profile';
import type { ConnectionTarget } from './target';
import { createSequelize } from './sequelize';
import { DEFAULT_POOL, type PoolSettings } from './pool-settings';
import { buildSslOptions, isLoopbackHost } from './tls';
import { pgClientConfig, sessionConfig, type RawClientOptions } from './client-config';

export { pgClientConfig, type RawClientOptions } from './client-config';

/**
 * Connections to PostgreSQL: one Sequelize instance (one pool) for the active profile, raw
 * pg clients for long jobs, and one-shot connection tests. Every session carries the
 * profile's settings from its first packet (startup parameters, so also on every pooled
 * connection): application_name, statement_timeout and, for read-only profiles,
 * default_transaction_read_only=on — enforced by the server, not by the console.
 */

export interface PoolStatus {
  /** Connections open (in use + idle). */
  size: number;
  inUse: number;
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
  max: number;
}

export interface ServerCheck {
  /** `server_version`, e.g. "18.4" or "15.20 (Debian 15.20-0+deb12u1)". */
  serverVersion: string;
  /** `SELECT version()` in full. */
  versionText: string;
  /** server_version_num as major.minor.0, for semver users (Sequelize). */
  semver: string;
  database: string;
  user: string;
  /** Round trip of `SELECT version()` once connected, in ms. */
  latencyMs: number;
  /** Whether the session is encrypted. */
  tls: boolean;
  /** transaction_read_only of a new transaction in this session. */
  readOnly: boolean;
}

export interface Health {
  ok: boolean;
  serverVersion: string | null;
  latencyMs: number | null;
  error?: ErrorDto;
}

export interface ActiveConnection {
  target: ConnectionTarget;
  sequelize: Sequelize;
  /** For the status bar and the renderer: no secret in it. */
  summary: ConnectionSummary;
  server: ServerCheck;
  connectedAt: Date;
}

export interface ConnectionManagerOptions {
  /** Pool settings for targets that bring none (a target's own `pool` wins). */
  pool?: Partial<PoolSettings>;
  /**
   * Where SQL goes when a pool has echo on (DB_ECHO); default stderr, never stdout, where
   * `govcon --json` prints its one object. Parameters are never logged.
   */
  sqlLog?: (sql: string) => void;
}

const SQL_TO_STDERR = (sql: string) => void process.stderr.write(`${sql}\n`);

const round2 = (n: number) => Math.round(n * 100) / 100;

function context(target: ConnectionTarget, secret: string | undefined): ConnectContext {
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    tlsMode: target.tls.mode,
    statementTimeoutMs: target.statementTimeoutMs,
    secrets: secret ? [secret] : [],
  };
}

/** server_version_num (e.g. 150020, 90624) → "15.20.0", "9.6.24". */
export function semverFromVersionNum(num: number): string {
  if (num >= 100000) return `${Math.floor(num / 10000)}.${num % 10000}.0`;
  return `${Math.floor(num / 10000)}.${Math.floor(num / 100) % 100}.${num % 100}`;
}

interface CheckRow {
  version: string;
  server_version: string;
  server_version_num: string;
  db: string;
  usr: string;
  ro: string;
}

const CHECK_SQL =
  "SELECT version() AS version, current_setting('server_version') AS server_version, current_setting('server_version_num') AS server_version_num, current_database() AS db, current_user AS usr, current_setting('transaction_read_only') AS ro";

function toCheck(row: CheckRow, latencyMs: number, tls: boolean): ServerCheck {
  return {
    serverVersion: row.server_version,
    versionText: row.version,
    semver: semverFromVersionNum(Number(row.server_version_num)),
    database: row.db,
    user: row.usr,
    latencyMs: round2(latencyMs),
    tls,
    readOnly: row.ro === 'on',
  };
}

/** Connects once with a plain client, checks the server, disconnects. Keeps no pool. */
export async function testConnection(target: ConnectionTarget, secret?: string): Promise<ServerCheck> {
  const ctx = context(target, secret);
  let client: pg.Client | undefined;
  try {
    const config = await pgClientConfig(target, secret, { statementTimeoutMs: target.statementTimeoutMs, purpose: '' });
    client = await connectClient(config, { context: ctx });
    const started = performance.now();
    const { rows } = await client.query<CheckRow>(CHECK_SQL);
    const latency = performance.now() - started;
    return toCheck(rows[0] as CheckRow, latency, isEncrypted(client));
  } catch (e) {
    throw classifyConnectError(e, { ...ctx, connecting: true });
  } finally {
    await client?.end().catch(() => undefined);
  }
}

/** A session that crosses a network in clear text: not encrypted, to anything but this machine. */
export function isUnencryptedRemote(target: ConnectionTarget, encrypted: boolean): boolean {
  return !encrypted && !isLoopbackHost(target.host);
}

function summaryOf(target: ConnectionTarget, encrypted: boolean): ConnectionSummary {
  return {
    profileId: target.id,
    name: target.name,
    target: `${target.host}:${target.port}/${target.database}`,
    environment: target.environment?.name ?? 'unknown',
    colour: target.environment?.colour ?? DEFAULT_ENVIRONMENT_COLOUR,
    readOnly: target.readOnly,
    encrypted,
    tlsMode: target.tls.mode,
    unencryptedRemote: isUnencryptedRemote(target, encrypted),
  };
}

interface SequelizePool {
  size: number;
  using: number;
  available: number;
  waiting: number;
  maxSize: number;
}

interface Entry {
  active: ActiveConnection;
  secret: string | undefined;
}

export class ConnectionManager {
  #current: Entry | null = null;
  readonly #lock = new FileLock();
  readonly #options: ConnectionManagerOptions;

  constructor(options: ConnectionManagerOptions = {}) {
    this.#options = options;
  }

  /**
   * Connects to the target and makes it the active connection: tests the server with a plain
   * client first (precise errors), then opens the pool and checks it. The previous active
   * connection's pool is closed only once the new one works, so a failed switch leaves the
   * old connection in place.
   */
  connect(target: ConnectionTarget, secret?: string): Promise<ActiveConnection> {
    return this.#lock.run(async () => {
      const ctx = context(target, secret);
      const probe = await testConnection(target, secret);
      // allow and prefer settle on one way with the probe: the pool's sessions all go that way.
      const ssl = probe.tls ? await buildSslOptions(target.tls) : false;
      const pool = { ...DEFAULT_POOL, ...this.#options.pool, ...target.pool };
      const sequelize = createSequelize({
        connection: { host: target.host, port: target.port, database: target.database, user: target.user, password: secret },
        pool,
        dialectOptions: sessionConfig(target, ssl, target.statementTimeoutMs, target.applicationName),
        databaseVersion: probe.semver,
        log: this.#options.sqlLog ?? SQL_TO_STDERR,
      });
      let server: ServerCheck;
      try {
        // The first query opens a pooled connection; the second, timed, is the round trip.
        await sequelize.query<CheckRow>(CHECK_SQL, { type: QueryTypes.SELECT, plain: true });
        const started = performance.now();
        const row = await sequelize.query<CheckRow>(CHECK_SQL, { type: QueryTypes.SELECT, plain: true });
        server = toCheck(row as CheckRow, performance.now() - started, probe.tls);
      } catch (e) {
        await sequelize.close().catch(() => undefined);
        throw classifyConnectError(e, { ...ctx, connecting: true });
      }
      const previous = this.#current;
      const active: ActiveConnection = { target, sequelize, summary: summaryOf(target, server.tls), server, connectedAt: new Date() };
      this.#current = { active, secret };
      if (previous) await previous.active.sequelize.close().catch(() => undefined);
      return active;
    });
  }

  /** One-shot test of a profile: no pool kept, the active connection untouched. */
  testConnection(target: ConnectionTarget, secret?: string): Promise<ServerCheck> {
    return testConnection(target, secret);
  }

  active(): ActiveConnection | null {
    return this.#current?.active ?? null;
  }

  /** The active connection, or NOT_CONNECTED. */
  require(): ActiveConnection {
    const a = this.active();
    if (!a) throw new AppError('NOT_CONNECTED', 'Not connected to a database: choose or create a connection first.');
    return a;
  }

  /** Closes the active connection's pool (waits for connections in use to be released). */
  disconnect(): Promise<void> {
    return this.#lock.run(async () => {
      const entry = this.#current;
      this.#current = null;
      await entry?.active.sequelize.close();
    });
  }

  /** Closes every pool; for shutdown. */
  async closeAll(): Promise<void> {
    await this.disconnect();
  }

  /** Same as closeAll (the DatabaseProvider shape). */
  close(): Promise<void> {
    return this.closeAll();
  }

  poolStatus(): PoolStatus {
    const { sequelize } = this.require();
    const pool = (sequelize.connectionManager as unknown as { pool: SequelizePool }).pool;
    return { size: pool.size, inUse: pool.using, idle: pool.available, waiting: pool.waiting, max: pool.maxSize };
  }

  /** A round trip through the pool: SELECT version(), timed. Never throws for a dead server. */
  async health(): Promise<Health> {
    const entry = this.#current;
    if (!entry)
      return { ok: false, serverVersion: null, latencyMs: null, error: { code: 'NOT_CONNECTED', message: 'Not connected to a database.' } };
    const started = performance.now();
    try {
      const row = await entry.active.sequelize.query<{ server_version: string }>(
        "SELECT version(), current_setting('server_version') AS server_version",
        {
          type: QueryTypes.SELECT,
          plain: true,
        },
      );
      return { ok: true, serverVersion: row?.server_version ?? null, latencyMs: round2(performance.now() - started) };
    } catch (e) {
      const err = classifyConnectError(e, context(entry.active.target, entry.secret));
      return { ok: false, serverVersion: null, latencyMs: null, error: err.toDto() };
    }
  }

  /**
   * An error from a query on the active connection as an AppError (READ_ONLY, TIMEOUT for the
   * statement timeout, …), with the active profile's context and its password masked.
   */
  classify(error: unknown): AppError {
    const entry = this.#current;
    return classifyConnectError(error, entry ? context(entry.active.target, entry.secret) : {});
  }

  /** Client configuration for long jobs on the active profile (see RawClientOptions). */
  async rawClientConfig(options: RawClientOptions = {}): Promise<pg.ClientConfig> {
    const entry = this.#current;
    if (!entry) throw new AppError('NOT_CONNECTED', 'Not connected to a database: choose or create a connection first.');
    return pgClientConfig(entry.active.target, entry.secret, options);
  }

  /**
   * A connected plain pg.Client outside the pool (COPY streaming and other long jobs). The
   * caller ends it. Errors are classified like connect()'s.
   */
  async openRawClient(options: RawClientOptions = {}): Promise<pg.Client> {
    const entry = this.#current;
    if (!entry) throw new AppError('NOT_CONNECTED', 'Not connected to a database: choose or create a connection first.');
    const config = await pgClientConfig(entry.active.target, entry.secret, options);
    return connectClient(config, { context: context(entry.active.target, entry.secret) });
  }
}
