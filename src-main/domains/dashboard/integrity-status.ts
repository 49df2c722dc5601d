/** The dashboard's integrity panel: the last verifications on record and what changed since. */
import type { Sequelize, Transaction } from 'sequelize';
import type { IntegrityStatus, SealsSummary } from '../../shared/model/dashboard';
import { select } from '../../platform/db/sql/query';
import { isoSql } from '../../platform/db/sql/timestamps';
import { auditCoverage } from './coverage';
import { inSnapshot } from './snapshot';
import { recordedVerifications } from './verification-record';

const HISTORY = 5;

export function integrityStatus(sequelize: Sequelize): Promise<IntegrityStatus> {
  return inSnapshot(sequelize, async (t, readAt) => {
    const coverage = await auditCoverage(sequelize, t, null);
    return {
      readAt,
      coverage,
      history: await recordedVerifications(sequelize, t, HISTORY),
      seals: await sealsSummary(sequelize, t, coverage.rows),
    };
  });
}

/** What the seal tables say of audit_logs' log, in the panel's snapshot (seal rows only: no leaf is read). */
async function sealsSummary(sequelize: Sequelize, t: Transaction, rows: number): Promise<SealsSummary> {
  const [tables] = await select<{ present: boolean }>(sequelize, "SELECT to_regclass('console_seals') IS NOT NULL AS present", [], t);
  if (!tables?.present) {
    return { available: false, note: 'No seal tables: migrate the database (Database page) to seal its trail.', auditLog: null };
  }
  const [last] = await select<{ seals: number; tree_size: string; sealed_at: string }>(
    sequelize,
    `SELECT s.seal_number AS seals, s.tree_size::text AS tree_size, ${isoSql('s.sealed_at')} AS sealed_at
       FROM console_seals s JOIN console_seal_logs g ON g.log_id = s.log_id
      WHERE g.table_name = 'audit_logs' ORDER BY s.seal_number DESC LIMIT 1`,
    [],
    t,
  );
  if (!last) {
    return {
      available: false,
      note: 'Not sealed yet: db-v1 alone cannot see changed columns or deleted rows. Seal the trail on the Integrity page.',
      auditLog: null,
    };
  }
  const sealedRows = Number(last.tree_size);
  const newer = Math.max(0, rows - sealedRows);
  return {
    available: true,
    note:
      `${sealedRows.toLocaleString('en')} rows sealed by ${last.seals.toLocaleString('en')} seal(s), the newest at ${last.sealed_at}; ` +
      `${newer.toLocaleString('en')} row(s) newer than it. Verify with seals on the Integrity page checks every column and row.`,
    auditLog: { seals: last.seals, sealedRows, lastSealedAt: last.sealed_at },
  };
}
