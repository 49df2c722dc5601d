/**
 * The one place a PostgreSQL connection is made. Plain clients (COPY streaming, long jobs,
 * probes, the embedded server's setup) come from `connectClient`; Sequelize's pool gets the
 * same client class through `pgDialectModule`. So timeouts, error handling and (in tests) fault
 * injection have exactly one home.
 */
import pg from 'pg';
import { classifyConnectError, type ConnectContext } from './errors';
import { isFallbackCase, type SslFallback } from './tls';

/**
 * A client configuration that may carry a second attempt (libpq's `allow` and `prefer`, which
 * node-postgres lacks): connectClient makes it when the server refused the first (tls.ts).
 */
export type ConsoleClientConfig = pg.ClientConfig & { sslFallback?: SslFallback };

/** The driver's Client, as every connection of the console constructs it. */
export class ConsoleClient extends pg.Client {
  constructor(config: pg.ClientConfig | string) {
    super(config);
    // An idle client's network error (server restart, cut link) must not crash the process:
    // it surfaces through the next query or connect instead.
    this.on('error', () => undefined);
  }
}

/** What Sequelize loads as its `pg` (dialectModule): the driver with the console's Client. */
export const pgDialectModule = { ...pg, Client: ConsoleClient };

/** Host, port, database, user and the password to mask, for error messages. */
export function contextOf(config: pg.ClientConfig): ConnectContext {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    secrets: typeof config.password === 'string' ? [config.password] : [],
  };
}

export interface ConnectOptions {
  /** Statements run once connected (e.g. session settings); the connection is closed if one fails. */
  setup?: readonly string[];
  /** How to name the server in errors (default: from the config). */
  context?: ConnectContext;
}

/**
 * A connected client, or an AppError that says why not (AUTH_FAILED, TIMEOUT…). The caller
 * ends it; on failure nothing is left open.
 */
export async function connectClient(config: ConsoleClientConfig | string, options: ConnectOptions = {}): Promise<pg.Client> {
  const fallback = typeof config === 'string' ? undefined : config.sslFallback;
  let client = new ConsoleClient(config);
  try {
    try {
      await client.connect();
    } catch (error) {
      if (!fallback || !isFallbackCase(error, fallback)) throw error;
      // The server refused the first way (TLS, or plain): the second, as libpq does.
      await client.end().catch(() => undefined);
      const { sslFallback: _, ...rest } = config as ConsoleClientConfig;
      client = new ConsoleClient({ ...rest, ssl: fallback.ssl });
      await client.connect();
    }
    for (const sql of options.setup ?? []) await client.query(sql);
  } catch (error) {
    await client.end().catch(() => undefined);
    const ctx = options.context ?? (typeof config === 'string' ? {} : contextOf(config));
    throw classifyConnectError(error, { ...ctx, connecting: true });
  }
  return client;
}

/** Whether the client's session is encrypted (TLS). */
export function isEncrypted(client: pg.Client): boolean {
  return Boolean((client as unknown as { connection?: { stream?: { encrypted?: boolean } } }).connection?.stream?.encrypted);
}

/** Settings every long COPY job runs with: UTF-8 text, ISO dates, no JIT for small statements. */
export const JOB_SESSION_SETUP: readonly string[] = ["SET client_encoding = 'UTF8'", "SET DateStyle = 'ISO, YMD'", 'SET jit = off'];

/**
 * A failure met on an open connection, named for what happened (CONNECTION_LOST when the
 * server went away mid-way, TIMEOUT, READ_ONLY…) with the server named as `config` knows it.
 * Anything the classifier does not recognise (a bug) is returned as it is, for the log.
 */
export function failureOnConnection(error: unknown, config: pg.ClientConfig): unknown {
  const known = classifyConnectError(error, contextOf(config));
  return known.code === 'INTERNAL' ? error : known;
}

/**
 * Runs `work` on a connection of its own with no statement timeout: the long reads (verify-db
 * and its ranges, sealing, verifying seals) that stream a whole table. Cancelling ends the
 * connection, so whatever query or COPY is running fails at once (a COPY cannot be stopped
 * politely mid-stream) and the server drops the session; the work then rejects with the
 * signal's reason. Any other failure is named by {@link failureOnConnection}.
 */
export async function onOwnConnection<T>(
  config: pg.ClientConfig,
  signal: AbortSignal | undefined,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  signal?.throwIfAborted();
  const client = await connectClient({ ...config, statement_timeout: 0 });
  const onAbort = () => void client.end().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(client);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw failureOnConnection(error, config);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}
