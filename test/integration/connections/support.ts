import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedCluster, type ClusterOptions } from '../../../src-main/platform/embedded/cluster';
import { DEFAULT_APPLICATION_NAME } from '../../../src-main/shared/model/profile';
import { type ConnectionTarget } from '../../../src-main/platform/db/target';
import { AppError } from '../../../src-main/shared/errors';

/** A private embedded PostgreSQL for one test file: fast settings, removed on stop. */
export interface PrivateServer {
  cluster: EmbeddedCluster;
  port: number;
  dir: string;
  password: string;
  stop(): Promise<void>;
}

export async function startPrivateServer(
  options: Omit<ClusterOptions, 'dataDir'> & { prepare?: (cluster: EmbeddedCluster) => Promise<void> },
): Promise<PrivateServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-conn-pg-'));
  const { prepare, ...rest } = options;
  const cluster = new EmbeddedCluster({
    dataDir: dir,
    initdbFlags: ['--no-sync'],
    ...rest,
    settings: {
      fsync: 'off',
      full_page_writes: 'off',
      synchronous_commit: 'off',
      shared_buffers: '16MB',
      max_connections: 30,
      ...rest.settings,
    },
  });
  await cluster.initialise();
  await prepare?.(cluster);
  const { port } = await cluster.start();
  return {
    cluster,
    port,
    dir,
    password: options.password,
    async stop() {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function target(overrides: Partial<ConnectionTarget> = {}): ConnectionTarget {
  return {
    id: 'test',
    name: 'test',
    host: '127.0.0.1',
    port: 5432,
    database: 'postgres',
    user: 'postgres',
    tls: { mode: 'disable' },
    applicationName: DEFAULT_APPLICATION_NAME,
    statementTimeoutMs: 30_000,
    connectTimeoutMs: 5_000,
    readOnly: false,
    ...overrides,
  };
}

/** The AppError code a promise rejects with. */
export async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected an error, got success');
}

const sockets = new WeakMap<net.Server, Set<net.Socket>>();

/** Listens on a free port of 127.0.0.1 and tracks connections, so closeServer never waits on one. */
export async function listen(server: net.Server | http.Server): Promise<number> {
  const open = new Set<net.Socket>();
  sockets.set(server, open);
  server.on('connection', (s: net.Socket) => {
    open.add(s);
    s.once('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as net.AddressInfo).port;
}

export function closeServer(server: net.Server | http.Server): Promise<void> {
  for (const s of sockets.get(server) ?? []) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface Pki {
  dir: string;
  caFile: string;
  otherCaFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A CA, a server certificate for 127.0.0.1 only (IP SAN, no DNS name: "localhost" does not
 * match), a client certificate for `clientUser`, and an unrelated CA.
 */
export function makePki(clientUser: string): Pki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-pki-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const caExt = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=govcon test CA', ...caExt);
  openssl(
    dir,
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'other-ca.key',
    '-out',
    'other-ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=unrelated CA',
    ...caExt,
  );
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl(dir, 'req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  fs.writeFileSync(path.join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n');
  openssl(dir, 'req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', `/CN=${clientUser}`);
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.crt',
    '-days',
    '2',
    '-extfile',
    'client.ext',
  );
  const p = (f: string) => path.join(dir, f);
  return {
    dir,
    caFile: p('ca.crt'),
    otherCaFile: p('other-ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
  };
}
