/**
 * `govcon verify-file`: its own module, loaded only when the command runs, so it starts
 * without the database driver (docs/cli.md).
 */
import { AppError } from '../../shared/errors';
import type { Command } from '../../platform/cli/command';
import { reportFacts } from './reports/facts';
import { jsonlV1Report } from './reports/jsonl-v1';
import { reportText } from './reports/text';
import { verifyFile } from './verify-file';
import { byteCountFlag } from '../../platform/cli/byte-count';
import { MAX_LINE_BYTES_CEILING } from '../../integrity/line-splitter';

export const verifyFileCommand: Command = {
  name: 'verify-file',
  async run(ctx) {
    const [file, ...extra] = ctx.args.positionals;
    if (!file) throw new AppError('VALIDATION', 'verify-file needs the PATH of an audit.jsonl file.');
    if (extra.length > 0) throw new AppError('VALIDATION', `verify-file takes one PATH (got also "${extra[0]}").`);
    const progress = ctx.progress('verifying', 'bytes');
    const maxLineBytes = byteCountFlag(ctx.args.values, 'max-line-bytes', MAX_LINE_BYTES_CEILING);
    const result = await verifyFile(file, {
      all: ctx.args.booleans.has('all'),
      maxLineBytes,
      progress: (done, total) => progress(done, total ?? null),
    });
    const report = jsonlV1Report(result, reportFacts(ctx.version, ctx.operator()));
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
  },
};

export const verifyFileCommands: readonly Command[] = [verifyFileCommand];
