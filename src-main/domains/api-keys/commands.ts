import type { Sequelize } from 'sequelize';
import { API_KEY_SCOPES } from '../../shared/model/vocabulary';
import { AppError } from '../../shared/errors';
import { checkApiKey } from './check';
import { createApiKey, rotateApiKey } from './issue';
import { listApiKeys } from './list';
import { revokeApiKey } from './revoke';
import { API_KEY_STATUSES, type ApiKeyStatus } from '../../shared/model/vocabulary';
import { type ApiKeyDto, type ApiKeyExpiry } from '../../shared/model/api-keys';
import type { ApiKeyScope } from '../../shared/model/vocabulary';
import type { Command, CommandContext } from '../../platform/cli/command';
import { cliTarget, withConnection } from '../connections/cli-target';
import { readLine } from '../../platform/cli/io';
import { userRefArg } from '../users/commands';

/**
 * `govcon api-keys …`. A key's secret is printed once, on stdout, by create and rotate, and
 * nowhere else (not on stderr, not in errors). `check` reads the key from stdin only: a key on
 * the command line would stay in process lists and shell history.
 */

function run<T>(ctx: CommandContext, work: (sequelize: Sequelize) => Promise<T>): Promise<T> {
  return withConnection(cliTarget(ctx), (active) => work(active.sequelize));
}

function keyJson(k: ApiKeyDto): Record<string, unknown> {
  return {
    id: k.id,
    prefix: k.prefix,
    name: k.name,
    user: k.userEmail,
    user_id: k.userId,
    scopes: k.scopes,
    status: k.status,
    service_accepts: k.serviceAccepts,
    created_at: k.createdAt,
    expires_at: k.expiresAt,
    last_used_at: k.lastUsedAt,
    revoked_at: k.revokedAt,
    rotated_from: k.rotatedFrom,
    rotated_to: k.rotatedTo,
  };
}

const when = (iso: string | null, none = '—') => (iso ? iso.slice(0, 16).replace('T', ' ') : none);

function expiryArgs(ctx: CommandContext): ApiKeyExpiry | undefined {
  const days = ctx.args.values['expires-in-days'];
  const never = ctx.args.booleans.has('no-expiry');
  if (days !== undefined && never) throw new AppError('VALIDATION', 'Give --expires-in-days or --no-expiry, not both.');
  if (never) return { never: true };
  if (days === undefined) return undefined;
  if (!/^\d+$/.test(days)) throw new AppError('VALIDATION', `--expires-in-days must be a whole number of days (got "${days}").`);
  return { days: Number(days) };
}

function keyIdArg(ctx: CommandContext, verb: string): string {
  const id = ctx.args.positionals[0];
  if (!id) throw new AppError('VALIDATION', `api-keys ${verb} needs the key's ID (see api-keys list).`);
  return id;
}

const ONCE = 'This is the only time the key is shown: store it now (only its SHA-256 is kept).';

export const apiKeysCreateCommand: Command = {
  name: 'api-keys create',
  async run(ctx) {
    const v = ctx.args.values;
    if (!v.user) throw new AppError('VALIDATION', 'api-keys create needs --user EMAIL.');
    if (!v.name) throw new AppError('VALIDATION', 'api-keys create needs --name.');
    if (!v.scopes)
      throw new AppError('VALIDATION', `api-keys create needs --scopes, a comma-separated list of ${API_KEY_SCOPES.join(', ')}.`);
    const scopes = v.scopes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean) as ApiKeyScope[];
    const expiry = expiryArgs(ctx);
    const created = await run(ctx, (s) =>
      createApiKey(s, { user: userRefArg(v.user), name: v.name!, scopes, ...(expiry ? { expiry } : {}) }, { operator: ctx.operator() }),
    );
    const k = created.key;
    if (!ctx.json) ctx.io.stderr.write(`govcon: created key ${k.id} "${k.name}" for ${k.userEmail}. ${ONCE}\n`);
    return {
      exitCode: 0,
      json: { id: k.id, key: created.secret, prefix: k.prefix, expires_at: k.expiresAt },
      text: [
        `key         ${created.secret}`,
        `id          ${k.id}`,
        `prefix      ${k.prefix}`,
        `scopes      ${k.scopes.join(',')}`,
        `expires_at  ${k.expiresAt ?? 'never'}`,
      ].join('\n'),
    };
  },
};

