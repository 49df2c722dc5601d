/** `govcon audit …`: the audit log from the command line (docs/cli.md, "audit"); the filter grammar is docs/audit-filter.md. */
import { AppError } from '../../shared/errors';
import { AUDIT_ORDERS, EXPORT_FORMATS, type AuditOrder, type AuditRowDto, type ExportFormat } from '../../shared/model/audit-log';
import type { Command } from '../../platform/cli/command';
import { cliTarget, rawConfig, withConnection } from '../connections/cli-target';
import { exportAuditLog } from './export';
import { AUDIT_PAGE_LIMIT, filterOf, listAuditPage } from './list';
import { QueryRegistry } from './tracked-query';

export function auditRowJson(r: AuditRowDto): Record<string, unknown> {
  return {
    id: r.id,
    trace_id: r.traceId,
    user_id: r.userId,
    actor_name: r.actorName,
    actor_email: r.actorEmail,
    actor_role: r.actorRole,
    drag_mode: r.dragMode,
    workflow_name: r.workflowName,
    outcome: r.outcome,
    error: r.error,
    duration_seconds: r.durationSeconds,
    mission_objective: r.missionObjective,
    created_at: r.createdAt,
    status: r.status,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

function limitArg(text: string | undefined): number {
  if (text === undefined) return 50;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > AUDIT_PAGE_LIMIT.max)
    throw new AppError('VALIDATION', `--limit must be a whole number from 1 to ${AUDIT_PAGE_LIMIT.max} (got "${text}").`);
  return n;
}

export const auditListCommand: Command = {
  name: 'audit list',
  async run(ctx) {
    const v = ctx.args.values;
    filterOf(v.filter);
    if (v.order !== undefined && !(AUDIT_ORDERS as readonly string[]).includes(v.order))
      throw new AppError('VALIDATION', `--order is newest or oldest (got "${v.order}").`);
    const limit = limitArg(v.limit);
    const page = await withConnection(cliTarget(ctx), (active) =>
      listAuditPage(active.sequelize, new QueryRegistry(), {
        filter: v.filter ?? '',
        order: (v.order as AuditOrder | undefined) ?? 'newest',
        cursor: v.cursor ?? null,
        limit,
        count: ctx.args.booleans.has('exact-count') ? 'exact' : 'estimate',
      }),
    );
    const json = {
      filter: page.filter,
      rows: page.rows.map(auditRowJson),
      count: page.count,
      has_more: page.hasAfter,
      next_cursor: page.after,
      query_ms: page.queryMs,
    };
    const counted = page.count ? `${page.count.exact ? '' : '~'}${page.count.value.toLocaleString('en')}` : '?';
    const text = [
      page.rows.length
        ? table([
            ['CREATED (UTC)', 'ACTOR', 'MODE', 'WORKFLOW', 'OUTCOME', 'STATUS', 'TRACE'],
            ...page.rows.map((r) => [
              r.createdAt ? r.createdAt.slice(0, 19).replace('T', ' ') : '—',
              r.actorEmail ?? r.actorName,
              r.dragMode,
              r.workflowName,
              r.outcome,
              r.status,
              r.traceId,
            ]),
          ])
        : 'no audit entries match',
      `${page.rows.length} shown of ${counted}${page.after ? ` — next page: --cursor ${page.after}` : ''}`,
    ].join('\n');
    return { exitCode: 0, json, text };
  },
};

export const auditExportCommand: Command = {
  name: 'audit export',
  async run(ctx) {
    const v = ctx.args.values;
    if (v.filter === undefined) throw new AppError('VALIDATION', 'audit export needs --filter (--filter "" exports every entry).');
    filterOf(v.filter);
    if (!v.format || !(EXPORT_FORMATS as readonly string[]).includes(v.format))
      throw new AppError('VALIDATION', `--format is csv or jsonl (got "${v.format ?? ''}").`);
    if (!v.out) throw new AppError('VALIDATION', 'audit export needs --out FILE.');
    const config = await rawConfig(cliTarget(ctx), 'audit export');
    const result = await exportAuditLog(
      config,
      { filter: v.filter, format: v.format as ExportFormat, out: v.out },
      {
        progress: ctx.progress('exporting', 'rows'),
      },
    );
    return {
      exitCode: 0,
      json: result,
      text: `${result.rows.toLocaleString('en')} entries to ${v.out} (${result.bytes.toLocaleString('en')} bytes, sha256 ${result.sha256})\nmanifest: ${result.manifest}`,
    };
  },
};

/** This domain's commands, in the order `govcon --help` lists them. */
export const auditLogCommands: readonly Command[] = [auditListCommand, auditExportCommand];
