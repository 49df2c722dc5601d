import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { classifyDbError } from '../errors';
import { EMAIL_REGEX, USER_ROLES } from '../../../schema/service-schema';
import { AppError } from '../../../shared/errors';
import type { Operator } from '../../../domains/console-events/events';
import type { UserDto, UserRef, UserRole } from '../../../shared/model/users';

/**
 * What the users and API-key services share: time, errors, cursors, user look-up. SQL is
 * built only from constant fragments in this folder; every value is a bound parameter.
 */

/** Options of a read: `now` is injectable so tests control time. */
export interface ReadOptions {
  now?: Date;
}

/** Options of a change: who acts (recorded in console_events), and when. */
export interface WriteOptions extends ReadOptions {
  operator: Operator;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The table's check constraint, as a JavaScript RegExp: same pattern, case-insensitive (~*). */
export const EMAIL_PATTERN = new RegExp(EMAIL_REGEX, 'i');

export function nowOf(options: ReadOptions | undefined): Date {
  const now = options?.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new AppError('VALIDATION', 'The current time given is not a valid date.');
  return now;
}

/** A Date as a UTC TIMESTAMP literal for a bound parameter (`YYYY-MM-DD HH:MM:SS.mmm`). */
export function pgTimestamp(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

/** A TIMESTAMP column as ISO 8601 UTC text with microseconds (independent of DateStyle). */
export function isoSql(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** ISO text from isoSql back to a TIMESTAMP parameter value (microseconds kept). */
export function isoToPg(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

export const ISO_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const SQLSTATE_CODES: Record<string, { code: 'CONFLICT' | 'VALIDATION'; what: string }> = {
  '23505': { code: 'CONFLICT', what: 'a row with the same unique value exists' },
  '23503': { code: 'CONFLICT', what: 'another row refers to it, or it refers to a row that does not exist' },
  '23514': { code: 'VALIDATION', what: 'a check constraint of the table refused the value' },
  '23502': { code: 'VALIDATION', what: 'a required value is missing' },
  '22001': { code: 'VALIDATION', what: 'a value is too long for its column' },
  '22P02': { code: 'VALIDATION', what: 'a value has the wrong form' },
};

function sqlState(e: unknown): { code?: string; constraint?: string } {
  let cur = e as { code?: string; constraint?: string; parent?: unknown; original?: unknown } | undefined;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return cur;
    cur = (cur.parent ?? cur.original) as typeof cur;
  }
  return {};
}

/**
 * A database error as an AppError: constraint violations → CONFLICT / VALIDATION, the rest
 * (25006 read-only → READ_ONLY, timeouts, lost connections…) by classifyDbError. An AppError
 * passes through unchanged.
 */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const state = sqlState(e);
  const known = state.code ? SQLSTATE_CODES[state.code] : undefined;
  if (known) {
    const constraint = state.constraint ? ` (${state.constraint})` : '';
    return new AppError(known.code, `The database refused the change: ${known.what}${constraint}.`, { cause: e });
  }
  return classifyDbError(e);
}

/** Runs `work`, turning any database error into an AppError. */
export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toAppError(e);
  }
}

/** A managed transaction whose failures come out as AppErrors. */
export function inTransaction<T>(sequelize: Sequelize, work: (t: Transaction) => Promise<T>): Promise<T> {
  return mapped(() => sequelize.transaction(work));
}

/** SELECT with bound parameters. */
export function select<T extends object>(sequelize: Sequelize, sql: string, bind: unknown[], transaction?: Transaction | null): Promise<T[]> {
  return sequelize.query<T>(sql, { type: QueryTypes.SELECT, bind, transaction: transaction ?? null });
}

/** Collects bound parameters and hands out their placeholders ($1, $2…). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** % and _ are literal in a search (LIKE's default escape character is the backslash). */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new AppError('VALIDATION', `The page size must be a whole number from 1 to ${max}.`);
  return limit;
}