export const apiKeysListCommand: Command = {
  name: 'api-keys list',
  async run(ctx) {
    const v = ctx.args.values;
    if (v.status !== undefined && !API_KEY_STATUSES.includes(v.status as ApiKeyStatus)) {
      throw new AppError('VALIDATION', `--status is one of ${API_KEY_STATUSES.join(', ')} (got "${v.status}").`);
    }
    if (v.limit !== undefined && !/^\d+$/.test(v.limit))
      throw new AppError('VALIDATION', `--limit must be a whole number (got "${v.limit}").`);
    const page = await run(ctx, (s) =>
      listApiKeys(s, {
        user: v.user ? userRefArg(v.user) : null,
        status: (v.status as ApiKeyStatus | undefined) ?? null,
        search: v.search ?? null,
        limit: v.limit === undefined ? 50 : Number(v.limit),
        cursor: v.cursor ?? null,
      }),
    );
    const rows = [
      ['ID', 'PREFIX', 'NAME', 'USER', 'SCOPES', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED'],
      ...page.rows.map((k) => [
        k.id,
        k.prefix ?? '(service key)',
        k.name,
        k.userEmail,
        k.scopes.join(','),
        k.status,
        when(k.createdAt),
        when(k.expiresAt, 'never'),
        when(k.lastUsedAt),
      ]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    const text = [
      page.rows.length
        ? rows
            .map((r) =>
              r
                .map((c, i) => c.padEnd(widths[i]!))
                .join('  ')
                .trimEnd(),
            )
            .join('\n')
        : 'no keys match',
      `${page.rows.length} shown of ${page.total ?? '?'}${page.nextCursor ? ` — next page: --cursor ${page.nextCursor}` : ''}`,
    ].join('\n');
    return {
      exitCode: 0,
      json: { rows: page.rows.map(keyJson), total: page.total, has_more: page.hasMore, next_cursor: page.nextCursor },
      text,
    };
  },
};

export const apiKeysRevokeCommand: Command = {
  name: 'api-keys revoke',
  async run(ctx) {
    const id = keyIdArg(ctx, 'revoke');
    const r = await run(ctx, (s) => revokeApiKey(s, id, { operator: ctx.operator() }));
    return {
      exitCode: 0,
      json: { id: r.key.id, revoked_at: r.key.revokedAt, status: r.key.status, changed: r.changed },
      text: r.changed
        ? `revoked ${r.key.prefix ?? r.key.id} "${r.key.name}" of ${r.key.userEmail}`
        : `${r.key.id} was revoked already (${r.key.revokedAt}): nothing changed`,
    };
  },
};

export const apiKeysRotateCommand: Command = {
  name: 'api-keys rotate',
  async run(ctx) {
    const id = keyIdArg(ctx, 'rotate');
    const h = ctx.args.values['overlap-hours'];
    if (h !== undefined && !/^\d+(\.\d+)?$/.test(h))
      throw new AppError('VALIDATION', `--overlap-hours must be a number of hours (got "${h}").`);
    const expiry = expiryArgs(ctx);
    const r = await run(ctx, (s) =>
      rotateApiKey(
        s,
        id,
        { ...(h !== undefined ? { overlapHours: Number(h) } : {}), ...(expiry ? { expiry } : {}) },
        { operator: ctx.operator() },
      ),
    );
    const k = r.created.key;
    if (!ctx.json) ctx.io.stderr.write(`govcon: rotated ${r.old.id}; the old key works until ${r.old.expiresAt}. ${ONCE}\n`);
    return {
      exitCode: 0,
      json: {
        old_id: r.old.id,
        old_expires_at: r.old.expiresAt,
        new: { id: k.id, key: r.created.secret, prefix: k.prefix, expires_at: k.expiresAt },
      },
      text: [
        `key             ${r.created.secret}`,
        `id              ${k.id}`,
        `prefix          ${k.prefix}`,
        `expires_at      ${k.expiresAt ?? 'never'}`,
        `old_id          ${r.old.id}`,
        `old_expires_at  ${r.old.expiresAt}`,
      ].join('\n'),
    };
  },
};

export const apiKeysCheckCommand: Command = {
  name: 'api-keys check',
  async run(ctx) {
    if (ctx.args.positionals.length) {
      throw new AppError(
        'VALIDATION',
        'api-keys check reads the key from stdin only (a key on the command line stays in process lists and shell history): e.g. `govcon api-keys check < keyfile`.',
      );
    }
    if (ctx.io.stdin.isTTY && !ctx.json) ctx.io.stderr.write('Paste the key and press Enter: ');
    const key = (await readLine(ctx.io)).replace(/\r$/, '');
    if (!key) throw new AppError('VALIDATION', 'No key on stdin.');
    const r = await run(ctx, (s) => checkApiKey(s, key));
    const json = { valid: r.valid, reason: r.reason, user: r.userEmail, scopes: r.scopes };
    const which = r.key ? ` (${r.key.prefix ?? r.key.id} "${r.key.name}")` : '';
    const text = r.valid
      ? `valid: ${r.userEmail}, scopes ${r.scopes.join(',')}${which}`
      : `invalid: ${r.reason}${r.userEmail ? `, key of ${r.userEmail}` : ''}${which}`;
    return { exitCode: r.valid ? 0 : 1, json, text };
  },
};

/** This domain's commands, in the order `govcon --help` lists them. */
export const apiKeyCommands: readonly Command[] = [
  apiKeysCreateCommand,
  apiKeysListCommand,
  apiKeysRevokeCommand,
  apiKeysRotateCommand,
  apiKeysCheckCommand,
];
