import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';

/**
 * Ports and server processes: whether a port is free, whether a PID is a live PostgreSQL,
 * what a cluster's postmaster.pid says, and how to stop a postmaster we did not start.
 */

const execFileAsync = promisify(execFile);
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
