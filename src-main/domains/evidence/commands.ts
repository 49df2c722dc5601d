/**
 * `govcon verify-bundle` (offline: no database, no network) and `govcon export-evidence`
 * (docs/cli.md, docs/seal-format.md §12).
 */
import { AppError } from '../../shared/errors';
import type { Command } from '../../platform/cli/command';
import { reportFacts } from '../verification/reports/facts';
import { reportText } from '../verification/reports/text';
import { readTrustedKeys } from '../seals/key-file';
import { verifyBundleFile } from './read-bundle';

export const verifyBundleCommand: Command = {
  name: 'verify-bundle',
  async run(ctx) {
    const [file, ...extra] = ctx.args.positionals;
    if (!file) throw new AppError('VALIDATION', 'verify-bundle needs the FILE of an evidence bundle.');
    if (extra.length > 0) throw new AppError('VALIDATION', `verify-bundle takes one FILE (got also "${extra[0]}").`);
    const keys = ctx.args.lists['trusted-key'] ?? [];
    if (keys.length === 0)
      throw new AppError('VALIDATION', 'verify-bundle needs at least one --trusted-key KEY (a verifier key line or a file of them).');
    const trusted = await readTrustedKeys(keys);
    const progress = ctx.progress('verifying', 'bytes');
    let report;
    try {
      report = verifyBundleFile(file, trusted, reportFacts(ctx.version, ctx.operator()), { progress });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code) throw new AppError('FILE_ERROR', `Cannot read ${file} (${code}).`);
      throw error;
    }
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
  },
};

export const evidenceCommands: readonly Command[] = [verifyBundleCommand];
