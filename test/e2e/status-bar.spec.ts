import net from 'node:net';
import os from 'node:os';
import { test, expect } from './fixtures';

/** This machine's external IPv4 address, if it has one: connecting through it is not loopback. */
const external = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

test.skip(!external, 'no non-loopback IPv4 address on this machine');

test('an unencrypted connection to another machine is shown in the status bar; a loopback one is not', async ({ app, host }) => {
  await expect(app.getByTestId('active-connection')).toContainText(host.database!);
  await expect(app.getByTestId('unencrypted-warning')).toHaveCount(0);

  // The test server, reached through this machine's external address.
  const target = new URL(host.databaseUrl!);
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((socket) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => proxy.listen(0, external, resolve));
  try {
    const port = (proxy.address() as net.AddressInfo).port;
    await app.evaluate(
      async ({ host: h, port: p, database, user, password }) => {
        const bridge = (
          globalThis as unknown as {
            governance: { channels: Record<string, (i: unknown) => Promise<{ ok: boolean; value: { id: string } }>> };
          }
        ).governance.channels;
        const created = await bridge['profiles/create']!({
          profile: { name: 'Remote plain', host: h, port: p, database, user, tls: { mode: 'prefer' }, environment: { name: 'staging' } },
          ...(password ? { password } : {}),
        });
        await bridge['connection/connect']!({ id: created.value.id });
      },
      {
        host: external!,
        port,
        database: host.database!,
        user: decodeURIComponent(target.username) || 'postgres',
        password: target.password ? decodeURIComponent(target.password) : null,
      },
    );
    await expect(app.getByTestId('active-connection')).toContainText(`${external}:${port}`);
    const warning = app.getByTestId('unencrypted-warning');
    await expect(warning).toHaveText('not encrypted');
    await expect(warning).toHaveAttribute('title', /TLS mode prefer.*require/);
  } finally {
    // The pool's idle sessions would hold close() for their idle timeout: cut them.
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => proxy.close(resolve));
  }
});
