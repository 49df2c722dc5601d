import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleLog } from '../../../src-main/domains/demo/sample-log';
import { BackupReader, BackupWriter } from '../../../src-main/integrity/backup-v1';
import { runGovcon } from '../../support/cli';
import { recordFigure } from '../../support/figures';
import { createInitialisedDatabase, createTestDatabase, query, type TestDatabase } from '../../support/test-db';
import { contents, govconJson, relations, schemaOf, serverMajor, startEmbedded18, type SecondServer } from './support';

/**
 * Backup and restore (docs/formats.md "Backups", docs/cli.md): a governance database on the
 * test server (PostgreSQL 15 here) with users, keys, audit entries, executions, metrics, an
 * import with its custody and the console's events is backed up, restored into the embedded
 * PostgreSQL 18 the project ships, backed up there and restored into 15 again: each time
 * verify-db (db-v1) passes and every table equals the original row for row. A changed byte, a
 * cut and a splice are refused by `backup verify` and by `restore` with nothing written; a
 * non-empty target is refused unless --force.
 */

let dir: string;
let source: TestDatabase;
let pg18: SecondServer;
const own: TestDatabase[] = [];
let original: Record<string, string[]>;
let backup15: string;

/** Where a table's section starts: its start line is the only one with `"table":…,"previous":`. */
function sectionStart(bytes: Buffer, table: string): number {
  const at = bytes.indexOf(`,"table":"${table}","previous":"`);
  if (at === -1) throw new Error(`no section for ${table}`);
  return bytes.lastIndexOf('\n\\.S {', at) + 1;
}

async function emptyDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  own.push(db);
  return db;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-backup-test-'));
  source = await createInitialisedDatabase('backup_src');
  own.push(source);
  expect((await runGovcon(['demo', '--rows', '3000', '--url', source.url])).code).toBe(0);
  const log = path.join(dir, 'audit.jsonl');
  await writeSampleLog(log, { lines: 200, seed: 7 });
  expect((await runGovcon(['import-jsonl', log, '--url', source.url])).code).toBe(0);
  original = await contents(source.url);
  backup15 = path.join(dir, 'source.gcb');
  const made = await govconJson(['backup', '--url', source.url, '--out', backup15]);
  expect(made.error).toBeNull();
  pg18 = await startEmbedded18();
}, 240_000);

afterAll(async () => {
  await pg18?.stop();
  for (const db of own) await db.drop().catch(() => undefined);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore across major versions', () => {
  it('the backup covers every table of the database, with its row counts and digests', async () => {
    const check = await govconJson(['backup', 'verify', backup15]);
    expect(check.code).toBe(0);
    const report = check.report!;
    expect(report.outcome).toBe('clean');
    expect(report.source?.server_version).toMatch(/^\d+/);
    expect(report.backup_duration_ms).not.toBeNull();
    const tables = Object.keys(original).sort();
    expect(report.tables.map((t) => t.table).sort()).toEqual(tables);
    for (const t of report.tables) {
      expect(t.rows, t.table).toBe(original[t.table]!.length);
      expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const name of ['audit_logs', 'console_import_lines', 'console_events', 'console_migrations', 'users', 'api_keys']) {
      expect(original[name]!.length, name).toBeGreaterThan(0);
    }
    expect(fs.existsSync(`${backup15}.tmp`)).toBe(false);
  });

  it('restores the test server (PostgreSQL 15 here) into the embedded 18 and back, with verify-db passing and every row equal', async () => {
    expect(pg18.major).toBe(18);
    const target18 = await pg18.createDatabase('restored');
    const restored = await govconJson(['restore', backup15, '--url', target18]);
    expect(restored.error).toBeNull();
    expect(restored.code).toBe(0);
    expect(restored.report!.operation).toBe('restore');
    expect(restored.report!.target?.server_version).toMatch(/^18/);
    expect(restored.report!.restore_duration_ms).toBeGreaterThanOrEqual(0);
    expect(restored.report!.backup_duration_ms).toBeGreaterThanOrEqual(0);
    expect(await contents(target18)).toEqual(original);
    expect((await runGovcon(['verify-db', '--url', target18])).code).toBe(0);
    expect((await runGovcon(['verify-custody', '--url', target18])).code).toBe(0);
    // The restore is recorded, by the role the server authenticated.
    const events = await query<{ session_role: string }>(
      target18,
      "SELECT session_role FROM console_events WHERE action = 'database.restore'",
    );
    expect(events.rows).toHaveLength(1);

    const backup18 = path.join(dir, 'from18.gcb');
    const again = await govconJson(['backup', '--url', target18, '--out', backup18]);
    expect(again.report!.source?.server_version).toMatch(/^18/);
    const back = await emptyDatabase('backup_back');
    const restoredBack = await govconJson(['restore', backup18, '--url', back.url]);
    expect(restoredBack.error).toBeNull();
    expect(await contents(back.url)).toEqual(original);
    // The indexes and foreign keys set aside during the COPY are back, the triggers on.
    expect(await schemaOf(back.url)).toEqual(await schemaOf(source.url));
    expect(await schemaOf(target18)).toHaveLength((await schemaOf(source.url)).length);
    expect((await runGovcon(['verify-db', '--url', back.url])).code).toBe(0);
    expect((await runGovcon(['migrate', 'status', '--url', back.url])).code).toBe(0);
    const rows = Object.values(original).reduce((n, t) => n + t.length, 0);
    recordFigure('restore-cross-version', {
      what: 'Every row of every table backed up on the test server, restored into the embedded 18, backed up there and restored back',
      inputs: rows * 2,
      failures: 0,
      detail: `${Object.keys(original).length} tables, each equal row for row after each restore; verify-db clean on both; data lost: 0 rows`,
    });
  });
});

