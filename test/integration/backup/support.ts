/** Helpers of the backup tests: the embedded PostgreSQL 18 as a second server, table contents, CLI runs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { reportSchema, type BackupReport } from '../../../src-main/shared/model/report';
import { quoteIdentifier } from '../../../src-main/platform/db/sql/identifier';
import { EmbeddedWorkspace } from '../../../src-main/platform/embedded/workspace';
import { MemorySecretStore } from '../../../src-main/platform/secrets/secret-store';
import { runGovcon, type CliRun } from '../../support/cli';
import { query, withDatabase } from '../../support/test-db';

export interface SecondServer {
  /** A superuser URL on its `postgres` database. */
  url: string;
  major: number;
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
}

/** The embedded server the project ships (PostgreSQL 18), in a folder of its own. */
export async function startEmbedded18(): Promise<SecondServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-backup-pg18-'));
  const workspace = new EmbeddedWorkspace({ dataDir: dir, secrets: new MemorySecretStore() });
  const started = await workspace.start();
  const { user } = started.target;
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(started.password)}@127.0.0.1:${started.port}/postgres`;
  const { rows } = await query<{ v: string }>(url, "SELECT current_setting('server_version_num') AS v");
  let n = 0;
  return {
    url,
    major: Math.floor(Number(rows[0]!.v) / 10000),
    async createDatabase(prefix) {
      const name = `${prefix}_${process.pid}_${++n}`;
      await query(url, `CREATE DATABASE ${quoteIdentifier(name)}`);
      return withDatabase(url, name);
    },
    async stop() {
      await workspace.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function serverMajor(url: string): Promise<number> {
  const { rows } = await query<{ v: string }>(url, "SELECT current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]!.v) / 10000);
}

export interface ReportRun extends CliRun {
  report: BackupReport | null;
  error: { code: string; message: string } | null;
}

/** govcon … --json; the report parsed with the govcon/v2 schema, or the error. */
export async function govconJson(args: readonly string[]): Promise<ReportRun> {
  const run = await runGovcon([...args, '--json']);
  const value = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? 'null') as Record<string, unknown>;
  if ('error' in value) return { ...run, report: null, error: value.error as ReportRun['error'] };
  const parsed = reportSchema.parse(value);
  if (parsed.format !== 'backup-v1') throw new Error(`not a backup report: ${parsed.format}`);
  return { ...run, report: parsed, error: null };
}

/**
 * Every table's rows as text (the row's composite text under fixed settings), sorted in
 * JavaScript (no collation in the way), without the events restores record.
 */
export async function contents(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET DateStyle = 'ISO, YMD'");
    await client.query("SET TimeZone = 'UTC'");
    await client.query('SET extra_float_digits = 1');
    await client.query("SET bytea_output = 'hex'");
    await client.query("SET IntervalStyle = 'postgres'");
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      const text =
        name === 'console_events'
          ? `SELECT x::text AS r FROM public.console_events x WHERE action <> 'database.restore'`
          : `SELECT x::text AS r FROM public.${quoteIdentifier(name)} x`;
      const { rows } = await client.query<{ r: string }>(text);
      out[name] = rows.map((r) => r.r).sort();
    }
    return out;
  } finally {
    await client.end();
  }
}

/** Relations in the public schema: none means nothing was written. */
export async function relations(url: string): Promise<string[]> {
  const { rows } = await query<{ name: string }>(
    url,
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Indexes, constraints and triggers of the public schema, as the server prints them. */
export async function schemaOf(url: string): Promise<string[]> {
  const { rows } = await query<{ d: string }>(
    url,
    `SELECT 'index ' || indexname || ': ' || indexdef AS d FROM pg_indexes WHERE schemaname = 'public'
     UNION ALL
     SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' -- 18 lists NOT NULL as constraints
     UNION ALL
     SELECT 'trigger ' || tgrelid::regclass::text || '.' || tgname || ' ' || tgenabled::text
       FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)`,
  );
  return rows.map((r) => r.d).sort();
}
