import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import type { ChannelName } from '../../../src-main/shared/contract';
import { recordFigure } from '../../support/figures';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';
import { startRuntime, type RuntimeHarness } from '../runtime/support';

/**
 * Load (docs/reliability.md): 200 IPC calls of mixed kinds in flight at once, through the
 * router as the window sends them, against the pool the service's settings give (20 + 10
 * overflow = 30) and against a pool of 2. Every call must complete: a call waiting for a free
 * connection queues within DB_POOL_TIMEOUT; it never reaches the user as an error.
 */

const CALLS = 200;
const OPERATOR = { name: 'Load Tests', email: 'load@example.test' };

/** The calls a busy window makes, reads and writes mixed; index i picks one. */
function mixedCall(i: number): [ChannelName, unknown] {
  const kinds: [ChannelName, unknown][] = [
    ['audit/list', { filter: i % 2 ? 'mode:execute' : '', limit: 50 }],
    ['audit/count', { filter: 'outcome:failure', exact: true }],
    ['users/list', { limit: 50 }],
    ['keys/list', {}],
    ['executions/list', { limit: 50 }],
    ['metrics/names', {}],
    ['dashboard/success-rate', {}],
    ['dashboard/recent', {}],
    ['dashboard/integrity', {}],
    ['users/dormant', {}],
    ['db/status', {}],
    ['users/create', { email: `load.${i}@example.test`, name: `Load ${i}`, role: 'user' }],
  ];
  return kinds[i % kinds.length]!;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function burst(h: RuntimeHarness, offset: number) {
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: CALLS }, async (_, i) => {
      const [channel, input] = mixedCall(i + offset);
      const t0 = performance.now();
      const envelope = await h.dispatch(channel, input);
      return { channel, envelope, ms: performance.now() - t0 };
    }),
  );
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    failed: results.filter((r) => !r.envelope.ok).map((r) => `${r.channel}: ${JSON.stringify(r.envelope)}`),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    wallMs: Date.now() - started,
  };
}

let db: TestDatabase;
let createdBefore = 0;
beforeAll(async () => {
  db = await createInitialisedDatabase('load_ipc', OPERATOR);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await generateDemoData(client, { rows: 20_000, seed: 7 });
  } finally {
    await client.end();
  }
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('200 concurrent IPC calls', () => {
  for (const pool of [
    { size: 20, overflow: 10 },
    { size: 2, overflow: 0 },
  ]) {
    const connections = pool.size + pool.overflow;
    it(`all complete against a pool of ${connections}, none failing for want of a connection`, async () => {
      const h = startRuntime({
        env: { DATABASE_URL: db.url, DB_POOL_SIZE: String(pool.size), DB_POOL_MAX_OVERFLOW: String(pool.overflow) },
      });
      try {
        await h.runtime.start();
        const result = await burst(h, connections * 1000);
        expect(result.failed).toEqual([]);
        expect(h.internal).toEqual([]);
        // Every write of the burst is there once (users/create is every twelfth call).
        const created = Array.from({ length: CALLS }, (_, i) => mixedCall(i + connections * 1000)[0]).filter((c) => c === 'users/create');
        const [row] = await sql<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM users WHERE email LIKE $1', [`load.%@example.test`]);
        expect(row!.n).toBe(createdBefore + created.length);
        createdBefore = row!.n;
        recordFigure(`load-ipc-pool-${connections}`, {
          what: `Concurrent IPC calls of 12 kinds (reads and user creations) against a pool of ${connections}`,
          inputs: CALLS,
          failures: result.failed.length,
          detail: `p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, all ${CALLS} in ${result.wallMs} ms`,
        });
      } finally {
        await h.close();
      }
    }, 120_000);
  }
});