// ---------- cursors ----------

export interface CursorState {
  /** What the listing is sorted by, so a cursor is not reused with another order. */
  k: string;
  /** The sort value of the last row (as text), null when it was NULL. */
  v: string | null;
  id: string;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedKey: string, valueRe: RegExp): CursorState {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    state = null;
  }
  const s = state as Partial<CursorState> | null;
  if (!s || typeof s !== 'object' || typeof s.id !== 'string' || !UUID_RE.test(s.id) || !(s.v === null || (typeof s.v === 'string' && valueRe.test(s.v)))) {
    throw new AppError('VALIDATION', 'The page cursor is not valid: start again from the first page.');
  }
  if (s.k !== expectedKey) throw new AppError('VALIDATION', 'The page cursor belongs to another sort order or filter: start again from the first page.');
  return { k: s.k, v: s.v ?? null, id: s.id };
}

/**
 * The keyset condition "after the cursor row" for ORDER BY expr <dir> NULLS <nulls>, id <dir>.
 * `expr` and `id` are constant SQL; the cursor's value and id are bound (`cast` e.g. ::timestamp).
 */
export function keysetCondition(p: Params, expr: string, idExpr: string, dir: 'asc' | 'desc', nulls: 'first' | 'last', cursor: CursorState, cast: string): string {
  const op = dir === 'asc' ? '>' : '<';
  const id = `${p.add(cursor.id)}::uuid`;
  if (cursor.v === null) {
    return nulls === 'last' ? `(${expr} IS NULL AND ${idExpr} ${op} ${id})` : `(${expr} IS NOT NULL OR ${idExpr} ${op} ${id})`;
  }
  const v = `${p.add(cursor.v)}${cast}`;
  const after = `(${expr} ${op} ${v} OR (${expr} = ${v} AND ${idExpr} ${op} ${id}))`;
  return nulls === 'last' ? `(${after} OR ${expr} IS NULL)` : after;
}

export interface KeysetSpec {
  /** FROM clause (constant SQL), e.g. `users u`. */
  from: string;
  /** Select list (constant SQL, or built with the query's parameters); rows must have `id`. */
  columns: string | ((p: Params) => string);
  /** The sort column (constant SQL) and the row's id column. */
  expr: string;
  idExpr: string;
  /** Cast for the cursor's value, e.g. `::timestamp`. */
  cast: string;
  nullable: boolean;
  dir: 'asc' | 'desc';
}

/**
 * One page ordered by (expr, id) in `dir`, NULL sort values last, after `cursor`. Index
 * friendly: the non-NULL part uses a row comparison `(expr, id) < ($v, $id)` that a btree
 * index on (expr, id) answers by a range scan, and the NULL part (only reached at the end)
 * is a second query. The page's ids are chosen first on the bare columns (an InitPlan), and
 * only those rows are fetched by primary key and formatted (to_char on every candidate row
 * would cost more than the scan; `id IN (…)` lets the planner hash-join the whole table).
 * `filters` adds the WHERE terms (called once per query, bound anew).
 * Returns up to `want` rows, each with `sort_value` = the sort column as cursor text.
 */
