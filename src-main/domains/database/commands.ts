import { createDatabaseIfMissing, getDatabaseStatus, initialiseDatabase, migrateDatabase } from './database-admin';
import { migrationStatus } from '../../schema/migrator';
import { AppError } from '../../shared/errors';
import type { Command, CommandContext } from '../../platform/cli/command';
import { cliTarget, rawConfig, withConnection } from '../connections/cli-target';
import { hardenDatabase } from './harden';
import { checkPrivileges } from './privileges-check';
import { describePrivilegeFinding } from '../../shared/model/privileges';

/**
 * These commands take options only. A stray word is a usage error, never ignored: with
 * `govcon init other_db --url …` a person expects other_db, not the URL's database.
 */
function noArguments(ctx: CommandContext, usage: string): void {
  const [first] = ctx.args.positionals;
  if (first !== undefined) throw new AppError('VALIDATION', `Unexpected argument "${first}". Usage: govcon ${usage}`);
}

export const healthCommand: Command = {
  name: 'health',
  async run(ctx) {
    noArguments(ctx, ctx.usage);
    const cli = cliTarget(ctx);
    return withConnection(cli, async (active, manager) => {
      const health = await manager.health();
      const status = await getDatabaseStatus(active.sequelize);
      const json = {
        ok: health.ok,
        server_version: active.server.serverVersion,
        database: status.database,
        user: status.user,
        latency_ms: health.latencyMs,
        tls: active.server.tls,
        tls_mode: active.summary.tlsMode,
        /** Not encrypted, to a server that is not on this machine (sslmode=require refuses such a session). */
        unencrypted_remote: active.summary.unencryptedRemote,
        read_only: active.server.readOnly,
        pool: manager.poolStatus(),
        migrations: { state: status.migrations.state, applied: status.migrations.applied, pending: status.migrations.pending },
      };
      const text = [
        `server     PostgreSQL ${json.server_version}${json.tls ? ' (TLS)' : ''}`,
        `database   ${json.database} as ${json.user}${json.read_only ? ' (read-only)' : ''}`,
        json.unencrypted_remote
          ? `warning    the session to ${cli.target.host} is not encrypted (TLS mode ${json.tls_mode}): ` +
            'anyone on the network can read it. Use sslmode=require (or verify-full) to refuse such a session.'
          : null,
        `latency    ${json.latency_ms} ms`,
        `schema     ${json.migrations.state}; ${json.migrations.applied.length} applied, ${json.migrations.pending.length} pending`,
      ]
        .filter((line) => line !== null)
        .join('\n');
      return { exitCode: 0, json, text };
    });
  },
};

export const initCommand: Command = {
  name: 'init',
  async run(ctx) {
    noArguments(ctx, ctx.usage);
    const cli = cliTarget(ctx);
    let created = false;
    const connectOrCreate = async <T>(work: Parameters<typeof withConnection<T>>[1]): Promise<T> => {
      try {
        return await withConnection(cli, work);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'DATABASE_MISSING') throw error;
        const name = cli.target.database;
        if (!(await ctx.confirm(`Database "${name}" does not exist on ${cli.target.host}:${cli.target.port}. Create it?`))) {
          throw new AppError('DATABASE_MISSING', `Database "${name}" does not exist and was not created.`);
        }
        const admin = await rawConfig({ ...cli, target: { ...cli.target, database: 'postgres' } }, 'init');
        created = (await createDatabaseIfMissing(admin, name)).created;
        return withConnection(cli, work);
      }
    };
    const result = await connectOrCreate(async (active) =>
      initialiseDatabase(active.sequelize, {
        operator: ctx.operator(),
        onProgress: (p) => {
          if (!ctx.json && p.step === 'migrated')
            ctx.io.stderr.write(`govcon: applied ${p.index}/${p.total} ${p.name} (${p.durationMs} ms)\n`);
        },
      }),
    );
    const json = {
      database: cli.target.database,
      created,
      state_before: result.stateBefore,
      adopted: result.adopted,
      applied: result.applied,
    };
    const text = [
      created ? `created database ${cli.target.database}` : `database ${cli.target.database} exists`,
      result.adopted ? `adopted the service's schema as ${result.adopted}` : null,
      result.applied.length ? `applied: ${result.applied.join(', ')}` : 'nothing to apply: up to date',
    ]
      .filter(Boolean)
      .join('\n');
    return { exitCode: 0, json, text };
  },
};

export const migrateStatusCommand: Command = {
  name: 'migrate status',
  async run(ctx) {
    noArguments(ctx, ctx.usage);
    return withConnection(cliTarget(ctx), async (active) => {
      const status = await migrationStatus(active.sequelize);
      const json = { state: status.state, applied: status.applied, pending: status.pending, problems: status.problems };
      const text = [
        `state    ${status.state}`,
        ...status.applied.map((m) => `applied  ${m}`),
        ...status.pending.map((m) => `pending  ${m}`),
        ...status.problems.map((p) => `problem  ${p}`),
      ].join('\n');
      return { exitCode: status.pending.length > 0 ? 1 : 0, json, text };
    });
  },
};

export const migrateUpCommand: Command = {
  name: 'migrate up',
  async run(ctx) {
    noArguments(ctx, ctx.usage);
    return withConnection(cliTarget(ctx), async (active) => {
      const result = await migrateDatabase(active.sequelize, { operator: ctx.operator() });
      const json = { applied: result.applied };
      return { exitCode: 0, json, text: result.applied.length ? `applied: ${result.applied.join(', ')}` : 'nothing to apply: up to date' };
    });
  },
};

export const hardenCommand: Command = {
  name: 'harden',
  async run(ctx) {
    noArguments(ctx, ctx.usage);
    const cli = cliTarget(ctx);
    return withConnection(cli, async (active) => {
      if (ctx.args.booleans.has('check')) {
        const report = await checkPrivileges(active.sequelize, { operator: ctx.operator().name });
        const text = [
          `${cli.target.database}: ${report.findings.length + report.findings_not_listed} way(s) to rewrite history ` +
            `(${report.total} grants, owners and memberships examined on ${report.tables.join(', ')})`,
          ...report.findings.slice(0, 100).map((f) => `  ${describePrivilegeFinding(f)}`),
          report.superusers.length ? `superusers (pass every check): ${report.superusers.join(', ')}` : null,
          `Note: ${report.not_covered}`,
        ]
          .filter((line) => line !== null)
          .join('\n');
        return { exitCode: report.outcome === 'findings' ? 1 : 0, json: report, text };
      }
      const result = await hardenDatabase(active.sequelize, { operator: ctx.operator(), prefix: ctx.args.values.prefix });
      const text = [
        ...result.roles.map((r) => `${r.created ? 'created' : 'updated'} ${r.name} (${r.purpose}): ${r.grants.join('; ')}`),
        `no role above may change or remove rows of ${result.protectedTables.join(', ')}`,
        'Make login roles members (GRANT <role> TO <login>), then run govcon harden --check.',
      ].join('\n');
      // The command line's JSON keeps its documented snake_case keys (docs/cli.md).
      const json = { database: result.database, roles: result.roles, protected_tables: result.protectedTables };
      return { exitCode: 0, json, text };
    });
  },
};

/** This domain's commands, in the order `govcon --help` lists them. */
export const databaseCommands: readonly Command[] = [healthCommand, initCommand, migrateStatusCommand, migrateUpCommand, hardenCommand];
