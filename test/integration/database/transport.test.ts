import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runGovcon as govcon } from '../../support/cli';
import { createInitialisedDatabase, testServer, type TestDatabase } from '../../support/test-db';

/**
 * How govcon talks to the server, as an SRE sees it: SQL echo (DB_ECHO) on stderr, never in the
 * JSON on stdout; and an unencrypted session to another machine named in `health`.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createInitialisedDatabase('transport');
});
afterAll(async () => {
  await db?.drop();
});

describe('DB_ECHO=true', () => {
  it('writes SQL to stderr, and stdout keeps exactly the one JSON object', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      if (String(chunk).includes('SELECT')) out.push(String(chunk));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      if (String(chunk).includes('SELECT')) err.push(String(chunk));
      return true;
    });
    let run;
    try {
      run = await govcon(['health', '--json'], { env: { DATABASE_URL: db.url, DB_ECHO: 'true' } });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(/SELECT/);
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
const external = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe.skipIf(!external)('an unencrypted session to another machine', () => {
  let proxy: net.Server;
  let port = 0;
  beforeAll(async () => {
    // The test server reached through this machine's external address: not loopback to the console.
    const server = testServer();
    proxy = net.createServer((socket) => {
      const upstream = net.connect(server.port, server.host);
      socket.pipe(upstream).pipe(socket);
      const close = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve) => proxy.listen(0, external, resolve));
    port = (proxy.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
  });

  it('is named by govcon health (and sslmode=require is how to refuse it)', async () => {
    const u = new URL(db.url);
    u.hostname = external!;
    u.port = String(port);
    const run = await govcon(['health', '--url', u.toString(), '--json']);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tls: false, tls_mode: 'prefer', unencrypted_remote: true });
    const text = await govcon(['health', '--url', u.toString()]);
    expect(text.stdout).toMatch(/not encrypted/);
    expect(text.stdout).toMatch(/sslmode=require/);
    const local = await govcon(['health', '--url', db.url, '--json']);
    expect(JSON.parse(local.stdout)).toMatchObject({ unencrypted_remote: false });
  });
});
