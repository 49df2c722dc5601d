/**
 * `govcon verify-bundle` (offline: no database, no network) and `govcon export-evidence`
 * (docs/cli.md, docs/seal-format.md §12).
 */
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { cliTarget, rawConfig } from '../connections/cli-target';
import { operatorText } from '../verification/reports/facts';
import { exportEvidence, parseIdsFile, verifierText, type EvidenceSelection } from './export';
import type { Command } from '../../platform/cli/command';
import { reportFacts } from '../verification/reports/facts';
import { reportText } from '../verification/reports/text';
import { readTrustedKeys } from '../seals/key-file';
import { verifyBundleFile } from './read-bundle';
import { filterLabel } from './filter-selection';
import { readInputFile } from '../../platform/files/input-file';

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
    // A file that cannot be opened or is not a regular one is FILE_ERROR from the reader itself.
    const report = await verifyBundleFile(file, trusted, reportFacts(ctx.version, ctx.operator()), { progress });
    return { exitCode: report.outcome === 'clean' ? 0 : 1, json: report, text: reportText(report) };
  },
};

function isoTime(value: string | undefined, flag: string): string {
  if (
    !value ||
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]00:?00)?$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw new AppError('VALIDATION', `${flag} needs a UTC time in ISO 8601 (2026-03-11T04:00:00Z), got ${JSON.stringify(value ?? '')}.`);
  }
  return value.replace(/(Z|[+-]00:?00)$/, '').replace('T', ' ');
}

async function selectionOf(
  values: Record<string, string | undefined>,
  now: Date,
): Promise<{ selection: EvidenceSelection; label: string }> {
  const given = ['from', 'ids', 'seals', 'filter'].filter((k) => values[k] !== undefined || (k === 'from' && values.to !== undefined));
  if (given.length !== 1)
    throw new AppError('VALIDATION', 'export-evidence needs exactly one of --from ISO --to ISO, --seals N-M, --ids FILE or --filter STR.');
  if (values.filter !== undefined) return { selection: { kind: 'filter', filter: values.filter }, label: filterLabel(values.filter, now) };
  if (values.seals !== undefined) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(values.seals);
    const first = m ? Number(m[1]) : 0;
    const last = m ? Number(m[2] ?? m[1]) : 0;
    if (!m || first < 1 || last < first) throw new AppError('VALIDATION', `--seals needs N-M with 1 ≤ N ≤ M (got ${values.seals}).`);
    return { selection: { kind: 'seals', first, last }, label: `--seals ${first}-${last}` };
  }
  if (values.ids !== undefined) {
    const text = (await readInputFile(values.ids)).toString('utf8'); // FILE_ERROR naming the path and why
    const ids = parseIdsFile(text, values.ids);
    return { selection: { kind: 'ids', ids }, label: `--ids ${path.basename(values.ids)} (${ids.length} ids)` };
  }
  const from = isoTime(values.from, '--from');
  const to = isoTime(values.to, '--to');
  return { selection: { kind: 'time', from, to }, label: `--from ${values.from} --to ${values.to}` };
}

export const exportEvidenceCommand: Command = {
  name: 'export-evidence',
  async run(ctx) {
    if (ctx.args.positionals.length > 0)
      throw new AppError('VALIDATION', `Unexpected argument "${ctx.args.positionals[0]}". Usage: govcon ${ctx.usage}`);
    const out = ctx.args.values.out;
    if (!out) throw new AppError('VALIDATION', `--out FILE is required. Usage: govcon ${ctx.usage}`);
    const now = new Date();
    const { selection, label } = await selectionOf(ctx.args.values, now);
    const verifier = ctx.args.booleans.has('with-verifier') ? verifierText() : undefined;
    const result = await exportEvidence(await rawConfig(cliTarget(ctx), 'export-evidence'), {
      out,
      selection,
      selectionLabel: label,
      exportedBy: operatorText(ctx.operator()),
      consoleVersion: ctx.version,
      verifier,
      now,
    });
    const text =
      `Wrote ${result.file}: ${result.rows} rows of audit_logs in ${result.runs} runs, ${result.bytes} bytes, ` +
      `proven against seal ${result.seal_number} (tree size ${result.tree_size}) of ${result.origin}.\n` +
      (result.unsealed > 0 ? `${result.unsealed} matching rows are in no seal yet and were left out (govcon seal first).\n` : '') +
      (result.not_found > 0 ? `${result.not_found} of the ids listed are no row of audit_logs (deleted, or never there).\n` : '') +
      `Verify it with: govcon verify-bundle ${out} --trusted-key '${result.signers[0]}'\n`;
    return { exitCode: 0, json: result, text };
  },
};

export const evidenceCommands: readonly Command[] = [verifyBundleCommand, exportEvidenceCommand];
