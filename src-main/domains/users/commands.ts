import type { Sequelize } from 'sequelize';
import { USER_ROLES } from '../../shared/model/vocabulary';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import { bulkUpdateUsers } from './bulk';
import { deleteUser, deleteUserPreview } from './delete';
import { disableDormantUsers, dormantUsersReport } from './dormant';
import { getUserDetail } from './detail';
import { listUsers } from './list';
import { resolveUser } from './user-rows';
import { setUserActive } from './activation';
import { setUserRole, createUser } from './create-update';
import type { UserDto, UserSortKey } from '../../shared/model/users';
import type { UserRef } from '../../shared/model/refs';
import type { UserRole } from '../../shared/model/vocabulary';
import { UUID_RE } from '../../platform/db/sql/values';
import type { Command, CommandContext } from '../../platform/cli/command';
import { cliTarget, withConnection } from '../connections/cli-target';

/** `govcon users …`: the users of the governance database (docs/cli.md). */

function run<T>(ctx: CommandContext, work: (sequelize: Sequelize) => Promise<T>): Promise<T> {
  return withConnection(cliTarget(ctx), (active) => work(active.sequelize));
}

/** A positional user: a UUID is an id, anything else an email. */
export function userRefArg(text: string | undefined, what = 'the user'): UserRef {
  if (!text) throw new AppError('VALIDATION', `Give ${what} by email (or id).`);
  return UUID_RE.test(text) ? { id: text } : { email: text };
}

export function userJson(u: UserDto): Record<string, unknown> {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    is_active: u.isActive,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    last_login_at: u.lastLoginAt,
    key_count: u.keyCount,
    last_key_used_at: u.lastKeyUsedAt,
    metadata: u.metadata,
  };
}

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

function table(rows: string[][]): string {
  if (!rows.length) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

function usersTable(users: UserDto[]): string {
  return table([
    ['EMAIL', 'NAME', 'ROLE', 'ACTIVE', 'CREATED', 'LAST LOGIN', 'KEYS'],
    ...users.map((u) => [u.email, u.name, u.role, u.isActive ? 'yes' : 'no', day(u.createdAt), day(u.lastLoginAt), String(u.keyCount)]),
  ]);
}

function roleArg(role: string | undefined): UserRole {
  if (!role || !(USER_ROLES as readonly string[]).includes(role)) {
    throw new AppError('VALIDATION', `The role must be one of ${USER_ROLES.join(', ')} (got "${role ?? ''}").`);
  }
  return role as UserRole;
}

function intArg(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < min || n > max)
    throw new AppError('VALIDATION', `--${name} must be a whole number from ${min} to ${max} (got "${text}").`);
  return n;
}

const SORT_ARGS: Record<string, UserSortKey> = { created: 'created_at', 'last-login': 'last_login_at', email: 'email' };

export const usersListCommand: Command = {
  name: 'users list',
  async run(ctx) {
    const v = ctx.args.values;
    const active = v.active === undefined ? null : v.active === 'true' ? true : v.active === 'false' ? false : undefined;
    if (active === undefined) throw new AppError('VALIDATION', `--active is true or false (got "${v.active}").`);
    const sort = v.sort === undefined ? 'created_at' : SORT_ARGS[v.sort];
    if (!sort) throw new AppError('VALIDATION', `--sort is created, last-login or email (got "${v.sort}").`);
    if (v.order !== undefined && v.order !== 'asc' && v.order !== 'desc')
      throw new AppError('VALIDATION', `--order is asc or desc (got "${v.order}").`);
    const page = await run(ctx, (s) =>
      listUsers(s, {
        role: v.role === undefined ? null : roleArg(v.role),
        active,
        search: v.search ?? null,
        sort,
        direction: (v.order as 'asc' | 'desc' | undefined) ?? 'desc',
        limit: intArg(v.limit, 'limit', 1, 500) ?? 50,
        cursor: v.cursor ?? null,
      }),
    );
    const json = { rows: page.rows.map(userJson), total: page.total, has_more: page.hasMore, next_cursor: page.nextCursor };
    const text = [
      page.rows.length ? usersTable(page.rows) : 'no users match',
      `${page.rows.length} shown of ${page.total ?? '?'}${page.nextCursor ? ` — next page: --cursor ${page.nextCursor}` : ''}`,
    ].join('\n');
    return { exitCode: 0, json, text };
  },
};

