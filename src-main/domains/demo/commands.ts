/** govcon demo: fill an initialised database with realistic demo data. */
import { connectClient } from '../../platform/db/pg-client';
import { AppError } from '../../shared/errors';
import { generateDemoData } from './demo-data';
import type { Command } from '../../platform/cli/command';
import { cliTarget, rawConfig } from '../connections/cli-target';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Fill an initialised database with realistic demo data (users, audit entries, executions, metrics).',
  usage: 'demo --rows N [--url URL] [--json]',
  flags: { values: ['rows', 'seed'] },
  async run(ctx) {
    const rows = Number(ctx.args.values.rows);
    if (!Number.isInteger(rows) || rows < 1 || rows > 50_000_000) {
      throw new AppError('VALIDATION', `--rows must be a whole number from 1 to 50,000,000 (got "${ctx.args.values.rows ?? ''}").`);
    }
    const seed = ctx.args.values.seed === undefined ? undefined : Number(ctx.args.values.seed);
    const client = await connectClient(await rawConfig(cliTarget(ctx), 'demo'));
    try {
      const progress = ctx.progress('loading');
      const signal = new AbortController().signal;
      const result = await generateDemoData(client, { rows, seed }, { signal, progress: (d, t) => progress(d, t ?? null) });
      return {
        exitCode: 0,
        json: result,
        text: `loaded ${result.users} users, ${result.auditLogs} audit entries, ${result.workflowExecutions} workflow executions, ${result.governanceMetrics} metrics`,
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  },
};

/** This domain's commands, in the order `govcon --help` lists them. */
export const demoCommands: readonly Command[] = [demoCommand];
