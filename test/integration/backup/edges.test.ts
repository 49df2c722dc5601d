import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../src-main/domains/backup/backup';
import { restoreBackup } from '../../../src-main/domains/backup/restore';
import { BACKUP_FORMAT, BackupWriter } from '../../../src-main/integrity/backup-v1';
import { readBackup } from '../../../src-main/domains/backup/verify';
import { runGovcon } from '../../support/cli';
import { migrations } from '../../../migrations';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { initialise } from '../../../src-main/schema/migrator';
import { relations } from './support';
import { createInitialisedDatabase, createTestDatabase, query, TEST_OPERATOR, type TestDatabase } from '../../support/test-db';

/**
 * Backup and restore at their edges: a backup reads every table in one snapshot (rows inserted
 * while it runs, between its tables, are in none of them); a cancelled backup leaves neither
 * FILE nor FILE.tmp; a backup of an older schema restores at its own migration; a file changed
 * between restore's two reads is caught and rolled back; a backup made by a newer console is
 * refused before anything is written.
 */
let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createInitialisedDatabase('backup_snapshot');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-backup-snap-'));
  expect((await runGovcon(['demo', '--rows', '300', '--url', db.url])).code).toBe(0);
});

afterAll(async () => {
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const count = async (table: string) => Number((await query<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM ${table}`)).rows[0]!.n);

const insertAuditRow = () =>
  query(
    db.url,
    `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
     VALUES (uuid_generate_v4(), 'during the backup', 'draft', 'w', 'success', repeat('0', 64))`,
  );

describe('backup', () => {
  it('holds the rows of one snapshot: rows inserted while it runs are not in it', async () => {
    const before = { audit: await count('audit_logs'), users: await count('users') };
    const out = path.join(dir, 'snapshot.gcb');
    let inserted = 0;
    const result = await backupDatabase({ connectionString: db.url }, out, {
      consoleVersion: 'test',
      operator: 'Test',
      // After each table, before the next one is read: a row in audit_logs, committed by another session.
      progress: async () => {
        await insertAuditRow();
        inserted++;
      },
    });
    expect(inserted).toBe(result.header.tables.length);
    expect(await count('audit_logs')).toBe(before.audit + inserted);
    const manifest = new Map(result.trailer.manifest.map((m) => [m.table, m.rows]));
    expect(manifest.get('audit_logs')).toBe(before.audit);
    expect(manifest.get('users')).toBe(before.users);
    expect((await readBackup(out)).fault).toBeNull();
  });

  it('cancelled, leaves neither the file nor FILE.tmp', async () => {
    const out = path.join(dir, 'cancelled.gcb');
    const controller = new AbortController();
    const running = backupDatabase({ connectionString: db.url }, out, {
      consoleVersion: 'test',
      operator: 'Test',
      signal: controller.signal,
      progress: () => controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.tmp`)).toBe(false);
  });
});

describe('a backup of an older schema', () => {
  it('restores at its own migration, and migrate up brings it up to date', async () => {
    const older = await createTestDatabase('backup_older');
    const target = await createTestDatabase('backup_older_target');
    try {
      const to = migrations[4]!.name;
      const sequelize = createSequelize({ url: older.url, pool: { size: 2, maxOverflow: 0 } });
      try {
        await initialise(sequelize, { operator: TEST_OPERATOR, to });
      } finally {
        await sequelize.close();
      }
      const out = path.join(dir, 'older.gcb');
      expect((await runGovcon(['backup', '--url', older.url, '--out', out])).code).toBe(0);
      const restored = await runGovcon(['restore', out, '--url', target.url, '--json']);
      expect(restored.code, restored.stdout).toBe(0);
      const status = JSON.parse((await runGovcon(['migrate', 'status', '--url', target.url, '--json'])).stdout) as {
        applied: string[];
        pending: string[];
      };
      expect(status.applied.at(-1)).toBe(to);
      expect(status.pending).toEqual(migrations.slice(5).map((m) => m.name));
      expect((await runGovcon(['migrate', 'up', '--url', target.url])).code).toBe(0);
      expect((await runGovcon(['migrate', 'status', '--url', target.url])).code).toBe(0);
    } finally {
      await older.drop();
      await target.drop();
    }
  });
});

describe('a backup file changed during the restore', () => {
  it('is caught by the second read, and everything is rolled back', async () => {
    const big = await createInitialisedDatabase('backup_changing');
    const target = await createTestDatabase('backup_changing_target');
    try {
      expect((await runGovcon(['demo', '--rows', '12000', '--url', big.url])).code).toBe(0);
      const out = path.join(dir, 'changing.gcb');
      expect((await runGovcon(['backup', '--url', big.url, '--out', out])).code).toBe(0);
      const size = fs.statSync(out).size;
      expect(size).toBeGreaterThan(4 * 1024 * 1024);
      const sequelize = createSequelize({ url: target.url, pool: { size: 2, maxOverflow: 0 } });
      let changed = false;
      try {
        const running = restoreBackup(
          out,
          { config: { connectionString: target.url }, sequelize },
          {
            force: false,
            operator: TEST_OPERATOR,
            // After the first section of the second read: one byte near the end of the file changes.
            progress: () => {
              if (changed) return;
              changed = true;
              const fd = fs.openSync(out, 'r+');
              const at = size - 200_000;
              const byte = Buffer.alloc(1);
              fs.readSync(fd, byte, 0, 1, at);
              byte[0] = byte[0] === 0x30 ? 0x31 : 0x30;
              fs.writeSync(fd, byte, 0, 1, at);
              fs.closeSync(fd);
            },
          },
        );
        await expect(running).rejects.toThrow(/changed while it was restored.*rolled back/s);
      } finally {
        await sequelize.close();
      }
      expect(changed).toBe(true);
      expect(await relations(target.url)).toEqual([]);
    } finally {
      await big.drop();
      await target.drop();
    }
  });
});

describe('a backup made by a newer console', () => {
  it('is refused before anything is written', async () => {
    const w = new BackupWriter({
      format: BACKUP_FORMAT,
      backup_id: 'e'.repeat(32),
      snapshot_at: '2026-12-01T10:00:00.000000Z',
      console_version: '99.0.0',
      operator: 'Future',
      source: { server: 'x:5432', database: 'x', server_version: '19.0', server_version_num: 190000 },
      session: {},
      migrations: [...migrations.map((m) => m.name), '20991231T000000-from-the-future'],
      tables: [{ name: 'users', columns: [{ name: 'id', type: 'uuid' }] }],
      sequences: [],
    });
    const parts = [w.headerLine, w.startSection('users'), w.endSection()];
    parts.push(w.trailer(1, '2026-12-01T10:00:01.000Z').bytes);
    const out = path.join(dir, 'future.gcb');
    fs.writeFileSync(out, Buffer.concat(parts));
    const target = await createTestDatabase('backup_future');
    try {
      const run = await runGovcon(['restore', out, '--url', target.url, '--json']);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'VALIDATION', message: expect.stringMatching(/newer console/) } });
      expect(await relations(target.url)).toEqual([]);
    } finally {
      await target.drop();
    }
  });
});

describe('FILE.tmp of another backup', () => {
  it('is neither overwritten nor removed', async () => {
    const out = path.join(dir, 'busy.gcb');
    fs.writeFileSync(`${out}.tmp`, 'another backup is writing this');
    const run = await runGovcon(['backup', '--url', db.url, '--out', out, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringMatching(/busy\.gcb\.tmp exists/) } });
    expect(fs.readFileSync(`${out}.tmp`, 'utf8')).toBe('another backup is writing this');
    expect(fs.existsSync(out)).toBe(false);
  });
});
