/** One audit entry in full, for the drawer: the AIM declaration, links, and its integrity checked now. */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import type { AuditDetail } from '../../shared/model/audit-log';
import { verifyDbV1Row } from '../../integrity/db-v1';
import { execute, mapped, select } from '../../platform/db/sql/query';
import { isoSql } from '../../platform/db/sql/timestamps';
import { checkUuid } from '../../platform/db/sql/values';
import { PAGE_COLUMNS } from './page-query';
import { toRowDto } from './list';
import { lastRun, rowStatuses } from './verification-results';

interface DetailRow {
  full_error: string | null;
  parameters: unknown;
  input_sources: unknown;
  input_constraints: unknown;
  full_objective: string | null;
  mission_success_criteria: unknown;
  integrity_hash: string;
  created_at_text: string | null;
  trace_text: string;
}

export async function getAuditDetail(sequelize: Sequelize, id: string): Promise<AuditDetail> {
  const auditId = checkUuid(id, 'The audit entry id');
  return mapped(() =>
    sequelize.transaction(async (t) => {
      // db-v1 hashes created_at as PostgreSQL prints it in DateStyle ISO (docs/formats.md §3).
      await execute(sequelize, "SET LOCAL DateStyle = 'ISO, YMD'", [], t);
      const [row] = await select<Parameters<typeof toRowDto>[0] & DetailRow>(
        sequelize,
        `SELECT ${PAGE_COLUMNS}, a.error AS full_error, a.parameters, a.input_sources, a.input_constraints,
                a.mission_objective AS full_objective, a.mission_success_criteria, a.integrity_hash,
                a.created_at::text AS created_at_text, a.trace_id::text AS trace_text
           FROM audit_logs a WHERE a.id = $1::uuid`,
        [auditId],
        t,
      );
      if (!row) throw new AppError('NOT_FOUND', `No audit entry has the id ${auditId}.`);
      const dto = toRowDto(row);
      const [execution] = await select<{
        id: string;
        status: string;
        started_at: string | null;
        completed_at: string | null;
        duration_seconds: string | null;
        error: string | null;
      }>(
        sequelize,
        `SELECT id, status, ${isoSql('started_at')} AS started_at, ${isoSql('completed_at')} AS completed_at,
                duration_seconds::text AS duration_seconds, error
           FROM workflow_executions WHERE audit_log_id = $1::uuid ORDER BY started_at DESC LIMIT 1`,
        [auditId],
        t,
      );
      const [user] = dto.userId
        ? await select<{ id: string; email: string; name: string; role: string; is_active: boolean | null }>(
            sequelize,
            'SELECT id, email, name, role, is_active FROM users WHERE id = $1::uuid',
            [dto.userId],
            t,
          )
        : [];
      const run = await lastRun(sequelize, t);
      const status = (await rowStatuses(sequelize, run, [dto], t)).get(dto.id) ?? 'not-verified';
      dto.status = status;
      const v = verifyDbV1Row({
        trace_id: row.trace_text,
        actor_name: row.actor_name,
        actor_email: row.actor_email,
        actor_role: row.actor_role,
        drag_mode: row.drag_mode,
        workflow_name: row.workflow_name,
        outcome: row.outcome,
        created_at: row.created_at_text,
        integrity_hash: row.integrity_hash,
      });
      return {
        row: { ...dto, error: row.full_error, missionObjective: row.full_objective },
        aim: {
          actor: { name: row.actor_name, email: row.actor_email, role: row.actor_role },
          input: { sources: row.input_sources, constraints: row.input_constraints },
          mission: { objective: row.full_objective, successCriteria: row.mission_success_criteria },
        },
        parameters: row.parameters,
        error: row.full_error,
        integrityHash: row.integrity_hash,
        execution: execution
          ? {
              id: execution.id,
              status: execution.status,
              startedAt: execution.started_at,
              completedAt: execution.completed_at,
              durationSeconds: execution.duration_seconds,
              error: execution.error,
            }
          : null,
        user: user ? { id: user.id, email: user.email, name: user.name, role: user.role, isActive: user.is_active !== false } : null,
        integrity: {
          dbV1: { verdict: v.verdict, reason: v.reason ?? null, computed: v.computed ?? null },
          lastVerification: status,
          seal: null,
        },
      };
    }),
  );
}
