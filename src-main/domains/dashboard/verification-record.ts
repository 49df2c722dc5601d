/**
 * db-v1 verifications on record: the verify-db channel writes one console event per finished
 * verification of the whole table (action `integrity.verify-db`), and the dashboard reads them
 * back, newest first. The event is the console's own log (console_events), so a verification is
 * recorded in the database it verified, beside the other administrative actions.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { listEvents, recordEvent, type ConsoleEvent } from '../../schema/console-events';
import type { RecordedVerification } from '../../shared/model/dashboard';
import type { Operator } from '../../shared/model/operator';
import type { VerifyDbResult } from '../../shared/model/verification';

export const VERIFY_DB_ACTION = 'integrity.verify-db';

/** What the event keeps (its `after`): counts only, never row contents. */
interface VerificationFacts {
  method: 'db-v1';
  result: 'pass' | 'fail';
  total: number;
  ok: number;
  tampered: number;
  unverifiable: number;
  started_at: string;
}

/** Records a finished db-v1 verification of the whole table; `database` names it (host:port/name). */
export async function recordDbVerification(
  sequelize: Sequelize,
  operator: Operator,
  database: string,
  result: VerifyDbResult,
  startedAt: string,
): Promise<void> {
  const after: VerificationFacts = {
    method: 'db-v1',
    // Nothing verified is not a pass (an empty table is a finding of its own, docs/cli.md).
    result: result.total > 0 && result.ok === result.total ? 'pass' : 'fail',
    total: result.total,
    ok: result.ok,
    tampered: result.tampered,
    unverifiable: result.unverifiable,
    started_at: startedAt,
  };
  await recordEvent(sequelize, { operator, action: VERIFY_DB_ACTION, targetKind: 'database', targetId: database, after });
}

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

/** An event as a verification, or null when its facts are not what recordDbVerification writes. */
function asVerification(event: ConsoleEvent): RecordedVerification | null {
  const facts = (event.after ?? {}) as Partial<Record<keyof VerificationFacts, unknown>>;
  const [total, ok, tampered, unverifiable] = [facts.total, facts.ok, facts.tampered, facts.unverifiable].map(count);
  if (facts.method !== 'db-v1' || total === null || ok === null || tampered === null || unverifiable === null) return null;
  return {
    method: 'db-v1',
    // occurred_at as PostgreSQL prints a TIMESTAMP (UTC by convention), as ISO text.
    at: `${event.occurredAt.replace(' ', 'T')}Z`,
    by: event.operatorName,
    result: ok === total ? 'pass' : 'fail',
    total,
    ok,
    tampered,
    unverifiable,
  };
}

/** The latest recorded verifications, newest first. */
export async function recordedVerifications(
  sequelize: Sequelize,
  transaction: Transaction | null,
  limit: number,
): Promise<RecordedVerification[]> {
  const events = await listEvents({ sequelize, transaction }, { action: VERIFY_DB_ACTION, limit });
  return events.map(asVerification).filter((v): v is RecordedVerification => v !== null);
}
