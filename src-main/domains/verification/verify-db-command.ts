/** `govcon verify-db`: db-v1 over the whole audit_logs table, printed as a govcon/v2 report (docs/cli.md). */
import { AppError } from '../../shared/errors';
import type { Command } from '../../platform/cli/command';
import { cliTarget, rawConfig } from '../connections/cli-target';
import { dbV1Report } from './reports/db-v1';
import { reportFacts } from './reports/facts';
import { reportText } from './reports/text';
import { verifyDatabase } from './verify-db';

export const verifyDbCommand: Command = {
  name: 'verify-db',
  async run(ctx) {
    if (ctx.args.positionals.length > 0) {
      throw new AppError('VALIDATION', `Unexpected argument "${ctx.args.positionals[0]}". Usage: govcon ${ctx.usage}`);
    }
    const config = await rawConfig(cliTarget(ctx), 'verify-db');
    const progress = ctx.progress('verifying', 'rows');
    const result = await verifyDatabase(config, {
      all: ctx.args.booleans.has('all'),
      progress: (done, total) => progress(done, total ?? null),
    });
    const report = dbV1Report(result, reportFacts(ctx.version, ctx.operator()));
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
  },
};

export const verifyDbCommands: readonly Command[] = [verifyDbCommand];