export const usersShowCommand: Command = {
  name: 'users show',
  async run(ctx) {
    const ref = userRefArg(ctx.args.positionals[0]);
    const d = await run(ctx, (s) => getUserDetail(s, ref));
    const json = {
      user: userJson(d.user),
      usable_key_count: d.usableKeyCount,
      keys: d.keys.map((k) => ({
        id: k.id,
        prefix: k.prefix,
        name: k.name,
        scopes: k.scopes,
        status: k.status,
        expires_at: k.expiresAt,
        last_used_at: k.lastUsedAt,
      })),
      activity: d.activity,
      recent_audit: d.recentAudit,
      recent_events: d.recentEvents,
    };
    const u = d.user;
    const text = [
      `${u.email}  ${u.name}  role ${u.role}  ${u.isActive ? 'active' : 'DISABLED'}`,
      `created ${day(u.createdAt)}, last login ${day(u.lastLoginAt)}, last key use ${day(u.lastKeyUsedAt)}`,
      `keys: ${u.keyCount} (${d.usableKeyCount} usable)`,
      ...d.keys.map((k) => `  ${k.prefix ?? k.id}  ${k.name}  [${k.scopes.join(',')}]  ${k.status}  expires ${day(k.expiresAt)}`),
      `workflows: ${d.activity.totalWorkflows} (${d.activity.successfulWorkflows} ok, ${d.activity.failedWorkflows} failed), last ${day(d.activity.lastActivity)}`,
      ...d.recentAudit.map((a) => `  ${day(a.createdAt)}  ${a.workflowName}  ${a.dragMode}  ${a.outcome}`),
      d.recentEvents.length ? 'changes made through the console:' : null,
      ...d.recentEvents.map((e) => `  ${e.occurredAt}  ${e.action}  by ${e.operatorName} — ${authenticatedAs(e)}`),
    ]
      .filter((line) => line !== null)
      .join('\n');
    return { exitCode: 0, json, text };
  },
};

/** Who the server authenticated for an event: "role gov_admin from 10.0.0.5, console 0.1.0". */
export function authenticatedAs(e: { sessionRole: string | null; clientAddr: string | null; consoleVersion: string | null }): string {
  if (e.sessionRole === null) return 'database role not recorded';
  const from = e.clientAddr === null ? ' over a local socket' : ` from ${e.clientAddr}`;
  return `role ${e.sessionRole}${from}${e.consoleVersion ? `, console ${e.consoleVersion}` : ''}`;
}

export const usersCreateCommand: Command = {
  name: 'users create',
  async run(ctx) {
    const v = ctx.args.values;
    if (!v.email) throw new AppError('VALIDATION', 'users create needs --email.');
    if (!v.name) throw new AppError('VALIDATION', 'users create needs --name.');
    const role = v.role === undefined ? 'user' : roleArg(v.role);
    const user = await run(ctx, (s) => createUser(s, { email: v.email!, name: v.name!, role }, { operator: ctx.operator() }));
    return { exitCode: 0, json: userJson(user), text: `created ${user.email} (${user.name}, ${user.role}) id ${user.id}` };
  },
};

function activeCommand(active: boolean): Command {
  const verb = active ? 'enable' : 'disable';
  return {
    name: `users ${verb}`,
    async run(ctx) {
      const ref = userRefArg(ctx.args.positionals[0]);
      const r = await run(ctx, (s) => setUserActive(s, ref, active, { operator: ctx.operator() }));
      return {
        exitCode: 0,
        json: { user: userJson(r.user), changed: r.changed },
        text: r.changed ? `${verb}d ${r.user.email}` : `${r.user.email} was ${verb}d already: nothing changed`,
      };
    },
  };
}

export const usersDisableCommand = activeCommand(false);
export const usersEnableCommand = activeCommand(true);

