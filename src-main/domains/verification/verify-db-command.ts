/** `govcon verify-db`: db-v1 over the whole audit_logs table, printed as a govcon/v2 report (docs/cli.md). */
import type { NoteVerifierKey } from '../../integrity/note/note-keys';
import { AppError } from '../../shared/errors';
import type { Command, CommandContext, CommandResult } from '../../platform/cli/command';
import { cliTarget, rawConfig } from '../connections/cli-target';
import { dbV1Report } from './reports/db-v1';
import { reportFacts } from './reports/facts';
import { reportText } from './reports/text';
import { verifyDatabase } from './verify-db';
import { parseWorkers, verifyDatabaseInRanges } from './verify-db-parallel';

export const verifyDbCommand: Command = {
  name: 'verify-db',
  async run(ctx) {
    if (ctx.args.positionals.length > 0) {
      throw new AppError('VALIDATION', `Unexpected argument "${ctx.args.positionals[0]}". Usage: govcon ${ctx.usage}`);
    }
    if (ctx.args.booleans.has('seals')) return verifySealsRun(ctx);
    if (
      ctx.args.lists['trusted-key'] ||
      ctx.args.values.checkpoint ||
      ctx.args.values['checkpoint-dir'] ||
      ctx.args.values['since-checkpoint']
    ) {
      throw new AppError('VALIDATION', '--trusted-key, --checkpoint, --checkpoint-dir and --since-checkpoint go with --seals.');
    }
    // --workers: ranges read side by side in one snapshot, same result (docs/scale.md); 1 by default.
    const workers = parseWorkers(ctx.args.values.workers);
    const all = ctx.args.booleans.has('all');
    if (all && workers !== 1) throw new AppError('VALIDATION', '--all lists every row in one pass: use it without --workers.');
    const cli = cliTarget(ctx);
    const progress = ctx.progress('verifying', 'rows');
    const onProgress = (done: number, total?: number | null) => progress(done, total ?? null);
    const result =
      workers === 1
        ? await verifyDatabase(await rawConfig(cli, 'verify-db'), { all, progress: onProgress })
        : await verifyDatabaseInRanges({ target: cli.target, secret: cli.password }, { workers, progress: onProgress });
    const report = dbV1Report(result, reportFacts(ctx.version, ctx.operator()));
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
  },
};

/** `verify-db --seals`: the sealed logs (docs/seal-format.md §9), db-v1 included; loaded only then. */
async function verifySealsRun(ctx: CommandContext): Promise<CommandResult> {
  if (ctx.args.values.workers || ctx.args.booleans.has('all'))
    throw new AppError('VALIDATION', '--seals reads in one pass: no --workers or --all.');
  const trustedValues = ctx.args.lists['trusted-key'] ?? [];
  if (trustedValues.length === 0) {
    throw new AppError('VALIDATION', '--seals needs at least one --trusted-key KEY (a verifier key line, or a file of them).');
  }
  const { readTrustedKeys } = await import('../seals/key-file');
  const { readCheckpointFile } = await import('../seals/checkpoint-files');
  const { verifySeals } = await import('../seals/verify-seals');
  const { sealReport } = await import('../seals/seal-report');
  const trusted = await readTrustedKeys(trustedValues);
  const since = ctx.args.values['since-checkpoint'];
  if (since) return verifySinceRun(ctx, since, trusted);
  const checkpoints = ctx.args.values.checkpoint ? [await readCheckpointFile(ctx.args.values.checkpoint)] : [];
  const cli = cliTarget(ctx);
  const progress = ctx.progress('verifying seals', 'rows');
  const result = await verifySeals(await rawConfig(cli, 'verify-db'), {
    trusted,
    checkpoints,
    checkpointDir: ctx.args.values['checkpoint-dir'] ?? null,
    progress: (done, total) => progress(done, total ?? null),
  });
  const report = sealReport(result, reportFacts(ctx.version, ctx.operator()));
  return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
}

/**
 * `verify-db --seals --since-checkpoint FILE`: incremental, from a kept checkpoint and its state
 * (docs/seal-format.md §9). A state that does not give FILE's signed root is refused (exit 2):
 * it is the verifier's own input, so nothing about the database can be judged from it.
 */
async function verifySinceRun(ctx: CommandContext, file: string, trusted: readonly NoteVerifierKey[]): Promise<CommandResult> {
  if (ctx.args.values.checkpoint || ctx.args.values['checkpoint-dir']) {
    throw new AppError(
      'VALIDATION',
      '--since-checkpoint starts from one kept checkpoint: use it without --checkpoint or --checkpoint-dir.',
    );
  }
  const { readCheckpointFile, readCheckpointState } = await import('../seals/checkpoint-files');
  const { verifySince, sinceReport } = await import('../seals/verify-since');
  const kept = await readCheckpointFile(file);
  const state = await readCheckpointState(file, kept.checkpoint);
  const cli = cliTarget(ctx);
  const progress = ctx.progress('verifying seals since the checkpoint', 'rows');
  const result = await verifySince(await rawConfig(cli, 'verify-db'), {
    trusted,
    checkpoint: kept,
    state,
    progress: (done, total) => progress(done, total ?? null),
  });
  const report = sinceReport(result, reportFacts(ctx.version, ctx.operator()));
  return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
}

export const verifyDbCommands: readonly Command[] = [verifyDbCommand];
