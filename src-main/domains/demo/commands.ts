/** govcon demo: add realistic demo data to an initialised database (docs/cli.md). */
import type pg from 'pg';
import { sqlState } from '../../platform/db/errors';
import { connectClient } from '../../platform/db/pg-client';
import { AppError } from '../../shared/errors';
import { DEFAULT_DEMO_SEED, demoSizes, generateDemoData } from './demo-data';
import type { Command } from '../../platform/cli/command';
import { cliTarget, rawConfig } from '../connections/cli-target';

/** The service's tables the demo writes: all must be there (the database initialised). */
const DEMO_TABLES = ['users', 'api_keys', 'audit_logs', 'workflow_executions', 'governance_metrics'];

/** SCHEMA_MISSING, with what to do, unless every table the demo writes exists. */
async function requireServiceTables(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT t.name FROM unnest($1::text[]) AS t(name) WHERE to_regclass(t.name) IS NULL',
    [DEMO_TABLES],
  );
  if (rows.length > 0) {
    const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    throw new AppError(
      'SCHEMA_MISSING',
      `Database "${db}" has no ${rows.map((r) => r.name).join(', ')} table: it holds no governance schema. ` +
        'Initialise it first (govcon init, or the Database page), then run demo again.',
    );
  }
}

/** Demo users already there: a new run numbers its users after them and takes the next seed. */
async function demoUserCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM users WHERE email LIKE 'demo.user%@example.org' AND metadata->>'source' = 'demo'",
  );
  return Number(rows[0]!.n);
}

function wholeNumber(text: string | undefined, name: string, max: number, required: boolean): number | undefined {
  if (text === undefined && !required) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text ?? '') || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new AppError('VALIDATION', `--${name} must be a whole number from 1 to ${max.toLocaleString('en-US')} (got "${text ?? ''}").`);
  }
  return n;
}

export const demoCommand: Command = {
  name: 'demo',
  async run(ctx) {
    const rows = wholeNumber(ctx.args.values.rows, 'rows', 50_000_000, true)!;
    const givenSeed = wholeNumber(ctx.args.values.seed, 'seed', 2 ** 32 - 1, false);
    const client = await connectClient(await rawConfig(cliTarget(ctx), 'demo'));
    try {
      await requireServiceTables(client);
      const existing = await demoUserCount(client);
      // A second run adds data beside the first: its own users (numbered on) and its own seed.
      const seed = givenSeed ?? DEFAULT_DEMO_SEED + existing;
      const progress = ctx.progress('loading', 'rows');
      const signal = new AbortController().signal;
      let result;
      try {
        result = await generateDemoData(
          client,
          { rows, seed, emailOffset: existing },
          { signal, progress: (d, t) => progress(d, t ?? null) },
        );
      } catch (error) {
        if (sqlState(error).code !== '23505') throw error;
        throw new AppError(
          'CONFLICT',
          `This database already holds demo data made with seed ${seed}; nothing was added. ` +
            'Run demo without --seed (each run takes a new one), or with another seed.',
          { cause: error },
        );
      }
      const sizes = demoSizes(rows);
      const written = sizes.users + sizes.apiKeys + sizes.auditLogs + sizes.workflowExecutions + sizes.governanceMetrics;
      return {
        exitCode: 0,
        json: { ...result, rows_written: written },
        text:
          `added ${result.users} users, ${result.apiKeys} API keys, ${result.auditLogs} audit entries, ` +
          `${result.workflowExecutions} workflow executions, ${result.governanceMetrics} metrics (seed ${result.seed})` +
          (existing ? `; the database already held ${existing} demo users` : ''),
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  },
};

/** This domain's commands. */
export const demoCommands: readonly Command[] = [demoCommand];
