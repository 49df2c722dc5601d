import { AppError } from '../../shared/errors';
import { verifyCustody } from './custody-verify';
import { importJsonlFile } from './import-file';
import type { Command } from '../../platform/cli/command';
import { byteCountFlag } from '../../platform/cli/byte-count';
import { MAX_LINE_BYTES_CEILING } from '../../integrity/line-splitter';
import { cliTarget, rawConfig } from '../connections/cli-target';

export const importJsonlCommand: Command = {
  name: 'import-jsonl',
  summary:
    'Import a service audit.jsonl file into audit_logs (verified line by line, with chain of custody); ' +
    'exit 1 when lines were rejected.',
  usage: 'import-jsonl PATH [--url URL] [--operator "Name <email>"] [--batch N] [--max-line-bytes N] [--json]',
  flags: { values: ['batch', 'max-line-bytes'] },
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
    const result = await importJsonlFile(config, file, { operator, batchSize, maxLineBytes, progress: ctx.progress('importing') });
    const skipped = [
      result.already_present ? `${result.already_present} already imported` : null,
      result.duplicates ? `${result.duplicates} repeated in the file` : null,
      result.matched_existing ? `${result.matched_existing} already in the database` : null,
    ].filter(Boolean);
    const text = [
      `${file}: ${result.total} lines — ${result.imported} imported${skipped.length ? `, ${skipped.join(', ')}` : ''}, ` +
        `${result.rejected_total} rejected`,
      `sha256 ${result.sha256}, ${result.size} bytes; custody run ${result.import_id}`,
      ...result.rejected
        .slice(0, 50)
        .map((r) => `  line ${r.line}: ${r.verdict === 'ok' ? 'not importable' : r.verdict} (${r.reason}) ${r.message}`),
      result.rejected_total > 50 ? `  … ${result.rejected_total - 50} more (use --json for the list)` : null,
    ]
      .filter(Boolean)
      .join('\n');
    return { exitCode: result.rejected_total === 0 ? 0 : 1, json: result, text };
  },
};

export const verifyCustodyCommand: Command = {
  name: 'verify-custody',
  summary: 'Re-prove imported audit rows from the original lines kept in custody; exit 1 when any row or line no longer matches.',
  usage: 'verify-custody [--url URL] [--import-id ID] [--audit-log-id ID] [--json]',
  flags: { values: ['import-id', 'audit-log-id'] },
  async run(ctx) {
    if (ctx.args.positionals.length > 0) {
      throw new AppError('VALIDATION', `verify-custody takes no PATH (got "${ctx.args.positionals[0]}").`);
    }
    const config = await rawConfig(cliTarget(ctx), 'verify-custody');
    const result = await verifyCustody(config, {
      importId: ctx.args.values['import-id'],
      auditLogId: ctx.args.values['audit-log-id'],
      progress: ctx.progress('re-proving'),
    });
    const text = [
      `${result.total} imported rows — ${result.ok} re-proved, ${result.failed} failed`,
      ...result.failures
        .slice(0, 50)
        .map((f) => `  ${f.verdict}: ${f.file_name} line ${f.line} → audit row ${f.audit_log_id ?? '(deleted)'}: ${f.detail}`),
      `Note: ${result.not_covered}`,
    ].join('\n');
    return { exitCode: result.failed === 0 ? 0 : 1, json: result, text };
  },
};
