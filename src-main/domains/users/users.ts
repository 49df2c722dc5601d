import type { Sequelize, Transaction } from 'sequelize';
import { USER_ROLES } from '../../shared/model/vocabulary';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import { listApiKeys, restoreUserKeys, suspendUserKeys } from '../api-keys/api-keys';
import { listEvents, recordEvent } from '../console-events/events';
import type { AuditActivityDto, BulkUserAction, BulkUserResult, DeleteUserPreview, DeleteUserResult, DormantQuery, DormantReport, DormantUserDto, SuspendedKeyRef, UserCreateInput, UserDetail, UserDto, UserKeysChange, UserListQuery, UserMutationResult, UserSortKey, UserUpdateInput } from '../../shared/model/users';
import type { Page } from '../../shared/model/page';
import type { UserRef } from '../../shared/model/refs';
import type { UserRole } from '../../shared/model/vocabulary';
import { EMAIL_PATTERN, USER_COLUMNS, USER_KEYS_LATERAL, checkRole, resolveUser, toUserDto, userSnapshot, withKeyStats, type UserRow } from './user-rows';
import { ISO_TS_RE, isoSql, isoToPg, pgTimestamp } from '../../platform/db/sql/timestamps';
import { Params, clampLimit, containsPattern } from '../../platform/db/sql/params';
import { checkMetadata, checkUuid } from '../../platform/db/sql/values';
import { decodeCursor, encodeCursor } from '../../platform/db/sql/cursor';
import { inTransaction } from '../../platform/db/transaction';
import { keysetCondition, keysetPage } from '../../platform/db/sql/keyset';
import { execute, mapped, select } from '../../platform/db/sql/query';
import { nowOf, type ReadOptions, type WriteOptions } from '../../platform/db/sql/options';

/**
 * Users of the governance database (table `users`, DESIGN.md §1): listing with keyset paging,
 * creation, edits, disable/enable, guarded deletion, detail, the dormant-accounts report and
 * bulk actions. Every change is recorded in console_events in the same transaction, with the
 * operator and the values before and after. Errors are AppErrors (VALIDATION, NOT_FOUND,
 * CONFLICT, READ_ONLY on a read-only connection…).
 */

export { resolveUser } from './user-rows';
export const ROLES: readonly UserRole[] = USER_ROLES;
export const DEFAULT_DORMANT_DAYS = LIMITS.dormantDays.default;

// ---------- validation ----------

/** Null when the email would pass users_email_check (same pattern, case-insensitive), else why not. */
export function emailProblem(email: string): string | null {
  if (email.length > 255) return 'An email is at most 255 characters.';
  if (!EMAIL_PATTERN.test(email)) return `"${email.slice(0, 100)}" is not an email address the users table accepts (local@domain.tld, letters, digits and . _ % + - only).`;
  return null;
}

function checkEmail(email: unknown): string {
  if (typeof email !== 'string') throw new AppError('VALIDATION', 'An email is required.');
  const trimmed = email.trim();
  const problem = emailProblem(trimmed);
  if (problem) throw new AppError('VALIDATION', problem);
  return trimmed;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) throw new AppError('VALIDATION', 'A name is required.');
  const trimmed = name.trim();
  if (trimmed.length > 255) throw new AppError('VALIDATION', 'A name is at most 255 characters.');
  return trimmed;
}

// ---------- listing ----------

const SORTS: Record<UserSortKey, { expr: string; cast: string; nullable: boolean }> = {
  created_at: { expr: 'u.created_at', cast: '::timestamp', nullable: true },
  last_login_at: { expr: 'u.last_login_at', cast: '::timestamp', nullable: true },
  email: { expr: 'u.email', cast: '::text', nullable: false },
};

function userFilters(p: Params, q: { search?: string | null; role?: string | null; active?: boolean | null }): string[] {
  const where: string[] = [];
  if (q.search && q.search.trim()) {
    const pattern = p.add(containsPattern(q.search.trim()));
    where.push(`(u.email ILIKE ${pattern} OR u.name ILIKE ${pattern})`);
  }
  if (q.role !== undefined && q.role !== null) where.push(`u.role = ${p.add(checkRole(q.role))}`);
  if (q.active === true) where.push('u.is_active IS TRUE');
  if (q.active === false) where.push('u.is_active IS NOT TRUE');
  return where;
}

