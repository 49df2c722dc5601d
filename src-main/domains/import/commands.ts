/** `govcon import-jsonl` and `govcon verify-custody`, printed as govcon/v2 reports (docs/cli.md). */
import { AppError } from '../../shared/errors';
import { UUID_RE } from '../../platform/db/sql/values';
import type { Command } from '../../platform/cli/command';
import { byteCountFlag } from '../../platform/cli/byte-count';
import { MAX_LINE_BYTES_CEILING } from '../../integrity/line-splitter';
import { cliTarget, rawConfig } from '../connections/cli-target';
import { custodyReport } from '../verification/reports/custody';
import { reportFacts } from '../verification/reports/facts';
import { importReport } from '../verification/reports/import';
import { reportText } from '../verification/reports/text';
import { verifyCustody } from './custody-verify';
import { importJsonlFile } from './import-file';

function uuidOption(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !UUID_RE.test(value)) throw new AppError('VALIDATION', `--${name} must be a UUID (got "${value}").`);
  return value;
}

export const importJsonlCommand: Command = {
  name: 'import-jsonl',
  async run(ctx) {
    const [file, ...extra] = ctx.args.positionals;
    if (!file) throw new AppError('VALIDATION', 'import-jsonl needs the PATH of an audit.jsonl file.');
    if (extra.length > 0) throw new AppError('VALIDATION', `import-jsonl takes one PATH (got also "${extra[0]}").`);
    let batchSize: number | undefined;
    if (ctx.args.values.batch !== undefined) {
      batchSize = Number(ctx.args.values.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
        throw new AppError('VALIDATION', `--batch must be a whole number from 1 to 100,000 (got "${ctx.args.values.batch}").`);
      }
    }
    const maxLineBytes = byteCountFlag(ctx.args.values, 'max-line-bytes', MAX_LINE_BYTES_CEILING);
    const operator = ctx.operator();
    const config = await rawConfig(cliTarget(ctx), 'import-jsonl');
    const result = await importJsonlFile(config, file, {
      operator,
      batchSize,
      maxLineBytes,
      all: ctx.args.booleans.has('all'),
      progress: ctx.progress('importing', 'bytes'),
    });
    const report = importReport(result, reportFacts(ctx.version, operator));
    const text = reportText(report, [`custody run ${report.import_id}`]);
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text };
  },
};

export const verifyCustodyCommand: Command = {
  name: 'verify-custody',
  async run(ctx) {
    if (ctx.args.positionals.length > 0) {
      throw new AppError('VALIDATION', `verify-custody takes no PATH (got "${ctx.args.positionals[0]}").`);
    }
    const importId = uuidOption(ctx.args.values['import-id'], 'import-id');
    const auditLogId = uuidOption(ctx.args.values['audit-log-id'], 'audit-log-id');
    const config = await rawConfig(cliTarget(ctx), 'verify-custody');
    const result = await verifyCustody(config, {
      importId,
      auditLogId,
      all: ctx.args.booleans.has('all'),
      progress: ctx.progress('re-proving', 'lines'),
    });
    const report = custodyReport(result, reportFacts(ctx.version, ctx.operator()));
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
  },
};

export const importCommands: readonly Command[] = [importJsonlCommand, verifyCustodyCommand];