export async function keysetPage<R extends { id: string; sort_value: string | null }>(
  sequelize: Sequelize,
  spec: KeysetSpec,
  filters: (p: Params) => string[],
  cursor: CursorState | null,
  want: number,
  sortValueSql: string,
): Promise<R[]> {
  const op = spec.dir === 'asc' ? '>' : '<';
  const dir = spec.dir.toUpperCase();
  const rows: R[] = [];
  if (!cursor || cursor.v !== null) {
    const p = new Params();
    const columns = typeof spec.columns === 'string' ? spec.columns : spec.columns(p);
    const where = filters(p);
    if (spec.nullable) where.push(`${spec.expr} IS NOT NULL`);
    if (cursor) where.push(`(${spec.expr}, ${spec.idExpr}) ${op} (${p.add(cursor.v)}${spec.cast}, ${p.add(cursor.id)}::uuid)`);
    const sql = `SELECT ${columns}, ${sortValueSql} AS sort_value FROM ${spec.from}
      WHERE ${spec.idExpr} = ANY (ARRAY(
        SELECT ${spec.idExpr} FROM ${spec.from}
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${spec.expr} ${dir}, ${spec.idExpr} ${dir} LIMIT ${p.add(want)}))
      ORDER BY ${spec.expr} ${dir}, ${spec.idExpr} ${dir}`;
    rows.push(...(await select<R>(sequelize, sql, p.values)));
  }
  if (spec.nullable && rows.length < want) {
    const p = new Params();
    const columns = typeof spec.columns === 'string' ? spec.columns : spec.columns(p);
    const where = filters(p);
    where.push(`${spec.expr} IS NULL`);
    if (cursor && cursor.v === null) where.push(`${spec.idExpr} ${op} ${p.add(cursor.id)}::uuid`);
    const sql = `SELECT ${columns}, NULL::text AS sort_value FROM ${spec.from}
      WHERE ${spec.idExpr} = ANY (ARRAY(
        SELECT ${spec.idExpr} FROM ${spec.from} WHERE ${where.join(' AND ')}
         ORDER BY ${spec.idExpr} ${dir} LIMIT ${p.add(want - rows.length)}))
      ORDER BY ${spec.idExpr} ${dir}`;
    rows.push(...(await select<R>(sequelize, sql, p.values)));
  }
  return rows;
}

// ---------- validation ----------

export function checkRole(role: unknown): UserRole {
  if (typeof role !== 'string' || !(USER_ROLES as readonly string[]).includes(role)) {
    throw new AppError('VALIDATION', `The role must be one of ${USER_ROLES.join(', ')} (got "${String(role).slice(0, 50)}").`);
  }
  return role as UserRole;
}

export function checkUuid(id: unknown, what: string): string {
  if (typeof id !== 'string' || !UUID_RE.test(id)) throw new AppError('VALIDATION', `${what} must be a UUID (got "${String(id).slice(0, 60)}").`);
  return id.toLowerCase();
}

export function checkMetadata(metadata: unknown): Record<string, unknown> {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new AppError('VALIDATION', 'Metadata must be a JSON object.');
  let text: string;
  try {
    text = JSON.stringify(metadata);
  } catch {
    throw new AppError('VALIDATION', 'Metadata must be plain JSON.');
  }
  if (text.length > 100_000) throw new AppError('VALIDATION', 'Metadata is larger than 100,000 characters.');
  return JSON.parse(text) as Record<string, unknown>;
}

// ---------- users ----------

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  is_active: boolean | null;
  created_at: string | null;
  updated_at: string | null;
  last_login_at: string | null;
  metadata: Record<string, unknown> | null;
  key_count?: number | string | null;
  last_key_used_at?: string | null;
}

export const USER_COLUMNS = `u.id, u.email, u.name, u.role, u.is_active, ${isoSql('u.created_at')} AS created_at,
  ${isoSql('u.updated_at')} AS updated_at, ${isoSql('u.last_login_at')} AS last_login_at, u.metadata`;