/**
 * One page of users. Keyset paging on (sort column, id): each page costs the same whatever
 * its depth. NULL sort values (never logged in) come last in both directions.
 */
export async function listUsers(sequelize: Sequelize, query: UserListQuery = {}): Promise<Page<UserDto>> {
  const sortKey = query.sort ?? 'created_at';
  const sort = SORTS[sortKey];
  if (!sort) throw new AppError('VALIDATION', `Users sort by ${Object.keys(SORTS).join(', ')} (got "${String(sortKey)}").`);
  const dir = query.direction ?? 'desc';
  if (dir !== 'asc' && dir !== 'desc') throw new AppError('VALIDATION', 'The sort direction is asc or desc.');
  const limit = clampLimit(query.limit, LIMITS.pageSize.default, LIMITS.pageSize.max);
  const cursorKey = `users:${sortKey}:${dir}:${JSON.stringify([query.search?.trim() || null, query.role ?? null, query.active ?? null])}`;
  const cursor = query.cursor ? decodeCursor(query.cursor, cursorKey, sort.cast === '::timestamp' ? ISO_TS_RE : /^[\s\S]{1,255}$/) : null;
  if (cursor && cursor.v !== null && sort.cast === '::timestamp') cursor.v = isoToPg(cursor.v);

  return mapped(async () => {
    const rows = await keysetPage<UserRow & { sort_value: string | null }>(
      sequelize,
      { from: 'users u', columns: USER_COLUMNS, expr: sort.expr, idExpr: 'u.id', cast: sort.cast, nullable: sort.nullable, dir },
      (p) => userFilters(p, query),
      cursor,
      limit + 1,
      sort.cast === '::timestamp' ? isoSql(sort.expr) : sort.expr,
    );
    const hasMore = rows.length > limit;
    const pageRows = rows.slice(0, limit);
    const last = pageRows[pageRows.length - 1];
    let total: number | null = null;
    if (query.includeTotal !== false) {
      const p = new Params();
      const where = userFilters(p, query);
      const [c] = await select<{ n: number }>(sequelize, `SELECT count(*)::int AS n FROM users u ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, p.values);
      total = c!.n;
    }
    return {
      rows: (await withKeyStats(sequelize, pageRows)).map(toUserDto),
      total,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ k: cursorKey, v: last.sort_value, id: last.id }) : null,
    };
  });
}

/** One user by id or email (see resolveUser for the case rules). */
export function getUser(sequelize: Sequelize, ref: UserRef): Promise<UserDto> {
  return mapped(() => resolveUser(sequelize, ref));
}

/**
 * Every user whose email equals this one ignoring case (for the "which one did you mean"
 * question): [] when none.
 */
export async function findUsersByEmail(sequelize: Sequelize, email: string): Promise<UserDto[]> {
  const sql = `SELECT ${USER_COLUMNS}, ks.key_count, ks.last_key_used_at FROM users u ${USER_KEYS_LATERAL}
    WHERE lower(u.email) = lower($1) ORDER BY u.email`;
  return mapped(async () => (await select<UserRow>(sequelize, sql, [email.trim()])).map(toUserDto));
}

// ---------- changes ----------

const INSERT_USER = `
  INSERT INTO users (email, name, role, is_active, metadata, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamp, $6::timestamp)
  RETURNING id`;

/**
 * Creates a user. The email must pass the table's check (same regex, case-insensitive) and
 * must not exist already in any letter case (lookups ignore case, so a second spelling would
 * make them ambiguous): CONFLICT then.
 */
export async function createUser(sequelize: Sequelize, input: UserCreateInput, options: WriteOptions): Promise<UserDto> {
  const email = checkEmail(input.email);
  const name = checkName(input.name);
  const role = checkRole(input.role ?? 'user');
  const metadata = checkMetadata(input.metadata ?? {});
  const isActive = input.isActive ?? true;
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    // Two operators creating the same email in different cases at once: one waits.
    await select(sequelize, 'SELECT pg_advisory_xact_lock(hashtext(lower($1)))', [email], t);
    const existing = await select<{ email: string }>(sequelize, 'SELECT email FROM users WHERE lower(email) = lower($1)', [email], t);
    if (existing.some((r) => r.email === email)) throw new AppError('CONFLICT', `A user with the email "${email}" exists already.`);
    if (existing.length) {
      throw new AppError('CONFLICT', `A user whose email differs only in case exists already: ${existing.map((r) => r.email).join(', ')}.`);
    }
    const [row] = await select<{ id: string }>(sequelize, INSERT_USER, [email, name, role, isActive, JSON.stringify(metadata), pgTimestamp(now)], t);
    const user = await resolveUser(sequelize, { id: row!.id }, { transaction: t });
    await recordEvent({ sequelize, transaction: t }, { operator: options.operator, action: 'users.create', targetKind: 'user', targetId: user.id, before: null, after: userSnapshot(user) });
    return user;
  });
}

const UPDATE_USER = 'UPDATE users SET name = $2, role = $3, metadata = $4::jsonb, is_active = $5 WHERE id = $1';

interface Change {
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

async function applyChange(
  sequelize: Sequelize,
  t: Transaction,
  user: UserDto,
  next: { name: string; role: string; metadata: Record<string, unknown>; isActive: boolean },
  options: WriteOptions,
): Promise<UserMutationResult> {
  const changes: Change[] = [];
  if (next.role !== user.role) changes.push({ action: 'users.set_role', before: { role: user.role }, after: { role: next.role } });
  if (next.isActive !== user.isActive) {
    changes.push({ action: next.isActive ? 'users.enable' : 'users.disable', before: { is_active: user.isActive }, after: { is_active: next.isActive } });
  }
  const edit: Change = { action: 'users.update', before: {}, after: {} };
  if (next.name !== user.name) {
    edit.before.name = user.name;
    edit.after.name = next.name;
  }
  if (JSON.stringify(next.metadata) !== JSON.stringify(user.metadata)) {
    edit.before.metadata = user.metadata;
    edit.after.metadata = next.metadata;
  }
  if (Object.keys(edit.after).length) changes.push(edit);
  if (!changes.length) return { user, changed: false };
  await execute(sequelize, UPDATE_USER, [user.id, next.name, next.role, JSON.stringify(next.metadata), next.isActive], t);
  for (const c of changes) {
    await recordEvent(
      { sequelize, transaction: t },
      { operator: options.operator, action: c.action, targetKind: 'user', targetId: user.id, before: { email: user.email, ...c.before }, after: { email: user.email, ...c.after } },
    );
  }
  return { user: await resolveUser(sequelize, { id: user.id }, { transaction: t }), changed: true };
}

/**
 * Edits name, role and/or metadata (replaced as a whole). One event per kind of change:
 * users.set_role for the role, users.update for name and metadata.
 */
export async function updateUser(sequelize: Sequelize, ref: UserRef, patch: UserUpdateInput, options: WriteOptions): Promise<UserMutationResult> {
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const role = patch.role === undefined ? undefined : checkRole(patch.role);
  const metadata = patch.metadata === undefined ? undefined : checkMetadata(patch.metadata);
  return inTransaction(sequelize, async (t) => {
    const user = await resolveUser(sequelize, ref, { transaction: t, lock: true });
    return applyChange(sequelize, t, user, { name: name ?? user.name, role: role ?? user.role, metadata: metadata ?? user.metadata, isActive: user.isActive }, options);
  });
}

export function setUserRole(sequelize: Sequelize, ref: UserRef, role: UserRole, options: WriteOptions): Promise<UserMutationResult> {
  return updateUser(sequelize, ref, { role }, options);
}

// ---------- disable / enable, with the user's keys ----------

/*
 * The service authenticates a key by key_hash, is_active, revoked_at and expires_at only: it
 * never looks at users.is_active. So disabling a user also suspends the user's usable keys
 * (suspendUserKeys: is_active = false, metadata.suspended_with_user = when), and enabling
 * restores exactly those (restoreUserKeys), unless revoked or expired meanwhile — in the same
 * transaction as the user, recorded in the same console event. Keys switched off on their own
 * are never touched. A user already disabled (by the service, or before this rule) whose keys
 * still work gets them suspended by a new disable: that counts as a change.
 */

function keysSwitched(keys: UserKeysChange): boolean {
  return keys.suspended.length + keys.restored.length + keys.notRestored.length > 0;
}

function keyEntry(k: SuspendedKeyRef, withUser: boolean): Record<string, unknown> {
  return { id: k.id, ...(withUser ? { user_id: k.userId } : {}), name: k.name, prefix: k.prefix };
}

/** The keys part of a users.disable / users.enable (or bulk) event: ids and prefixes, never secrets or hashes. */
function keyEventParts(active: boolean, keys: UserKeysChange, withUser: boolean): { before: Record<string, unknown>; after: Record<string, unknown> } {
  if (!active) {
    return {
      before: { api_keys: keys.suspended.map((k) => ({ ...keyEntry(k, withUser), is_active: true })) },
      after: { api_keys: keys.suspended.map((k) => ({ ...keyEntry(k, withUser), is_active: false, suspended_with_user: k.suspendedAt })) },
    };
  }
  return {
    before: { api_keys: [...keys.restored, ...keys.notRestored].map((k) => ({ ...keyEntry(k, withUser), suspended_with_user: k.suspendedAt })) },
    after: {
      api_keys: keys.restored.map((k) => ({ ...keyEntry(k, withUser), is_active: true })),
      api_keys_not_restored: keys.notRestored.map((k) => ({ ...keyEntry(k, withUser), reason: k.reason })),
    },
  };
}

/**
 * Disables (active=false) or re-enables a user, with the user's keys (see above): `keys` says
 * which were suspended, restored, or left off because revoked or expired meanwhile. One event
 * (users.disable / users.enable) with the user's state and those keys before and after.
 */
export async function setUserActive(sequelize: Sequelize, ref: UserRef, active: boolean, options: WriteOptions): Promise<UserMutationResult> {
  if (typeof active !== 'boolean') throw new AppError('VALIDATION', 'active must be true or false.');
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    const user = await resolveUser(sequelize, ref, { transaction: t, lock: true });
    const keys = active ? await restoreUserKeys(sequelize, t, [user.id], now) : await suspendUserKeys(sequelize, t, [user.id], now);
    const userChanges = user.isActive !== active;
    if (!userChanges && !keysSwitched(keys)) return { user, changed: false, keys };
    if (userChanges) await execute(sequelize, 'UPDATE users SET is_active = $2 WHERE id = $1', [user.id, active], t);
    const parts = keyEventParts(active, keys, false);
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: active ? 'users.enable' : 'users.disable',
        targetKind: 'user',
        targetId: user.id,
        before: { email: user.email, is_active: user.isActive, ...parts.before },
        after: { email: user.email, is_active: active, ...parts.after },
      },
    );
    return { user: await resolveUser(sequelize, { id: user.id }, { transaction: t }), changed: true, keys };
  });
}

// ---------- deletion ----------

const DELETE_FACTS = `
  SELECT (SELECT count(*)::int FROM api_keys k WHERE k.user_id = $1) AS key_count,
         (SELECT count(*)::int FROM api_keys k WHERE k.user_id = $1 AND k.is_active IS TRUE AND k.revoked_at IS NULL
             AND (k.expires_at IS NULL OR k.expires_at > $2::timestamp)) AS usable_key_count,
         (SELECT count(*)::int FROM audit_logs a WHERE a.user_id = $1) AS audit_refs,
         (SELECT count(*)::int FROM workflow_executions w WHERE w.user_id = $1) AS execution_refs`;

interface DeleteFacts {
  key_count: number;
  usable_key_count: number;
  audit_refs: number;
  execution_refs: number;
}

function preview(user: UserDto, f: DeleteFacts): DeleteUserPreview {
  const keys = `${f.key_count} API key${f.key_count === 1 ? '' : 's'}`;
  const blockedReason = f.audit_refs
    ? `${f.audit_refs} audit entr${f.audit_refs === 1 ? 'y refers' : 'ies refer'} to ${user.email}: deleting the user would rewrite their user_id. Disable the user instead.`
    : null;
  return {
    user,
    keyCount: f.key_count,
    usableKeyCount: f.usable_key_count,
    auditRefs: f.audit_refs,
    workflowExecutionRefs: f.execution_refs,
    canDelete: !f.audit_refs,
    blockedReason,
    confirmation: blockedReason
      ? `${user.email} cannot be deleted: ${blockedReason}`
      : `Delete ${user.email} (${user.name}) and ${f.key_count ? `its ${keys} (${f.usable_key_count} usable)` : 'no API keys'}${f.execution_refs ? `; ${f.execution_refs} workflow execution(s) lose their user` : ''}? This cannot be undone.`,
  };
}

/** What deleting the user would take with it, and whether it is allowed. Changes nothing. */
export async function deleteUserPreview(sequelize: Sequelize, ref: UserRef, options: ReadOptions = {}): Promise<DeleteUserPreview> {
  const now = nowOf(options);
  return mapped(async () => {
    const user = await resolveUser(sequelize, ref);
    const [facts] = await select<DeleteFacts>(sequelize, DELETE_FACTS, [user.id, pgTimestamp(now)]);
    return preview(user, facts!);
  });
}

/**
 * Deletes a user no audit entry refers to (CONFLICT otherwise), with its keys (ON DELETE
 * CASCADE). `confirmKeyCount` is the key count the person confirmed (from deleteUserPreview):
 * if keys were added or removed since, CONFLICT and nothing is deleted.
 */
export async function deleteUser(sequelize: Sequelize, ref: UserRef, options: WriteOptions & { confirmKeyCount: number }): Promise<DeleteUserResult> {
  if (!Number.isInteger(options.confirmKeyCount) || options.confirmKeyCount < 0) {
    throw new AppError('VALIDATION', 'Deleting a user needs the confirmed number of keys that go with it (from the preview).');
  }
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    // Locking the row also holds off new audit entries for it (their foreign key check waits).
    const user = await resolveUser(sequelize, ref, { transaction: t, lock: true });
    const [facts] = await select<DeleteFacts>(sequelize, DELETE_FACTS, [user.id, pgTimestamp(now)], t);
    const p = preview(user, facts!);
    if (!p.canDelete) throw new AppError('CONFLICT', p.blockedReason!);
    if (p.keyCount !== options.confirmKeyCount) {
      throw new AppError('CONFLICT', `${user.email} has ${p.keyCount} API key(s) now, not the ${options.confirmKeyCount} confirmed: look again before deleting.`);
    }
    const keys = await select<{ id: string; name: string; prefix: string | null }>(
      sequelize,
      "SELECT id, name, metadata->>'prefix' AS prefix FROM api_keys WHERE user_id = $1 ORDER BY created_at, id",
      [user.id],
      t,
    );
    await execute(sequelize, 'DELETE FROM users WHERE id = $1', [user.id], t);
    await recordEvent(
      { sequelize, transaction: t },
      { operator: options.operator, action: 'users.delete', targetKind: 'user', targetId: user.id, before: { ...userSnapshot(user), api_keys: keys }, after: null },
    );
    return { deleted: user, keysDeleted: keys.length };
  });
}

// ---------- detail ----------

interface ActivityRow {
  total_workflows: string | number | null;
  successful_workflows: string | number | null;
  failed_workflows: string | number | null;
  last_activity: string | null;
}

interface AuditRow {
  id: string;
  trace_id: string;
  created_at: string | null;
  workflow_name: string;
  drag_mode: string;
  outcome: string;
  duration_seconds: string | null;
  has_error: boolean;
}

const ACTIVITY_SQL = `SELECT total_workflows, successful_workflows, failed_workflows, ${isoSql('last_activity')} AS last_activity
  FROM v_user_activity WHERE id = $1`;
const RECENT_AUDIT_SQL = `SELECT id, trace_id, ${isoSql('created_at')} AS created_at, workflow_name, drag_mode, outcome,
  duration_seconds::text AS duration_seconds, error IS NOT NULL AS has_error
  FROM audit_logs WHERE user_id = $1 ORDER BY audit_logs.created_at DESC NULLS LAST, id DESC LIMIT $2`;

/**
 * A user with their keys, activity counts from v_user_activity, latest audit entries and the
 * latest console events about them.
 */
export async function getUserDetail(sequelize: Sequelize, ref: UserRef, options: ReadOptions & { auditLimit?: number; eventLimit?: number } = {}): Promise<UserDetail> {
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
      recentAudit: audit.map(
        (a): AuditActivityDto => ({
          id: a.id,
          traceId: a.trace_id,
          createdAt: a.created_at,
          workflowName: a.workflow_name,
          dragMode: a.drag_mode,
          outcome: a.outcome,
          durationSeconds: a.duration_seconds === null ? null : Number(a.duration_seconds),
          hasError: a.has_error,
        }),
      ),
      recentEvents: events.map((e) => ({ occurredAt: e.occurredAt, operatorName: e.operatorName, action: e.action, before: e.before, after: e.after })),
    };
  });
}

// ---------- dormant accounts ----------

/*
 * Dormant at `now` for N days: the user is active (is_active true), was created before
 * now − N days (or has no created_at), has not logged in since (last_login_at NULL or older),
 * and none of their keys was used since (every last_used_at NULL or older). Ordered by
 * last seen (greatest of last login and last key use; never seen first), then id.
 */
const DORMANT_FROM = `
  FROM users u
  LEFT JOIN (SELECT user_id, max(last_used_at) AS last_key_used_at, count(*)::int AS key_count
               FROM api_keys GROUP BY user_id) ks ON ks.user_id = u.id
 WHERE u.is_active IS TRUE
   AND (u.created_at IS NULL OR u.created_at < $1::timestamp)
   AND (u.last_login_at IS NULL OR u.last_login_at < $1::timestamp)
   AND (ks.last_key_used_at IS NULL OR ks.last_key_used_at < $1::timestamp)`;
const LAST_SEEN = 'greatest(u.last_login_at, ks.last_key_used_at)';

function dormantDays(days: number | undefined): number {
  const d = days ?? DEFAULT_DORMANT_DAYS;
  if (!Number.isInteger(d) || d < 1 || d > LIMITS.dormantDays.max) {
    throw new AppError('VALIDATION', `The dormancy period is a whole number of days from 1 to ${LIMITS.dormantDays.max.toLocaleString('en')}.`);
  }
  return d;
}

function cutoffOf(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** Active users with no login and no key use for `days` days (default 90), one page at a time. */
export async function dormantUsersReport(sequelize: Sequelize, query: DormantQuery = {}, options: ReadOptions = {}): Promise<DormantReport> {
  const days = dormantDays(query.days);
  const now = nowOf(options);
  const cutoff = cutoffOf(now, days);
  const limit = clampLimit(query.limit, LIMITS.dormantPageSize.default, LIMITS.dormantPageSize.max);
  const cursorKey = `dormant:${days}:${pgTimestamp(cutoff)}`;
  const cursor = query.cursor ? decodeCursor(query.cursor, cursorKey, ISO_TS_RE) : null;
  if (cursor && cursor.v !== null) cursor.v = isoToPg(cursor.v);
  const p = new Params();
  p.add(pgTimestamp(cutoff));
  const after = cursor ? `AND ${keysetCondition(p, LAST_SEEN, 'u.id', 'asc', 'first', cursor, '::timestamp')}` : '';
  const sql = `SELECT ${USER_COLUMNS}, ks.key_count, ${isoSql('ks.last_key_used_at')} AS last_key_used_at,
      ${isoSql(LAST_SEEN)} AS last_seen_at
    ${DORMANT_FROM} ${after}
    ORDER BY ${LAST_SEEN} ASC NULLS FIRST, u.id ASC
    LIMIT ${p.add(limit + 1)}`;
  return mapped(async () => {
    const rows = await select<UserRow & { last_seen_at: string | null }>(sequelize, sql, p.values);
    const [count] = await select<{ n: number }>(sequelize, `SELECT count(*)::int AS n ${DORMANT_FROM}`, [pgTimestamp(cutoff)]);
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      days,
      cutoff: cutoff.toISOString(),
      rows: page.map((r): DormantUserDto => ({ ...toUserDto(r), lastSeenAt: r.last_seen_at })),
      total: count!.n,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ k: cursorKey, v: last.last_seen_at, id: last.id }) : null,
    };
  });
}

// ---------- bulk actions ----------

const MAX_BULK = LIMITS.bulkUsers;

function distinctIds(ids: readonly string[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new AppError('VALIDATION', 'Select at least one user.');
  if (ids.length > MAX_BULK) throw new AppError('VALIDATION', `At most ${MAX_BULK.toLocaleString('en')} users at a time.`);
  return [...new Set(ids.map((id) => checkUuid(id, 'Every user id')))];
}

const LOCK_USERS = `SELECT id, email, role, is_active FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

interface BulkRow {
  id: string;
  email: string;
  role: string;
  is_active: boolean | null;
}

async function applyBulk(sequelize: Sequelize, t: Transaction, ids: string[], action: BulkUserAction, options: WriteOptions, why: Record<string, unknown> = {}): Promise<BulkUserResult> {
  const rows = await select<BulkRow>(sequelize, LOCK_USERS, [ids], t);
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    throw new AppError('NOT_FOUND', `${missing.length} of the selected users do not exist (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): nothing was changed.`);
  }
  const role = action.action === 'set-role' ? checkRole(action.role) : undefined;
  const target = action.action === 'disable' ? false : action.action === 'enable' ? true : null;
  // Disable/enable switch the users' keys with them (see setUserActive), all users selected:
  // one already disabled whose keys still work has them suspended now.
  const now = nowOf(options);
  const keys = target === null ? undefined : target ? await restoreUserKeys(sequelize, t, ids, now) : await suspendUserKeys(sequelize, t, ids, now);
  const keyUsers = new Set(keys ? [...keys.suspended, ...keys.restored, ...keys.notRestored].map((k) => k.userId) : []);
  const changing = rows.filter((r) => (role ? r.role !== role : (r.is_active === true) !== target || keyUsers.has(r.id)));
  const changedIds = changing.map((r) => r.id);
  if (changing.length) {
    const flipping = changing.filter((r) => (r.is_active === true) !== target).map((r) => r.id);
    if (role) await execute(sequelize, 'UPDATE users SET role = $2 WHERE id = ANY($1::uuid[])', [changedIds, role], t);
    else if (flipping.length) await execute(sequelize, 'UPDATE users SET is_active = $2 WHERE id = ANY($1::uuid[])', [flipping, target], t);
    const parts = keys && target !== null ? keyEventParts(target, keys, true) : { before: {}, after: {} };
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: `users.bulk_${action.action.replace('-', '_')}`,
        targetKind: 'user',
        targetId: null,
        before: {
          users: changing.map((r) => (role ? { id: r.id, email: r.email, role: r.role } : { id: r.id, email: r.email, is_active: r.is_active === true })),
          ...parts.before,
        },
        after: { ...(role ? { role } : { is_active: target }), count: changing.length, ...why, ...parts.after },
      },
    );
  }
  return {
    action: action.action,
    ...(role ? { role } : {}),
    requested: ids.length,
    changedIds,
    unchanged: ids.length - changing.length,
    ...(keys ? { keys } : {}),
  };
}

/**
 * Disable, enable or change the role of a selection of users in one transaction: all or
 * nothing. A malformed id is VALIDATION, a missing one NOT_FOUND, and nothing changes then.
 * Users already in the requested state are left alone (except that disable/enable still
 * suspend/restore their keys, see setUserActive). One console event
 * (`users.bulk_disable|bulk_enable|bulk_set_role`) lists every changed user with its value
 * before, and for disable/enable the keys switched with them (`api_keys`, and for enable
 * `api_keys_not_restored`).
 */
export async function bulkUpdateUsers(sequelize: Sequelize, userIds: readonly string[], action: BulkUserAction, options: WriteOptions): Promise<BulkUserResult> {
  const ids = distinctIds(userIds);
  if (!action || !['disable', 'enable', 'set-role'].includes(action.action)) throw new AppError('VALIDATION', 'The bulk action is disable, enable or set-role.');
  if (action.action === 'set-role') checkRole(action.role);
  return inTransaction(sequelize, (t) => applyBulk(sequelize, t, ids, action, options));
}

/**
 * Disables dormant users (see dormantUsersReport) in one transaction. With `userIds` (a
 * selection from the report), every one of them must still be dormant, else CONFLICT and
 * nothing changes; without, every user dormant right now is disabled.
 */
export async function disableDormantUsers(
  sequelize: Sequelize,
  query: { days?: number; userIds?: readonly string[] },
  options: WriteOptions,
): Promise<BulkUserResult> {
  const days = dormantDays(query.days);
  const now = nowOf(options);
  const cutoff = pgTimestamp(cutoffOf(now, days));
  const selected = query.userIds ? distinctIds(query.userIds) : null;
  return inTransaction(sequelize, async (t) => {
    const dormant = (await select<{ id: string }>(sequelize, `SELECT u.id ${DORMANT_FROM}`, [cutoff], t)).map((r) => r.id);
    let ids = dormant;
    if (selected) {
      const set = new Set(dormant);
      const notDormant = selected.filter((id) => !set.has(id));
      if (notDormant.length) {
        throw new AppError('CONFLICT', `${notDormant.length} of the selected users are not dormant (any more): ${notDormant.slice(0, 5).join(', ')}. Nothing was changed.`);
      }
      ids = selected;
    }
    if (!ids.length) return { action: 'disable', requested: 0, changedIds: [], unchanged: 0, keys: { suspended: [], restored: [], notRestored: [] } };
    return applyBulk(sequelize, t, ids, { action: 'disable' }, options, { reason: `dormant for ${days} days`, cutoff: cutoffOf(now, days).toISOString() });
  });
}