describe('a damaged backup is refused before anything is written', () => {
  const variant = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  async function refused(file: string, kind?: string): Promise<void> {
    const check = await govconJson(['backup', 'verify', file]);
    expect(check.code, file).toBe(1);
    expect(check.report!.outcome).toBe('findings');
    if (kind) expect(check.report!.findings[0]!.kind).toBe(kind);
    const target = await emptyDatabase('backup_refused');
    const restore = await govconJson(['restore', file, '--url', target.url]);
    expect(restore.code).toBe(2);
    expect(restore.error!.message).toMatch(/Nothing was restored/);
    expect(await relations(target.url)).toEqual([]);
  }

  it('a changed byte in the rows names the table', async () => {
    const bytes = fs.readFileSync(backup15);
    const row = bytes.indexOf('\n', sectionStart(bytes, 'audit_logs')) + 40;
    bytes[row] = bytes[row] === 0x30 ? 0x31 : 0x30;
    const file = variant('changed.gcb', bytes);
    await refused(file, 'digest-mismatch');
    const check = await govconJson(['backup', 'verify', file]);
    expect(check.report!.findings[0]!.detail).toMatchObject({ table: 'audit_logs' });
  });

  it('a file cut at 60% (and at 1%, 99.9% and one byte short) is refused', async () => {
    const bytes = fs.readFileSync(backup15);
    for (const share of [0.01, 0.6, 0.999])
      await refused(variant(`cut-${share}.gcb`, bytes.subarray(0, Math.floor(bytes.length * share))), 'truncated');
    await refused(variant('cut-last.gcb', bytes.subarray(0, bytes.length - 1)));
  });

  it('two backups spliced are refused', async () => {
    const a = fs.readFileSync(backup15);
    const second = path.join(dir, 'second.gcb');
    expect((await govconJson(['backup', '--url', source.url, '--out', second])).code).toBe(0);
    const b = fs.readFileSync(second);
    // At a section boundary (B's section for audit_logs after A's earlier sections), and in the middle.
    const boundary = (buf: Buffer) => sectionStart(buf, 'audit_logs');
    await refused(variant('spliced-section.gcb', Buffer.concat([a.subarray(0, boundary(a)), b.subarray(boundary(b))])), 'foreign-section');
    const half = Math.floor(a.length / 2);
    await refused(variant('spliced-middle.gcb', Buffer.concat([a.subarray(0, half), b.subarray(half)])));
  });

  it('pg_dump for comparison: pg_restore --list passes a custom dump cut at 60%; backup verify does not', async () => {
    const pgDump = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
    const major = await serverMajor(source.url);
    if (pgDump.status !== 0 || !pgDump.stdout.includes(` ${major}.`)) {
      console.warn(`skipped: pg_dump ${major} is not on this machine (${pgDump.stdout.trim() || 'none'})`);
      return;
    }
    const dump = path.join(dir, 'source.dump');
    expect(spawnSync('pg_dump', ['-Fc', '-f', dump, source.url]).status).toBe(0);
    const bytes = fs.readFileSync(dump);
    const cutDump = variant('cut.dump', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const list = spawnSync('pg_restore', ['--list', cutDump], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    const ours = fs.readFileSync(backup15);
    await refused(variant('cut-60.gcb', ours.subarray(0, Math.floor(ours.length * 0.6))), 'truncated');
  });
});

describe('the target', () => {
  it('a non-empty database is refused and left as it was; --force replaces its rows', async () => {
    const target = await createInitialisedDatabase('backup_nonempty');
    own.push(target);
    expect((await runGovcon(['demo', '--rows', '50', '--url', target.url])).code).toBe(0);
    const before = await contents(target.url);
    const refusedRun = await govconJson(['restore', backup15, '--url', target.url]);
    expect(refusedRun.code).toBe(2);
    expect(refusedRun.error!.code).toBe('CONFLICT');
    expect(refusedRun.error!.message).toMatch(/not empty.*--force/);
    expect(await contents(target.url)).toEqual(before);

    const forced = await govconJson(['restore', backup15, '--url', target.url, '--force']);
    expect(forced.error).toBeNull();
    expect(await contents(target.url)).toEqual(original);
    expect((await runGovcon(['verify-db', '--url', target.url])).code).toBe(0);
  });

  it('a backup never overwrites a file, and leaves no FILE.tmp behind', async () => {
    const run = await govconJson(['backup', '--url', source.url, '--out', backup15]);
    expect(run.code).toBe(2);
    expect(run.error!.code).toBe('CONFLICT');
    const missing = await createTestDatabase('backup_uninit');
    own.push(missing);
    const out = path.join(dir, 'uninit.gcb');
    const unmanaged = await govconJson(['backup', '--url', missing.url, '--out', out]);
    expect(unmanaged.error!.code).toBe('SCHEMA_MISSING');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.tmp`)).toBe(false);
  });
});

describe('a restore that fails part way', () => {
  it('a row the database refuses rolls back every row and the migrations: the target is empty again', async () => {
    // A sound file (every digest right) whose last audit_logs row breaks a check constraint.
    const rows: Record<string, Buffer[]> = {};
    let current = '';
    const reader = new BackupReader({
      sectionStart: (_i, t) => (rows[(current = t.name)] = []),
      rows: (data) => rows[current]!.push(Buffer.from(data)),
    });
    reader.push(fs.readFileSync(backup15));
    const { header } = reader.end();
    const audit = Buffer.concat(rows.audit_logs!).toString('utf8').split('\n');
    const columns = header.tables.find((t) => t.name === 'audit_logs')!.columns.map((c) => c.name);
    const fields = audit.at(-2)!.split('\t');
    fields[columns.indexOf('outcome')] = 'not-an-outcome';
    audit[audit.length - 2] = fields.join('\t');
    rows.audit_logs = [Buffer.from(audit.join('\n'))];
    const writer = new BackupWriter({ ...header, backup_id: 'c'.repeat(32) });
    const parts = [writer.headerLine];
    for (const t of header.tables) {
      parts.push(writer.startSection(t.name));
      for (const b of rows[t.name]!) {
        writer.rows(b);
        parts.push(b);
      }
      parts.push(writer.endSection());
    }
    parts.push(writer.trailer(1, new Date().toISOString()).bytes);
    const file = path.join(dir, 'refused-row.gcb');
    fs.writeFileSync(file, Buffer.concat(parts));
    expect((await govconJson(['backup', 'verify', file])).code).toBe(0);

    const target = await emptyDatabase('backup_rollback');
    const run = await govconJson(['restore', file, '--url', target.url]);
    expect(run.code).toBe(2);
    expect(run.error!.message).toMatch(/rolled back: no row of the backup was written/);
    expect(run.error!.message).toMatch(/empty again/);
    expect(await relations(target.url)).toEqual([]);
  });
});

describe('a sealed database restored', () => {
  it('verify-db --seals --checkpoint FILE (kept outside the database before the backup) exits 0 on 15 and on 18', async () => {
    const sealed = await createInitialisedDatabase('backup_sealed');
    own.push(sealed);
    const env = { GOVCON_KEY_PASSPHRASE: 'backup test passphrase' };
    const key = path.join(dir, 'seal.key');
    expect((await runGovcon(['demo', '--rows', '400', '--url', sealed.url])).code).toBe(0);
    expect((await runGovcon(['signing-key', 'create', '--out', key, '--name', 'backup-test'], { env })).code).toBe(0);
    const pub = await runGovcon(['signing-key', 'public', key, '--json']);
    const trusted = (JSON.parse(pub.stdout) as { verifier_key: string }).verifier_key;
    const seal = await runGovcon(
      ['seal', '--url', sealed.url, '--key', key, '--margin', '0s', '--checkpoint-dir', path.join(dir, 'kept')],
      {
        env,
      },
    );
    expect(seal.code, seal.stderr).toBe(0);
    const checkpoint = path.join(dir, 'outside.checkpoint');
    expect((await runGovcon(['checkpoint', '--url', sealed.url, '--out', checkpoint])).code).toBe(0);
    const verifySeals = (url: string) =>
      runGovcon(['verify-db', '--seals', '--trusted-key', trusted, '--checkpoint', checkpoint, '--url', url, '--json']);
    expect((await verifySeals(sealed.url)).code).toBe(0);

    const file = path.join(dir, 'sealed.gcb');
    expect((await govconJson(['backup', '--url', sealed.url, '--out', file])).code).toBe(0);
    const on15 = await emptyDatabase('backup_sealed_restored');
    const on18 = await pg18.createDatabase('sealed');
    let drills = 0;
    for (const url of [on15.url, on18]) {
      expect((await govconJson(['restore', file, '--url', url])).code).toBe(0);
      const run = await verifySeals(url);
      const report = JSON.parse(run.stdout) as { outcome: string; sealed_rows: number; findings: unknown[] };
      expect(run.code, JSON.stringify(report.findings).slice(0, 800)).toBe(0);
      expect(report.outcome).toBe('clean');
      expect(report.sealed_rows).toBeGreaterThan(400);
      drills++;
    }
    recordFigure('restore-drill-seals', {
      what: 'A sealed database backed up, restored into PostgreSQL 15 and 18, and verified against a checkpoint kept outside it',
      inputs: 2,
      failures: 2 - drills,
      detail: 'verify-db --seals --checkpoint FILE exited 0 on both restored databases',
    });
  });
});
