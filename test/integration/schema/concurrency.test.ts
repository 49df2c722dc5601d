import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, type ConsoleMigration } from '../../../migrations';
import { initialise, migrationStatus } from '../../../src-main/schema/migrator';
import { MIGRATION_LOCK_KEYS } from '../../../src-main/schema/migration-lock';
import { inspectSchema } from '../../../src-main/schema/inspect';
import { listEvents } from '../../../src-main/schema/console-events';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { connect, HERE, OPERATOR, PROJECT_ROOT, relationExists, rows } from './support';

const NAMES = migrations.map((m) => m.name);

interface ChildResult {
  code: number | null;
  out: { ok: boolean; label: string; steps: string[]; applied?: string[]; stateBefore?: string; error?: string };
  stderr: string;
}

function runChild(url: string, label: string, onWaiting: () => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', path.join(HERE, 'concurrent-init.child.ts'), url, label], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let waiting = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('waiting\n') && !waiting) {
        waiting = true;
        onWaiting();
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, out: JSON.parse(stdout.trim().split('\n').pop() ?? ''), stderr });
      } catch {
        reject(new Error(`child ${label} printed no result (exit ${code}): ${stdout}\n${stderr}`));
      }
    });
  });
}

/** Holds the migration lock of a database from this process, like a console in mid-run. */
async function holdLock(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1::int, $2::int)', [...MIGRATION_LOCK_KEYS]);
  return client;
}

describe('two consoles initialising the same database at once', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('mig_race');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('serialises them: both succeed, each migration is applied and recorded once', async () => {
    // This process holds the lock until both children wait for it, so they really overlap.
    const holder = await holdLock(db.url);
    // A waiting console polls the lock (see withMigrationLock): each child says when it waits.
    let waiting = 0;
    const children = [runChild(db.url, 'console-a', () => (waiting += 1)), runChild(db.url, 'console-b', () => (waiting += 1))];
    try {
      const deadline = Date.now() + 30_000;
      while (waiting < 2) {
        if (Date.now() > deadline) throw new Error(`children did not reach the lock (waiting: ${waiting})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1::int, $2::int)', [...MIGRATION_LOCK_KEYS]);
      await holder.end();
    }
    const results = await Promise.all(children);

    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.out.ok).toBe(true);
      expect(r.out.steps[0]).toBe('waiting-for-lock');
    }
    const applied = results.map((r) => r.out.applied).sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0));
    expect(applied).toEqual([NAMES, []]);
    expect(results.map((r) => r.out.stateBefore).sort()).toEqual(['empty', 'managed']);

    const recorded = await rows<{ name: string }>(db.url, 'SELECT name FROM console_migrations ORDER BY name');
    expect(recorded.map((r) => r.name)).toEqual(NAMES);
    const events = await rows<{ action: string }>(db.url, 'SELECT action FROM console_events');
    expect(events).toEqual([{ action: 'database.initialise' }]);
    const admins = await rows(db.url, "SELECT 1 FROM users WHERE email = 'admin@honeybadgerlabs.io'");
    expect(admins).toHaveLength(1);
  });
});

describe('waiting for another console', () => {
  let db: TestDatabase;
  let sequelize: Sequelize;
  beforeAll(async () => {
    db = await createTestDatabase('mig_wait');
    sequelize = connect(db.url);
  });
  afterAll(async () => {
    await sequelize?.close();
    await db?.drop();
  });

  it('gives up with TIMEOUT when the lock is held too long, having changed nothing', async () => {
    const holder = await holdLock(db.url);
    try {
      const steps: string[] = [];
      await expect(
        initialise(sequelize, { operator: OPERATOR, lockTimeoutMs: 300, onProgress: (p) => steps.push(p.step) }),
      ).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(steps).toEqual(['waiting-for-lock']);
      expect(await relationExists(db.url, 'console_migrations')).toBe(false);
    } finally {
      await holder.end();
    }
    // The pooled connection that waited is usable again and the lock is free.
    expect((await initialise(sequelize, { operator: OPERATOR })).applied).toEqual(NAMES);
  });
});

describe('a migration that fails half-way', () => {
  let db: TestDatabase;
  let sequelize: Sequelize;
  beforeAll(async () => {
    db = await createTestDatabase('mig_fail');
    sequelize = connect(db.url);
  });
  afterAll(async () => {
    await sequelize?.close();
    await db?.drop();
  });

  /** Creates a table, fills it, alters a service table (when there is one), then fails. */
  const broken: ConsoleMigration = {
    name: '20991231T000000-broken',
    up: async ({ context: { sequelize: s, transaction } }) => {
      await s.query('CREATE TABLE broken_probe (id int PRIMARY KEY)', { transaction });
      await s.query('INSERT INTO broken_probe VALUES (1)', { transaction });
      await s.query(
        "DO $$ BEGIN IF to_regclass('users') IS NOT NULL THEN ALTER TABLE users ADD COLUMN broken_flag boolean; END IF; END $$",
        { transaction },
      );
      await s.query('SELECT 1 / 0', { transaction });
    },
    down: async () => undefined,
  };

  it('leaves no trace when it is the first one: not even the bookkeeping table', async () => {
    const error = await initialise(sequelize, { operator: OPERATOR, migrations: [broken] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
    expect((error as Error).message).toMatch(/^Migration 20991231T000000-broken failed and was rolled back: division by zero/);
    const d = await inspectSchema(sequelize);
    expect(d.tables).toEqual({});
  });

  it('keeps the migrations before it, and leaves no trace of itself', async () => {
    const list = [...migrations, broken];
    const error = await initialise(sequelize, { operator: OPERATOR, migrations: list }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
    expect((error as Error).message).toContain(`applied before it: ${NAMES.join(', ')}`);

    expect(await relationExists(db.url, 'broken_probe')).toBe(false);
    const columns = (await inspectSchema(sequelize)).tables.users!.columns.map((c) => c.name);
    expect(columns).not.toContain('broken_flag');
    expect(await migrationStatus(sequelize, { migrations: list })).toMatchObject({
      state: 'managed',
      applied: NAMES,
      pending: [broken.name],
    });

    // The failed run is in the console's event log, with what it did apply.
    const events = await listEvents(sequelize);
    expect(events.map((e) => [e.action, e.after])).toEqual([
      ['database.initialise.failed', { adopted: null, applied: NAMES, failed: broken.name, error: 'division by zero' }],
    ]);

    // Fixed, the migration applies on the next run.
    const fixed: ConsoleMigration = { ...broken, up: async () => undefined };
    const next = await initialise(sequelize, { operator: OPERATOR, migrations: [...migrations, fixed] });
    expect(next).toMatchObject({ stateBefore: 'managed', applied: [broken.name] });
    expect((await listEvents(sequelize))[0]).toMatchObject({ action: 'database.migrate', after: { applied: [broken.name] } });
  });
});
