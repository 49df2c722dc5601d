import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { testConnection } from '../../../src-main/platform/db/connection-manager';
import type { AppError } from '../../../src-main/shared/errors';
import { errorOf, target } from '../connections/support';
import { recordFigure } from '../../support/figures';
import { createInitialisedDatabase, testServer, type TestDatabase } from '../../support/test-db';

/**
 * Faults (docs/reliability.md): the network between the console and PostgreSQL stalls or cuts,
 * through a loopback proxy this test controls. Timeouts fire, errors say what happened, nothing
 * hangs, and a cancel ends the work.
 */

type Mode = 'forward' | 'stall' | 'cut';

/** A TCP proxy to the test server whose behaviour can be changed at any moment. */
class FaultyProxy {
  mode: Mode = 'forward';
  /** Cut (or stall) once this many bytes have come back from the server; Infinity: never. */
  afterBytes = Infinity;
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    if (this.mode === 'stall') return; // accepted, never answered
    const { host, port } = testServer();
    const upstream = net.connect(port, host);
    this.sockets.add(upstream);
    upstream.on('error', () => undefined);
    let back = 0;
    client.on('data', (d) => this.mode === 'forward' && upstream.write(d));
    upstream.on('data', (d) => {
      back += d.length;
      if (back > this.afterBytes && this.mode === 'forward') this.mode = this.nextMode;
      if (this.mode === 'cut') {
        client.destroy();
        upstream.destroy();
      } else if (this.mode === 'forward') client.write(d);
      // stall: bytes dropped on the floor, both sockets kept open
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** What `afterBytes` turns the proxy into. */
  nextMode: Mode = 'cut';

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let db: TestDatabase;
let proxy: FaultyProxy;
const tried: string[] = [];
const viaProxy = (): pg.ClientConfig => {
  const server = testServer();
  return { host: '127.0.0.1', port: proxy.port, user: server.user, password: server.password, database: db.name };
};

beforeAll(async () => {
  db = await createInitialisedDatabase('faults_network', { name: 'Fault Tests', email: null });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await generateDemoData(client, { rows: 50_000, seed: 9 });
  } finally {
    await client.end();
  }
  proxy = new FaultyProxy();
  await proxy.start();
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await db?.drop();
});

describe('a network that stalls or cuts', () => {
  it('a server that accepts and never answers: the connect timeout fires with TIMEOUT', async () => {
    proxy.mode = 'stall';
    const error = await errorOf(
      testConnection(target({ port: proxy.port, database: db.name, user: testServer().user, connectTimeoutMs: 500 })),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/did not answer in time/);
    tried.push('stalled connect');
  });

  it('cut in the middle of a verification: CONNECTION_LOST, no verdict on rows it did not read', async () => {
    proxy.mode = 'forward';
    proxy.nextMode = 'cut';
    proxy.afterBytes = 2_000_000; // well into the COPY of the rows
    const error = (await verifyDatabase(viaProxy()).catch((e: unknown) => e)) as AppError;
    expect(error.code, String(error)).toBe('CONNECTION_LOST');
    tried.push('cut mid-verification');
  });

  it('stalled in the middle of a verification: Cancel ends it at once', async () => {
    proxy.mode = 'forward';
    proxy.nextMode = 'stall';
    proxy.afterBytes = 2_000_000;
    const controller = new AbortController();
    const run = verifyDatabase(viaProxy(), { signal: controller.signal }).catch((e: unknown) => e);
    // Wait until the proxy has stalled (no bytes arrive any more), then cancel.
    const stalled = () => (proxy.mode as Mode) === 'stall'; // the proxy changes it from its socket handlers
    for (let i = 0; i < 200 && !stalled(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(stalled()).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    controller.abort(new DOMException('cancelled by the test', 'AbortError'));
    const error = (await run) as Error;
    expect(error.name).toBe('AbortError');
    tried.push('stalled mid-verification, cancelled');
    recordFigure('network-faults', {
      what: 'A loopback proxy that stalls a connect, cuts a verification mid-COPY, and stalls one until it is cancelled',
      inputs: tried.length,
      failures: 0,
      detail: 'TIMEOUT on the stalled connect, CONNECTION_LOST on the cut, the stalled verification ended by Cancel; nothing hung',
    });
  }, 60_000);
});
