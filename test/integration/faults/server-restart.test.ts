import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import { writeSampleLog } from '../../../src-main/domains/demo/sample-log';
import { importJsonlFile } from '../../../src-main/domains/import/import-file';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { ConnectionManager } from '../../../src-main/platform/db/connection-manager';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { EmbeddedWorkspace, type WorkspaceStart } from '../../../src-main/platform/embedded/workspace';
import { MemorySecretStore } from '../../../src-main/platform/secrets/secret-store';
import type { ConsoleMigration } from '../../../migrations/types';
import { initialise, migrateUp, migrationStatus } from '../../../src-main/schema/migrator';
import type { AppError } from '../../../src-main/shared/errors';
import { recordFigure } from '../../support/figures';

/**
 * Faults (docs/reliability.md): PostgreSQL stopped, or killed with SIGKILL, in the middle of a
 * verification, an import, a migration and ordinary pool use, then started again. Against a
 * private embedded PostgreSQL this file starts in a folder of its own, never the shared server.
 */

const OPERATOR = { name: 'Fault Tests', email: 'faults@example.test' };
const ROWS = 150_000;
let dir: string;
let ws: EmbeddedWorkspace;
let server: WorkspaceStart;
const faults: string[] = [];

const config = (): pg.ClientConfig => ({
  host: '127.0.0.1',
  port: server.port,
  user: server.target.user,
  password: server.password,
  database: server.target.database,
});

/** Stops the server (fast shutdown: sessions get 57P01) or kills it (SIGKILL: sessions are cut). */
async function bringDown(how: 'stop' | 'kill'): Promise<void> {
  faults.push(how);
  if (how === 'stop') await ws.stop();
  else {
    process.kill(server.pid, 'SIGKILL');
    await ws.stop().catch(() => undefined); // forget the dead process; its folder stays as the crash left it
  }
}

async function bringUp(): Promise<void> {
  server = await ws.start();
}

async function rows(sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client(config());
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** Runs `work`, bringing the server down once `progress` passes `at` of `total`; the error it ends with. */
async function interrupted(
  how: 'stop' | 'kill',
  work: (progress: (done: number, total?: number | null) => void) => Promise<unknown>,
  at = 0.3,
): Promise<AppError> {
  let down: Promise<void> | undefined;
  const progress = (done: number, total?: number | null) => {
    if (!down && total && done >= total * at) down = bringDown(how);
  };
  const outcome = await work(progress).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await down;
  expect(down, 'the server was brought down during the work').toBeDefined();
  expect('error' in outcome, `the work ended without an error: ${JSON.stringify(outcome)}`).toBe(true);
  await bringUp();
  return (outcome as { error: AppError }).error;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-faults-'));
  ws = new EmbeddedWorkspace({ dataDir: dir, secrets: new MemorySecretStore() });
  await bringUp();
  const s = createSequelize({ url: urlOf(), pool: { size: 2, maxOverflow: 0 } });
  try {
    await initialise(s, { operator: OPERATOR });
  } finally {
    await s.close();
  }
  const client = new pg.Client(config());
  await client.connect();
  try {
    await generateDemoData(client, { rows: ROWS, seed: 12 });
  } finally {
    await client.end();
  }
}, 240_000);

