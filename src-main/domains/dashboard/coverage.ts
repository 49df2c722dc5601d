/** How much of what a dashboard card summarises the last recorded verification covers. */
import type { Sequelize, Transaction } from 'sequelize';
import { select } from '../../platform/db/sql/query';
import type { Coverage, RecordedVerification } from '../../shared/model/dashboard';
import { recordedVerifications } from './verification-record';

/** From the rows there are now and the last verification (see Coverage for the states). */
export function coverageOf(rows: number, verification: RecordedVerification | null, notCovered: string | null): Coverage {
  if (!verification) return { state: 'unverified', rows, rowsSince: null, verification: null, notCovered };
  const rowsSince = rows - verification.total;
  const state = verification.result === 'fail' ? 'failed' : rowsSince < 0 ? 'changed' : rowsSince > 0 ? 'partly' : 'verified';
  return { state, rows, rowsSince, verification, notCovered };
}

/** The coverage of audit_logs as it is in this transaction's snapshot. */
export async function auditCoverage(sequelize: Sequelize, transaction: Transaction, notCovered: string | null): Promise<Coverage> {
  const [counted] = await select<{ n: number }>(sequelize, 'SELECT count(*)::float8 AS n FROM audit_logs', [], transaction);
  const [last] = await recordedVerifications(sequelize, transaction, 1);
  return coverageOf(counted!.n, last ?? null, notCovered);
}
