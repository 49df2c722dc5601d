/** One user's page: the user, their keys, activity from v_user_activity, recent audit entries and console events. */
import type { Sequelize } from 'sequelize';
import { listApiKeys } from '../api-keys/list';
import { listEvents } from '../../schema/console-events';
import type { AuditActivityDto, UserDetail } from '../../shared/model/users';
import type { UserRef } from '../../shared/model/refs';
import { resolveUser } from './user-rows';
import { isoSql } from '../../platform/db/sql/timestamps';
import { clampLimit } from '../../platform/db/sql/params';
import { mapped, select } from '../../platform/db/sql/query';
import { nowOf, type ReadOptions } from '../../platform/db/sql/options';

export interface ActivityRow {
  total_workflows: string | number | null;
  successful_workflows: string | number | null;
  failed_workflows: string | number | null;
  last_activity: string | null;
}

export interface AuditRow {
  id: string;
  trace_id: string;
  created_at: string | null;
  workflow_name: string;
  drag_mode: string;
  outcome: string;
  duration_seconds: string | null;
  has_error: boolean;
}

export const ACTIVITY_SQL = `SELECT total_workflows, successful_workflows, failed_workflows, ${isoSql('last_activity')} AS last_activity
  FROM v_user_activity WHERE id = $1`;

export const RECENT_AUDIT_SQL = `SELECT id, trace_id, ${isoSql('created_at')} AS created_at, workflow_name, drag_mode, outcome,
  duration_seconds::text AS duration_seconds, error IS NOT NULL AS has_error
  FROM audit_logs WHERE user_id = $1 ORDER BY audit_logs.created_at DESC NULLS LAST, id DESC LIMIT $2`;

/**
 * A user with their keys, activity counts from v_user_activity, latest audit entries and the
 * latest console events about them.
 */
export async function getUserDetail(
  sequelize: Sequelize,
  ref: UserRef,
  options: ReadOptions & { auditLimit?: number; eventLimit?: number } = {},
): Promise<UserDetail> {
  const now = nowOf(options);
  const auditLimit = clampLimit(options.auditLimit, 20, 500);
  const eventLimit = clampLimit(options.eventLimit, 20, 500);
  return mapped(async () => {
    const user = await resolveUser(sequelize, ref);
    const [activity] = await select<ActivityRow>(sequelize, ACTIVITY_SQL, [user.id]);
    const audit = await select<AuditRow>(sequelize, RECENT_AUDIT_SQL, [user.id, auditLimit]);
    const keys = await listApiKeys(sequelize, { user: { id: user.id }, limit: 500, includeTotal: false }, { now });
    const events = await listEvents(sequelize, { targetKind: 'user', targetId: user.id, limit: eventLimit });
    return {
      user,
      usableKeyCount: keys.rows.filter((k) => k.status === 'active' || k.status === 'expiring').length,
      keys: keys.rows,
      activity: {
        totalWorkflows: Number(activity?.total_workflows ?? 0),
        successfulWorkflows: Number(activity?.successful_workflows ?? 0),
        failedWorkflows: Number(activity?.failed_workflows ?? 0),
        lastActivity: activity?.last_activity ?? null,
      },
      recentAudit: audit.map((a): AuditActivityDto => ({
        id: a.id,
        traceId: a.trace_id,
        createdAt: a.created_at,
        workflowName: a.workflow_name,
        dragMode: a.drag_mode,
        outcome: a.outcome,
        durationSeconds: a.duration_seconds === null ? null : Number(a.duration_seconds),
        hasError: a.has_error,
      })),
      recentEvents: events.map((e) => ({
        occurredAt: e.occurredAt,
        operatorName: e.operatorName,
        action: e.action,
        before: e.before,
        after: e.after,
        sessionRole: e.sessionRole,
        clientAddr: e.clientAddr,
        consoleVersion: e.consoleVersion,
      })),
    };
  });
}

// ---------- dormant accounts ----------