afterAll(async () => {
  await ws?.stop().catch(() => undefined);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function urlOf(): string {
  return `postgresql://${server.target.user}:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/${server.target.database}`;
}

describe('PostgreSQL stopped or killed mid-way, then started again', () => {
  for (const how of ['stop', 'kill'] as const) {
    it(`a verification fails with CONNECTION_LOST (${how}), never reporting rows it did not read; once up, it passes`, async () => {
      const error = await interrupted(how, (progress) => verifyDatabase(config(), { progress }));
      expect(error.code, error.message).toBe('CONNECTION_LOST');
      expect(error.message).toMatch(/lost while in use/);
      const again = await verifyDatabase(config());
      expect(again).toMatchObject({ total: ROWS, ok: ROWS, tampered: 0, unverifiable: 0 });
    }, 120_000);
  }

  it('an import fails with CONNECTION_LOST; run again, it completes the set exactly, and the cut run says interrupted', async () => {
    const file = path.join(dir, 'service.jsonl');
    const { lines } = await writeSampleLog(file, { lines: 60_000, seed: 3 });
    const before = Number((await rows('SELECT count(*) AS n FROM audit_logs'))[0]!.n);
    const error = await interrupted('kill', (progress) =>
      importJsonlFile(config(), file, { operator: OPERATOR, batchSize: 2_000, progress }),
    );
    expect(error.code, error.message).toBe('CONNECTION_LOST');
    const rest = await importJsonlFile(config(), file, { operator: OPERATOR, batchSize: 2_000 });
    expect(rest.imported + rest.already_present).toBe(lines);
    expect(rest).toMatchObject({ total: lines, duplicates: 0, rejected_total: 0 });
    expect(Number((await rows('SELECT count(*) AS n FROM audit_logs'))[0]!.n)).toBe(before + lines);
    const runs = await rows('SELECT status, count(*)::int AS n FROM console_import_files GROUP BY 1 ORDER BY 1');
    expect(runs).toEqual([
      { status: 'completed', n: 1 },
      { status: 'interrupted', n: 1 },
    ]);
    expect(await verifyDatabase(config())).toMatchObject({ tampered: 0, unverifiable: 0, total: before + lines });
  }, 180_000);

  it('a migration cut mid-way is rolled back: nothing of it stays, and it applies on the next run', async () => {
    const slow: ConsoleMigration = {
      name: '20991231T000000-fault-probe',
      up: async ({ context: { sequelize, transaction } }) => {
        await sequelize.query('CREATE TABLE fault_probe (id int)', { transaction });
        await sequelize.query('SELECT pg_sleep(3)', { transaction });
      },
      down: async ({ context: { sequelize, transaction } }) => {
        await sequelize.query('DROP TABLE fault_probe', { transaction });
      },
    };
    const list = { migrations: [...migrations, slow] };
    const s = createSequelize({ url: urlOf(), pool: { size: 2, maxOverflow: 0 } });
    try {
      const run = migrateUp(s, { ...list, operator: OPERATOR }).then(
        () => null,
        (e: AppError) => e,
      );
      // Down while the probe's transaction sleeps, its table created but not committed.
      for (let i = 0; i < 100; i++) {
        const sleeping = await rows("SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(3)'");
        if (sleeping.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await bringDown('kill');
      const error = await run;
      expect(error, 'the migration run failed').not.toBeNull();
      expect(['CONNECTION_LOST', 'MIGRATION_FAILED']).toContain(error!.code);
      await bringUp();
    } finally {
      await s.close().catch(() => undefined);
    }
    const after = createSequelize({ url: urlOf(), pool: { size: 2, maxOverflow: 0 } });
    try {
      expect((await migrationStatus(after, list)).pending).toEqual([slow.name]);
      expect(await rows("SELECT to_regclass('fault_probe') AS t")).toEqual([{ t: null }]);
      expect((await migrateUp(after, { ...list, operator: OPERATOR })).applied).toEqual([slow.name]);
      expect(await rows("SELECT to_regclass('fault_probe')::text AS t")).toEqual([{ t: 'fault_probe' }]);
    } finally {
      await after.close();
    }
  }, 120_000);

  it('the pool recovers by itself: the app keeps its connection object across a restart', async () => {
    const manager = new ConnectionManager({ pool: { size: 3, maxOverflow: 0 } });
    try {
      const active = await manager.connect(server.target, server.password);
      const count = () => active.sequelize.query<{ n: number }>('SELECT 1 AS n', { type: QueryTypes.SELECT, plain: true });
      await Promise.all([count(), count(), count()]); // three pooled connections, then idle
      await bringDown('stop');
      await expect(count()).rejects.toBeDefined();
      await bringUp();
      // The pooled connections died with the server; new ones are made on demand.
      const results = await Promise.all([count(), count(), count(), count()]);
      expect(results.map((r) => r?.n)).toEqual([1, 1, 1, 1]);
    } finally {
      await manager.closeAll();
    }
    recordFigure('server-restarts-survived', {
      what: 'PostgreSQL stopped (fast shutdown) or killed (SIGKILL) during a verification, an import, a migration and pool use',
      inputs: faults.length,
      failures: 0,
      detail: `${faults.filter((f) => f === 'stop').length} stops, ${faults.filter((f) => f === 'kill').length} kills; data lost: 0 rows; every interrupted job failed as such and the rerun completed`,
    });
  }, 60_000);
});
