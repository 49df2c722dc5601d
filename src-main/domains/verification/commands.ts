import { AppError } from '../../shared/errors';
import { verifyFile } from './verify-file';
import { parseWorkers, verifyDatabaseInRanges } from './verify-db-parallel';
import type { Command } from '../../platform/cli/command';
import { byteCountFlag } from '../../platform/cli/byte-count';
import { MAX_LINE_BYTES_CEILING } from '../../integrity/line-splitter';
import { cliTarget } from '../connections/cli-target';

export const verifyFileCommand: Command = {
  name: 'verify-file',
  summary: 'Verify an exported audit.jsonl file offline (jsonl-v1); exit 1 when any line is not ok.',
  usage: 'verify-file PATH [--max-line-bytes N] [--json]',
  flags: { values: ['max-line-bytes'] },
  async run(ctx) {
    const file = ctx.args.positionals[0];
    if (!file) throw new AppError('VALIDATION', 'verify-file needs the PATH of an audit.jsonl file.');
    const progress = ctx.progress('verifying');
    const maxLineBytes = byteCountFlag(ctx.args.values, 'max-line-bytes', MAX_LINE_BYTES_CEILING);
    const result = await verifyFile(file, { progress: (done, total) => progress(done, total ?? null), maxLineBytes });
    const failing = result.entries.filter((e) => e.verdict !== 'ok');
    const text = [
      `${file}: ${result.total} lines — ${result.ok} ok, ${result.tampered} tampered, ${result.malformed} malformed`,
      ...failing.slice(0, 50).map((e) => `  line ${e.line}: ${e.verdict} (${e.reason})${e.message ? `: ${e.message}` : ''}`),
      failing.length > 50 ? `  … ${failing.length - 50} more (use --json for all)` : null,
    ]
      .filter(Boolean)
      .join('\n');
    return { exitCode: result.ok === result.total ? 0 : 1, json: result, text };
  },
};

export const verifyDbCommand: Command = {
  name: 'verify-db',
  summary: "Recompute every audit_logs row's db-v1 hash; exit 1 when any row is tampered or unverifiable.",
  usage: 'verify-db [--url URL] [--workers N|auto] [--json]',
  flags: { values: ['workers'] },
  async run(ctx) {
    // --workers: ranges read side by side, same result (docs/scale.md); 1 by default.
    const workers = parseWorkers(ctx.args.values.workers);
    const cli = cliTarget(ctx);
    const progress = ctx.progress('verifying');
    const result = await verifyDatabaseInRanges(
      { target: cli.target, secret: cli.password },
      { workers, progress: (done, total) => progress(done, total ?? null) },
    );
    const json = {
      format: result.format,
      total: result.total,
      ok: result.ok,
      tampered: result.tampered,
      unverifiable: result.unverifiable,
      failures: result.failures.map(({ id, trace_id, created_at, stored, computed }) => ({ id, trace_id, created_at, stored, computed })),
      failures_not_listed: result.failures_not_listed,
      not_covered: result.not_covered,
    };
    const text = [
      `${result.total} rows — ${result.ok} ok, ${result.tampered} tampered, ${result.unverifiable} unverifiable`,
      ...result.failures.slice(0, 50).map((f) => `  ${f.verdict} ${f.id} trace ${f.trace_id} at ${f.created_at} (${f.reason})`),
      `Note: ${result.not_covered}`,
    ].join('\n');
    return { exitCode: result.ok === result.total ? 0 : 1, json, text };
  },
};

/** This domain's commands, in the order `govcon --help` lists them. */
export const verificationCommands: readonly Command[] = [verifyFileCommand, verifyDbCommand];