export const usersSetRoleCommand: Command = {
  name: 'users set-role',
  async run(ctx) {
    const ref = userRefArg(ctx.args.positionals[0]);
    const role = roleArg(ctx.args.positionals[1]);
    const r = await run(ctx, (s) => setUserRole(s, ref, role, { operator: ctx.operator() }));
    return {
      exitCode: 0,
      json: { user: userJson(r.user), changed: r.changed },
      text: r.changed ? `${r.user.email} is now ${r.user.role}` : `${r.user.email} was ${role} already: nothing changed`,
    };
  },
};

export const usersDeleteCommand: Command = {
  name: 'users delete',
  async run(ctx) {
    const ref = userRefArg(ctx.args.positionals[0]);
    return run(ctx, async (s) => {
      const p = await deleteUserPreview(s, ref);
      if (!p.canDelete) throw new AppError('CONFLICT', p.blockedReason!);
      if (!(await ctx.confirm(p.confirmation))) throw new AppError('CANCELLED', `${p.user.email} was not deleted.`);
      const r = await deleteUser(s, { id: p.user.id }, { operator: ctx.operator(), confirmKeyCount: p.keyCount });
      return {
        exitCode: 0,
        json: { deleted: userJson(r.deleted), keys_deleted: r.keysDeleted },
        text: `deleted ${r.deleted.email} and ${r.keysDeleted} API key(s)`,
      };
    });
  },
};

export const usersDormantCommand: Command = {
  name: 'users dormant',
  async run(ctx) {
    const days = intArg(ctx.args.values.days, 'days', 1, LIMITS.dormantDays.max) ?? LIMITS.dormantDays.default;
    const limit = intArg(ctx.args.values.limit, 'limit', 1, 10000) ?? 500;
    return run(ctx, async (s) => {
      const report = await dormantUsersReport(s, { days, limit, cursor: ctx.args.values.cursor ?? null });
      const json: Record<string, unknown> = {
        days,
        cutoff: report.cutoff,
        total: report.total,
        rows: report.rows.map((u) => ({ ...userJson(u), last_seen_at: u.lastSeenAt })),
        next_cursor: report.nextCursor,
      };
      const lines = [
        report.rows.length ? usersTable(report.rows) : 'no dormant users',
        `${report.total} active user(s) not seen for ${days} days (since ${day(report.cutoff)})`,
      ];
      if (ctx.args.booleans.has('disable') && report.total) {
        if (!(await ctx.confirm(`Disable all ${report.total} dormant user(s)?`))) throw new AppError('CANCELLED', 'Nothing was disabled.');
        const r = await disableDormantUsers(s, { days }, { operator: ctx.operator() });
        json.disabled = r.changedIds.length;
        lines.push(`disabled ${r.changedIds.length} user(s)`);
      }
      return { exitCode: 0, json, text: lines.join('\n') };
    });
  },
};

export const usersBulkCommand: Command = {
  name: 'users bulk',
  async run(ctx) {
    const [action, ...refs] = ctx.args.positionals;
    if (action !== 'disable' && action !== 'enable' && action !== 'set-role')
      throw new AppError('VALIDATION', 'users bulk needs disable, enable or set-role.');
    if (!refs.length) throw new AppError('VALIDATION', 'users bulk needs at least one user.');
    const role = action === 'set-role' ? roleArg(ctx.args.values.role) : undefined;
    return run(ctx, async (s) => {
      const ids: string[] = [];
      for (const r of refs) ids.push((await resolveUser(s, userRefArg(r))).id);
      const result = await bulkUpdateUsers(s, ids, role ? { action: 'set-role', role } : { action: action as 'disable' | 'enable' }, {
        operator: ctx.operator(),
      });
      return {
        exitCode: 0,
        json: {
          action,
          role: role ?? null,
          requested: result.requested,
          changed: result.changedIds.length,
          unchanged: result.unchanged,
          changed_ids: result.changedIds,
        },
        text: `${action}: ${result.changedIds.length} changed, ${result.unchanged} already so`,
      };
    });
  },
};

/** This domain's commands, in the order `govcon --help` lists them. */
export const userCommands: readonly Command[] = [
  usersListCommand,
  usersShowCommand,
  usersCreateCommand,
  usersDisableCommand,
  usersEnableCommand,
  usersSetRoleCommand,
  usersDeleteCommand,
  usersDormantCommand,
  usersBulkCommand,
];
