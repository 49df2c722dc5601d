/** `govcon backup`, `govcon backup verify` and `govcon restore` (docs/cli.md; the file: docs/formats.md "Backups"). */
import fs from 'node:fs';
import type { Command, CommandContext } from '../../platform/cli/command';
import { AppError } from '../../shared/errors';
import { cliTarget, rawConfig, withConnection } from '../connections/cli-target';
import { reportFacts } from '../verification/reports/facts';
import { reportText } from '../verification/reports/text';
import { backupDatabase } from './backup';
import { backupReport, restoreReport, verifyReport } from './report';
import { restoreBackup } from './restore';
import { readBackup } from './verify';

function onePath(ctx: CommandContext): string {
  const [file, extra] = ctx.args.positionals;
  if (file === undefined || extra !== undefined) throw new AppError('VALIDATION', `Usage: govcon ${ctx.usage}`);
  return file;
}

const seconds = (ms: number | null) => (ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`);

export const backupCommand: Command = {
  name: 'backup',
  async run(ctx) {
    const [extra] = ctx.args.positionals;
    if (extra !== undefined) throw new AppError('VALIDATION', `Unexpected argument "${extra}". Usage: govcon ${ctx.usage}`);
    const out = ctx.args.values.out;
    if (!out) throw new AppError('VALIDATION', `--out FILE is required. Usage: govcon ${ctx.usage}`);
    if (fs.existsSync(out)) throw new AppError('CONFLICT', `${out} already exists: a backup never overwrites a file; choose another name.`);
    const cli = cliTarget(ctx);
    const progress = ctx.progress('backing up', 'rows');
    const operator = ctx.operator();
    const result = await backupDatabase(await rawConfig(cli, 'backup'), out, {
      consoleVersion: ctx.version,
      operator: operator.email ? `${operator.name} <${operator.email}>` : operator.name,
      progress: (done, total) => progress(done, total),
    });
    const report = backupReport(result, reportFacts(ctx.version, operator));
    const extraLines = [`backup ${result.header.backup_id} written to ${out} (${result.size} bytes) in ${seconds(result.durationMs)}`];
    return { exitCode: 0, json: report, text: reportText(report, extraLines) };
  },
};

export const backupVerifyCommand: Command = {
  name: 'backup verify',
  async run(ctx) {
    const file = onePath(ctx);
    const progress = ctx.progress('verifying', 'bytes');
    const check = await readBackup(file, { progress: (done, total) => progress(done, total) });
    const report = verifyReport(check, reportFacts(ctx.version, ctx.operator()));
    const lines = check.header
      ? [
          `backup ${check.header.backup_id} of ${check.header.source.database} (PostgreSQL ${check.header.source.server_version}), ` +
            `snapshot at ${check.header.snapshot_at}; backed up in ${seconds(check.trailer?.duration_ms ?? null)}`,
        ]
      : [];
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report, lines) };
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  async run(ctx) {
    const file = onePath(ctx);
    const cli = cliTarget(ctx);
    const config = await rawConfig(cli, 'restore');
    const progress = ctx.progress('restoring', 'rows');
    const result = await withConnection(cli, (active) =>
      restoreBackup(
        file,
        { config, sequelize: active.sequelize },
        { force: ctx.args.booleans.has('force'), operator: ctx.operator(), progress: (done, total) => progress(done, total) },
      ),
    );
    const report = restoreReport(result, `${cli.target.host}:${cli.target.port}`, reportFacts(ctx.version, ctx.operator()));
    const lines = [
      `restored backup ${result.header.backup_id} into ${result.database} (PostgreSQL ${result.serverVersion}): ` +
        `backed up in ${seconds(report.backup_duration_ms)}, verified in ${seconds(result.verifyMs)}, restored in ${seconds(result.restoreMs)}`,
    ];
    return { exitCode: 0, json: report, text: reportText(report, lines) };
  },
};

export const backupCommands: readonly Command[] = [backupCommand, backupVerifyCommand, restoreCommand];