/** Key count and last key use of the user `u`, as a LATERAL join. */
export const USER_KEYS_LATERAL = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS key_count, ${isoSql('max(k.last_used_at)')} AS last_key_used_at
      FROM api_keys k WHERE k.user_id = u.id) ks ON true`;

/** Key count and last key use for a page of users, in one query (index on api_keys.user_id). */
export async function withKeyStats(sequelize: Sequelize, rows: UserRow[], transaction?: Transaction | null): Promise<UserRow[]> {
  if (!rows.length) return rows;
  const stats = await select<{ user_id: string; key_count: number; last_key_used_at: string | null }>(
    sequelize,
    `SELECT user_id, count(*)::int AS key_count, ${isoSql('max(last_used_at)')} AS last_key_used_at
       FROM api_keys WHERE user_id = ANY($1::uuid[]) GROUP BY user_id`,
    [rows.map((r) => r.id)],
    transaction,
  );
  const byId = new Map(stats.map((s) => [s.user_id, s]));
  return rows.map((r) => ({ ...r, key_count: byId.get(r.id)?.key_count ?? 0, last_key_used_at: byId.get(r.id)?.last_key_used_at ?? null }));
}

export function toUserDto(r: UserRow): UserDto {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    isActive: r.is_active === true,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastLoginAt: r.last_login_at,
    metadata: r.metadata ?? {},
    keyCount: Number(r.key_count ?? 0),
    lastKeyUsedAt: r.last_key_used_at ?? null,
  };
}

/** What console_events keeps about a user (no timestamps that change by themselves). */
export function userSnapshot(u: UserDto): Record<string, unknown> {
  return { id: u.id, email: u.email, name: u.name, role: u.role, is_active: u.isActive, metadata: u.metadata };
}

const FIND_BY_ID = `SELECT ${USER_COLUMNS}, ks.key_count, ks.last_key_used_at FROM users u ${USER_KEYS_LATERAL} WHERE u.id = $1`;
const FIND_BY_EMAIL = `SELECT ${USER_COLUMNS}, ks.key_count, ks.last_key_used_at FROM users u ${USER_KEYS_LATERAL}
  WHERE lower(u.email) = lower($1) ORDER BY u.email`;
const LOCK_USER = 'SELECT id FROM users WHERE id = $1 FOR UPDATE';

export function describeRef(ref: UserRef): string {
  return 'id' in ref ? `id ${ref.id}` : `"${ref.email}"`;
}

/**
 * Finds one user. By id: exactly. By email: case-insensitively; when several emails differ
 * only in case, the one spelled exactly as given wins, and without an exact match it is a
 * CONFLICT naming them all (the caller must give the exact one). NOT_FOUND when none.
 * With `lock`, the row is locked FOR UPDATE in the transaction.
 */
export async function resolveUser(sequelize: Sequelize, ref: UserRef, options: { transaction?: Transaction | null; lock?: boolean } = {}): Promise<UserDto> {
  const t = options.transaction ?? null;
  let row: UserRow | undefined;
  if (ref && 'id' in ref) {
    const id = checkUuid(ref.id, 'A user id');
    [row] = await select<UserRow>(sequelize, FIND_BY_ID, [id], t);
  } else if (ref && 'email' in ref && typeof ref.email === 'string') {
    const email = ref.email.trim();
    if (!email) throw new AppError('VALIDATION', 'An email is required.');
    const found = await select<UserRow>(sequelize, FIND_BY_EMAIL, [email], t);
    if (found.length > 1) {
      row = found.find((r) => r.email === email);
      if (!row) {
        throw new AppError(
          'CONFLICT',
          `Several users have an email that differs from "${email}" only in case: ${found.map((r) => r.email).join(', ')}. Give the exact email.`,
        );
      }
    } else row = found[0];
  } else {
    throw new AppError('VALIDATION', 'A user is given by { id } or { email }.');
  }
  if (!row) throw new AppError('NOT_FOUND', `No user with ${describeRef(ref)}.`);
  if (options.lock) {
    if (!t) throw new Error('resolveUser: lock needs a transaction');
    const locked = await select<{ id: string }>(sequelize, LOCK_USER, [row.id], t);
    if (!locked.length) throw new AppError('NOT_FOUND', `No user with ${describeRef(ref)} (deleted meanwhile).`);
    // Re-read after the lock: another transaction may have changed the row meanwhile.
    [row] = await select<UserRow>(sequelize, FIND_BY_ID, [row.id], t);
  }
  return toUserDto(row!);
}
