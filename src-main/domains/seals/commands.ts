/** The seal commands of govcon (docs/cli.md): seal, checkpoint, cosign, signing-key create / public. */
import path from 'node:path';
import type { Command } from '../../platform/cli/command';
import { AppError } from '../../shared/errors';
import { cliTarget, rawConfig } from '../connections/cli-target';
import { checkpointCommand, cosignCommand } from './checkpoint-commands';
import { loadSigningKey } from './key-file';
import { signingKeyCreateCommand, signingKeyPublicCommand } from './key-commands';
import { parseMargin, sealDatabase, type SealResult } from './seal';

export const sealCommand: Command = {
  name: 'seal',
  async run(ctx) {
    if (ctx.args.positionals.length > 0) {
      throw new AppError('VALIDATION', `Unexpected argument "${ctx.args.positionals[0]}". Usage: govcon ${ctx.usage}`);
    }
    const keyFile = ctx.args.values.key;
    if (!keyFile) throw new AppError('VALIDATION', `--key FILE is required. Usage: govcon ${ctx.usage}`);
    const marginSeconds = parseMargin(ctx.args.values.margin);
    const cli = cliTarget(ctx);
    const key = await loadSigningKey(ctx.io, keyFile);
    const checkpointDir = ctx.args.values['checkpoint-dir'] ?? path.join(path.dirname(path.resolve(keyFile)), 'checkpoints');
    const progress = ctx.progress('sealing', 'rows');
    const result = await sealDatabase(await rawConfig(cli, 'seal'), {
      key,
      operator: ctx.operator(),
      marginSeconds,
      acceptLate: ctx.args.booleans.has('accept-late'),
      originHost: ctx.args.values['origin-host'] ?? null,
      checkpointDir,
      progress: (done, total) => progress(done, total ?? null),
    });
    return { exitCode: 0, json: { ...result, checkpoint_dir: checkpointDir }, text: sealText(result) };
  },
};

export function sealText(result: SealResult): string {
  const lines = [`Sealed with key ${result.key_name} (${result.key_id}) on ${result.server}/${result.database}:`];
  for (const log of result.logs) {
    if (!log.sealed) {
      lines.push(`  ${log.table}: nothing to seal (tree size ${log.tree_size}, horizon ${log.horizon}, ${log.horizon_source}).`);
    } else {
      lines.push(
        `  ${log.table}: seal ${log.seal_number}, ${log.leaves_added} leaves added, tree size ${log.previous_size} → ${log.tree_size}; ` +
          `horizon ${log.horizon} (${log.horizon_source}${log.sees_all_sessions ? '' : ', own sessions only: grant pg_read_all_stats'}).`,
      );
      if (log.checkpoint_file) lines.push(`    checkpoint kept: ${log.checkpoint_file}`);
    }
    if (log.late_imported > 0) lines.push(`    late rows from imports: ${log.late_imported} (${log.import_ids.join(', ')})`);
    if (log.late_accepted > 0) lines.push(`    late rows accepted: ${log.late_accepted}`);
    if (log.late_left > 0)
      lines.push(`    late rows not sealed (verify-db reports them inserted; --accept-late takes them): ${log.late_left}`);
    if (log.unsealable > 0) lines.push(`    rows with no time, never sealed: ${log.unsealable}`);
  }
  return `${lines.join('\n')}\n`;
}

export const sealCommands: readonly Command[] = [
  sealCommand,
  checkpointCommand,
  cosignCommand,
  signingKeyCreateCommand,
  signingKeyPublicCommand,
];
