/**
 * The service's four views, read for the dashboard (definitions in docs/architecture.md, "The
 * service's database"). Each card's rows and its coverage come from one snapshot; the views
 * aggregate in PostgreSQL, so a card receives a few dozen rows whatever the size of audit_logs.
 */
import type { Sequelize } from 'sequelize';
import { select } from '../../platform/db/sql/query';
import { isoSql } from '../../platform/db/sql/timestamps';
import type {
  DashboardCard,
  DragModeRow,
  RecentGovernanceRow,
  UserActivityCard,
  UserActivityRow,
  WorkflowSuccessRow,
} from '../../shared/model/dashboard';
import { auditCoverage } from './coverage';
import { inSnapshot } from './snapshot';

/*
 * What db-v1 leaves out among the columns each view summarises: it hashes trace_id, the actor's
 * name, email and role, drag_mode, workflow_name, outcome and created_at (docs/formats.md).
 */
const NOT_COVERED = {
  successRate: 'duration_seconds (the average duration) is not covered by db-v1.',
  dragModes: 'duration_seconds (the average duration) is not covered by db-v1.',
  userActivity: 'user_id (which user an entry counts for) is not covered by db-v1, nor is the users table.',
  recent: "duration_seconds and user_id (the user's email) are not covered by db-v1.",
} as const;

/** Workflows shown at most (the view lists every workflow, most executed first). */
const MAX_WORKFLOWS = 50;
const DEFAULT_USERS = 10;

export function successRateCard(sequelize: Sequelize): Promise<DashboardCard<WorkflowSuccessRow>> {
  return inSnapshot(sequelize, async (t, readAt) => {
    const rows = await select<WorkflowSuccessRow>(
      sequelize,
      `SELECT workflow_name AS "workflowName", total_executions::float8 AS total, successful::float8 AS successful,
              failed::float8 AS failed, rejected::float8 AS rejected, success_rate_pct::float8 AS "successRatePct",
              avg_duration_seconds::float8 AS "avgDurationSeconds", ${isoSql('last_execution')} AS "lastExecution"
         FROM v_workflow_success_rate LIMIT $1`,
      [MAX_WORKFLOWS],
      t,
    );
    return { rows, readAt, coverage: await auditCoverage(sequelize, t, NOT_COVERED.successRate) };
  });
}

export function dragModeCard(sequelize: Sequelize): Promise<DashboardCard<DragModeRow>> {
  return inSnapshot(sequelize, async (t, readAt) => {
    const rows = await select<DragModeRow>(
      sequelize,
      `SELECT drag_mode AS "dragMode", total_requests::float8 AS total, unique_actors::float8 AS "uniqueActors",
              avg_duration_seconds::float8 AS "avgDurationSeconds", successful::float8 AS successful,
              success_rate_pct::float8 AS "successRatePct"
         FROM v_drag_mode_distribution`,
      [],
      t,
    );
    return { rows, readAt, coverage: await auditCoverage(sequelize, t, NOT_COVERED.dragModes) };
  });
}

export function userActivityCard(sequelize: Sequelize, limit = DEFAULT_USERS): Promise<UserActivityCard> {
  return inSnapshot(sequelize, async (t, readAt) => {
    const rows = await select<UserActivityRow>(
      sequelize,
      `SELECT id, email, name, role, total_workflows::float8 AS "totalWorkflows", ${isoSql('last_activity')} AS "lastActivity",
              successful_workflows::float8 AS successful, failed_workflows::float8 AS failed
         FROM v_user_activity LIMIT $1`,
      [limit],
      t,
    );
    const [users] = await select<{ n: number }>(sequelize, 'SELECT count(*)::float8 AS n FROM users', [], t);
    return { rows, readAt, users: users!.n, coverage: await auditCoverage(sequelize, t, NOT_COVERED.userActivity) };
  });
}

export function recentCard(sequelize: Sequelize): Promise<DashboardCard<RecentGovernanceRow>> {
  return inSnapshot(sequelize, async (t, readAt) => {
    const rows = await select<RecentGovernanceRow>(
      sequelize,
      `SELECT trace_id AS "traceId", actor_name AS "actorName", actor_role AS "actorRole", drag_mode AS "dragMode",
              workflow_name AS "workflowName", outcome, duration_seconds::float8 AS "durationSeconds",
              ${isoSql('created_at')} AS "createdAt", user_email AS "userEmail"
         FROM v_recent_governance`,
      [],
      t,
    );
    return { rows, readAt, coverage: await auditCoverage(sequelize, t, NOT_COVERED.recent) };
  });
}
