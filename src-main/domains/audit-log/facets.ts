/** Values the filter bar offers: the workflow names in use, read by a loose index scan (one probe per name). */
import type { Sequelize } from 'sequelize';
import type { AuditFacets } from '../../shared/model/audit-log';
import { mapped, select } from '../../platform/db/sql/query';

const MAX_NAMES = 500;

export async function auditFacets(sequelize: Sequelize): Promise<AuditFacets> {
  // SELECT DISTINCT would read every row; this walks idx_audit_logs_workflow_name from name to name.
  const sql = `WITH RECURSIVE w(name, n) AS (
      (SELECT workflow_name, 1 FROM audit_logs ORDER BY workflow_name LIMIT 1)
      UNION ALL
      SELECT (SELECT workflow_name FROM audit_logs WHERE workflow_name > w.name ORDER BY workflow_name LIMIT 1), w.n + 1
        FROM w WHERE w.name IS NOT NULL AND w.n < $1)
    SELECT name FROM w WHERE name IS NOT NULL`;
  const rows = await mapped(() => select<{ name: string }>(sequelize, sql, [MAX_NAMES]));
  return { workflows: rows.map((r) => r.name), roles: [] };
}
