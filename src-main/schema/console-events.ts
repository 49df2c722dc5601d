import { QueryTypes, Sequelize, type Transaction } from 'sequelize';
import { AppError } from '../shared/errors';
import type { Operator } from '../shared/model/operator';

/**
 * The console's own event log (table console_events, created by the
 * 20261127T000000-console-events migration): who did what to which object, with the state
 * before and after. Every administrative action of the console records one event, in the
 * same transaction as the change when there is one.
 *
 * Beside the operator the profile declares, the server records who it authenticated (migration
 * 20261210T000000-console-event-identity): the session's role and client address, set by a
 * trigger whatever the INSERT says, and the console's version from the session's settings.
 * They are read through to_jsonb(row), so a database not migrated that far still lists its
 * events (with null for them).
 */

/** A Sequelize instance, or one with the transaction to write in (a migration's context fits). */
export type EventWriter = Sequelize | { sequelize: Sequelize; transaction?: Transaction | null };

export interface ConsoleEventInput {
  operator: Operator;
  /** `domain.verb`, e.g. `database.migrate`, `users.create`. */
  action: string;
  /** What was acted on: `database`, `user`, `api_key`… */
  targetKind?: string | null;
  targetId?: string | null;
  /** Plain JSON values (stored as jsonb); undefined is stored as NULL. */
  before?: unknown;
  after?: unknown;
}

export interface ConsoleEvent {
  id: string;
  /** UTC, as PostgreSQL prints a TIMESTAMP (`YYYY-MM-DD HH:MM:SS.ffffff`), never through Date. */
  occurredAt: string;
  operatorName: string;
  operatorEmail: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  /** The database role that wrote it (session_user), as the server recorded it; null before the column existed. */
  sessionRole: string | null;
  /** The address it connected from (null over a Unix socket, or before the column existed). */
  clientAddr: string | null;
  /** The console that wrote it; null for other writers and older events. */
  consoleVersion: string | null;
}

interface EventRow {
  id: string;
  occurred_at: string;
  operator_name: string;
  operator_email: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  session_role: string | null;
  client_addr: string | null;
  console_version: string | null;
}

const COLUMNS = `id, occurred_at::text AS occurred_at, operator_name, operator_email, action,
                 target_kind, target_id, before, after,
                 to_jsonb(console_events) ->> 'session_role' AS session_role,
                 host(((to_jsonb(console_events) ->> 'client_addr'))::inet) AS client_addr,
                 to_jsonb(console_events) ->> 'console_version' AS console_version`;

const INSERT_EVENT = `
  INSERT INTO console_events (operator_name, operator_email, action, target_kind, target_id, before, after)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
  RETURNING ${COLUMNS}`;

const LIST_EVENTS = `
  SELECT ${COLUMNS}
    FROM console_events
   WHERE ($1::text IS NULL OR action = $1)
     AND ($2::text IS NULL OR target_kind = $2)
     AND ($3::text IS NULL OR target_id = $3)
   ORDER BY occurred_at DESC, id DESC
   LIMIT $4`;

function writer(db: EventWriter): { sequelize: Sequelize; transaction: Transaction | null } {
  return db instanceof Sequelize ? { sequelize: db, transaction: null } : { sequelize: db.sequelize, transaction: db.transaction ?? null };
}

function text(value: string | null | undefined, field: string, max: number, required: boolean): string | null {
  const v = value === undefined || value === null ? null : String(value).trim();
  if (v === null || v === '') {
    if (required) throw new AppError('VALIDATION', `Console event: ${field} is required.`);
    return null;
  }
  if (v.length > max) throw new AppError('VALIDATION', `Console event: ${field} is longer than ${max} characters.`);
  return v;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function toEvent(r: EventRow): ConsoleEvent {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    operatorName: r.operator_name,
    operatorEmail: r.operator_email,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    before: r.before,
    after: r.after,
    sessionRole: r.session_role,
    clientAddr: r.client_addr,
    consoleVersion: r.console_version,
  };
}

/** Writes one event (bound parameters only) and returns it as stored. */
export async function recordEvent(db: EventWriter, input: ConsoleEventInput): Promise<ConsoleEvent> {
  const { sequelize, transaction } = writer(db);
  const bind = [
    text(input.operator?.name, 'operator name', 255, true),
    text(input.operator?.email, 'operator email', 255, false),
    text(input.action, 'action', 100, true),
    text(input.targetKind, 'target kind', 50, false),
    text(input.targetId, 'target id', 255, false),
    json(input.before),
    json(input.after),
  ];
  const rows = await sequelize.query<EventRow>(INSERT_EVENT, { type: QueryTypes.SELECT, bind, transaction });
  return toEvent(rows[0]!);
}

export interface ListEventsOptions {
  limit?: number;
  action?: string;
  targetKind?: string;
  targetId?: string;
}

/** The latest events first (occurred_at, then id), optionally filtered. */
export async function listEvents(db: EventWriter, options: ListEventsOptions = {}): Promise<ConsoleEvent[]> {
  const { sequelize, transaction } = writer(db);
  const limit = Math.max(1, Math.min(1000, Math.trunc(options.limit ?? 100)));
  const rows = await sequelize.query<EventRow>(LIST_EVENTS, {
    type: QueryTypes.SELECT,
    bind: [options.action ?? null, options.targetKind ?? null, options.targetId ?? null, limit],
    transaction,
  });
  return rows.map(toEvent);
}
