/** The dashboard's integrity panel: the last verifications on record and what changed since. */
import type { Sequelize } from 'sequelize';
import type { IntegrityStatus } from '../../shared/model/dashboard';
import { auditCoverage } from './coverage';
import { inSnapshot } from './snapshot';
import { recordedVerifications } from './verification-record';

const HISTORY = 5;

/** Said with the panel until sealing is part of the console. */
export const SEALS_NOTE =
  'db-v1 only: seals (a signed Merkle log over every column, which also shows deleted rows) are not part of this console yet.';

export function integrityStatus(sequelize: Sequelize): Promise<IntegrityStatus> {
  return inSnapshot(sequelize, async (t, readAt) => ({
    readAt,
    coverage: await auditCoverage(sequelize, t, null),
    history: await recordedVerifications(sequelize, t, HISTORY),
    seals: { available: false, note: SEALS_NOTE },
  }));
}
