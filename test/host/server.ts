/**
 * The browser-test host: the real main-process runtime (same handlers, same validation,
 * same router) served to the built renderer over loopback HTTP, protected by a random token.
 *
 *   node --import tsx test/host/server.ts [--database fresh|none] [--database-url URL]
 *
 * Prints one JSON line {url, token, database, filesDir…} on stdout when ready; on SIGTERM/SIGINT
 * it closes the runtime and drops the database it created.
 *
 * It stands in for the shell's file handling too: the "open file" dialog answers with the path a
 * test set through POST /__test/dialog (once; null, as if cancelled, when none was set), and a
 * file dropped on the window resolves to that name in `filesDir` (see bridge-script.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { createRuntime } from '../../src-main/runtime';
import { quoteIdentifier } from '../../src-main/platform/db/sql/identifier';
import { MemorySecretStore } from '../../src-main/platform/secrets/secret-store';
import type { AppEvent } from '../../src-main/shared/contract';
import { findAdminServer } from '../support/admin-url';
import { bridgeScript } from './bridge-script';

const RENDERER_DIR = path.resolve('out/renderer');
/**
 * The largest request body read (4 MiB: the largest valid call, a bulk action on 10,000 users
 * or 100,000 characters of metadata, is well under 1 MiB). Beyond it the host answers 413 and
 * stops reading, instead of buffering whatever a page sends.
 */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const mode = process.argv.includes('--database') ? process.argv[process.argv.indexOf('--database') + 1] : 'fresh';
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_DIR}: run "npx electron-vite build" first.`);
  }
  const admin = await findAdminServer();
  let databaseUrl: string | undefined;
  let databaseName: string | undefined;
  // An existing database (the shared demo database of the browser tests): used, never dropped.
  const given = process.argv.includes('--database-url') ? process.argv[process.argv.indexOf('--database-url') + 1] : undefined;
  if (given) databaseUrl = given;
  else if (mode === 'fresh') {
    databaseName = `gce_${crypto.randomBytes(5).toString('hex')}`;
    await withAdmin(admin.url, (c) => c.query(`CREATE DATABASE ${quoteIdentifier(databaseName!)}`));
    const u = new URL(admin.url);
    u.pathname = `/${databaseName}`;
    databaseUrl = u.toString();
  }

  const token = crypto.randomBytes(32).toString('hex');
  const streams = new Set<http.ServerResponse>();
  const emit = (event: AppEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    streams.forEach((s) => s.write(frame));
  };
  let origin = '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-host-'));
  const filesDir = path.join(dataDir, 'files');
  fs.mkdirSync(filesDir);
  let dialogAnswer: string | null = null;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const runtime = createRuntime({
    shell: 'test-host',
    version: '0.0.0-test',
    dataDir,
    secrets: new MemorySecretStore(),
    env,
    embeddedDefault: false,
    emit,
    // The sender check: only the page this host serves (its exact origin) may call.
    isTrustedSender: (sender) => sender.url === origin,
    dialog: {
      async openFile() {
        const answer = dialogAnswer;
        dialogAnswer = null;
        return answer;
      },
    },
  });
  await runtime.start();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Loopback only, and only under our own host name (no DNS-rebinding tricks).
    const remote = req.socket.remoteAddress ?? '';
    if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote) || req.headers.host !== new URL(origin).host) {
      res.writeHead(403).end();
      return;
    }
    if (url.pathname.startsWith('/rpc/') && req.method === 'POST') {
      if (!sameToken(req.headers['x-govcon-token'] as string | undefined, token)) {
        res.writeHead(401).end();
        return;
      }
      // Over the limit: the 413 goes out at once and nothing is kept; the rest of the body is read
      // and dropped (up to a hard cap, beyond which the connection is cut) before the answer ends
      // and the connection closes: a server that closes while the client is still sending makes
      // the client see a reset instead of the answer.
      const chunks: Buffer[] = [];
      let refused = false;
      const tooLarge = () => {
        if (refused) return;
        refused = true;
        chunks.length = 0;
        res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
        res.write(`Request body over ${MAX_BODY_BYTES} bytes.`);
      };
      let received = 0;
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) tooLarge();
      req.on('data', (c: Buffer) => {
        received += c.length;
        if (received > 16 * MAX_BODY_BYTES) req.destroy();
        if (received > MAX_BODY_BYTES) tooLarge();
        if (!refused) chunks.push(c);
      });
      req.on('end', () => {
        if (refused) res.end();
      });
      req.on('end', () => {
        if (res.headersSent) return;
        let input: unknown;
        try {
          input = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        } catch {
          input = Symbol('unparseable');
        }
        const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
        void runtime.router.dispatch(channel, input, { url: req.headers.origin ?? '' }).then((envelope) => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope));
        });
      });
      return;
    }
    if (url.pathname === '/events') {
      if (!sameToken(url.searchParams.get('token'), token)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname === '/__test/dialog' && req.method === 'POST') {
      if (!sameToken(req.headers['x-govcon-token'] as string | undefined, token)) {
        res.writeHead(401).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { path: answer } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { path: string | null };
        dialogAnswer = answer;
        res.writeHead(204).end();
      });
      return;
    }
    if (url.pathname === '/__test/bridge.js') {
      if (!sameToken(url.searchParams.get('token'), token)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bridgeScript(token, filesDir));
      return;
    }
    const file = path.join(RENDERER_DIR, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(RENDERER_DIR + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    streams.forEach((s) => s.end());
    server.close();
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseName) {
      await withAdmin(admin.url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName!)} WITH (FORCE)`)).catch(
        () => undefined,
      );
    }
    await admin.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop()); // the parent went away

  process.stdout.write(
    `${JSON.stringify({ url: origin, token, database: databaseName ?? null, databaseUrl: databaseUrl ?? null, adminUrl: admin.url, filesDir })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`test host failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
