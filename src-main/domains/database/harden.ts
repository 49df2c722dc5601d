/**
 * Least privilege for a governance database (`govcon harden`, the Database page's "Harden"):
 * group roles (NOLOGIN: login roles are made members of them) that can do their job and cannot
 * rewrite history.
 * - service: reads and appends audit_logs — INSERT and SELECT, never UPDATE, DELETE or TRUNCATE —
 *   and reads and writes users, api_keys, workflow_executions and governance_metrics, which it
 *   does update (SELECT, INSERT, UPDATE; no DELETE, no TRUNCATE), and reads the views;
 * - auditor: reads everything, changes nothing (auditor-role.ts grantReadOnly, as the Database
 *   page's auditor login role);
 * - sealer: reads everything, writes its own seal tables (console_seal…: SELECT, INSERT, UPDATE)
 *   and is a member of pg_read_all_stats (it reads the horizon from the statistics views).
 * Every grant is explicit and the rewriting privileges are revoked from these roles on the
 * protected tables, so running it again converges. All in one transaction, with one
 * console_events row; privileges-check.ts (`--check`) says what else could rewrite history.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { sqlState } from '../../platform/db/errors';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import { recordEvent } from '../../schema/console-events';
import { AppError } from '../../shared/errors';
import type { HardenResult, HardenRoleDto } from '../../shared/model/database';
import type { Operator } from '../../shared/model/operator';
import { grantReadOnly } from './auditor-role';

/** Role names: `<prefix>_service`, `<prefix>_auditor`, `<prefix>_sealer`. */
export const DEFAULT_ROLE_PREFIX = 'govcon';

/** The tables whose rows are history: nobody but their owner may change or remove a row. */
export const HISTORY_TABLES = ['audit_logs', 'console_events', 'console_import_files', 'console_import_lines'] as const;
/** The sealer's own tables (branch seals: console_seal_logs, console_seals, console_seal_leaves). */
export const SEAL_TABLE_PATTERN = 'console\\_seal%';

const SERVICE_WRITES = ['users', 'api_keys', 'workflow_executions', 'governance_metrics'] as const;
const REWRITING = 'UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES';

export interface HardenOptions {
  operator: Operator;
  /** Role names start with this (lower-case letters, digits and _; default govcon). */
  prefix?: string;
}

interface Relation {
  name: string;
  kind: 'table' | 'view';
}

async function relations(sequelize: Sequelize, transaction: unknown): Promise<Relation[]> {
  const rows = await sequelize.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
      ORDER BY c.relname`,
    { type: QueryTypes.SELECT, transaction: transaction as never },
  );
  return rows.map((r) => ({ name: r.name, kind: r.kind as Relation['kind'] }));
}

/** Role names a prefix gives, checked before any SQL is built from them. */
export function roleNames(prefix = DEFAULT_ROLE_PREFIX): { service: string; auditor: string; sealer: string } {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new AppError('VALIDATION', `The role prefix must be lower-case letters, digits and _, at most 41 (got "${prefix}").`);
  }
  return { service: `${prefix}_service`, auditor: `${prefix}_auditor`, sealer: `${prefix}_sealer` };
}

/** Creates (or brings up to date) the service, auditor and sealer roles of this database. */
export async function hardenDatabase(sequelize: Sequelize, options: HardenOptions): Promise<HardenResult> {
  const names = roleNames(options.prefix);
  const database = quoteIdentifier(sequelize.config.database);
  try {
    return await sequelize.transaction(async (transaction) => {
      const run = (sql: string) => sequelize.query(sql, { transaction });
      const all = await relations(sequelize, transaction);
      const has = (name: string) => all.some((r) => r.name === name);
      const missing = ['audit_logs', 'console_events', ...SERVICE_WRITES].filter((t) => !has(t));
      if (missing.length > 0) {
        throw new AppError('SCHEMA_MISMATCH', `This database lacks ${missing.join(', ')}: initialise it first (govcon init).`);
      }
      const roles: HardenRoleDto[] = [];
      for (const [purpose, name] of Object.entries(names) as [HardenRoleDto['purpose'], string][]) {
        const [found] = await sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1', {
          type: QueryTypes.SELECT,
          bind: [name],
          transaction,
        });
        const created = found!.n === 0;
        if (created) await run(`CREATE ROLE ${quoteIdentifier(name)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
        roles.push({ purpose, name, created, grants: [] });
      }
      const role = (purpose: HardenRoleDto['purpose']) => roles.find((r) => r.purpose === purpose)!;
      const grant = async (purpose: HardenRoleDto['purpose'], sql: string, words: string) => {
        await run(sql);
        role(purpose).grants.push(words);
      };
      const protectedTables = [...HISTORY_TABLES.filter(has), ...all.filter((r) => r.name.startsWith('console_seal')).map((r) => r.name)];

      const service = quoteIdentifier(names.service);
      await grant('service', `GRANT CONNECT ON DATABASE ${database} TO ${service}`, 'CONNECT on the database');
      await grant('service', `GRANT USAGE ON SCHEMA public TO ${service}`, 'USAGE on schema public');
      await grant('service', `GRANT SELECT, INSERT ON audit_logs TO ${service}`, 'SELECT, INSERT on audit_logs');
      for (const t of SERVICE_WRITES) {
        await grant('service', `GRANT SELECT, INSERT, UPDATE ON ${quoteIdentifier(t)} TO ${service}`, `SELECT, INSERT, UPDATE on ${t}`);
        await run(`REVOKE DELETE, TRUNCATE ON ${quoteIdentifier(t)} FROM ${service}`);
      }
      for (const v of all.filter((r) => r.kind === 'view')) {
        await grant('service', `GRANT SELECT ON ${quoteIdentifier(v.name)} TO ${service}`, `SELECT on ${v.name}`);
      }

      const auditor = quoteIdentifier(names.auditor);
      await grantReadOnly(run, auditor, database);
      role('auditor').grants.push('CONNECT; SELECT on every table and view, present and future; read-only sessions');

      const sealer = quoteIdentifier(names.sealer);
      await grant('sealer', `GRANT CONNECT ON DATABASE ${database} TO ${sealer}`, 'CONNECT on the database');
      await grant('sealer', `GRANT USAGE ON SCHEMA public TO ${sealer}`, 'USAGE on schema public');
      await grant('sealer', `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${sealer}`, 'SELECT on every table and view');
      for (const t of all.filter((r) => r.kind === 'table' && r.name.startsWith('console_seal'))) {
        await grant(
          'sealer',
          `GRANT SELECT, INSERT, UPDATE ON ${quoteIdentifier(t.name)} TO ${sealer}`,
          `SELECT, INSERT, UPDATE on ${t.name}`,
        );
      }
      await grant('sealer', `GRANT pg_read_all_stats TO ${sealer}`, 'member of pg_read_all_stats');

      // None of the three may rewrite a protected table, whatever was granted before.
      for (const t of protectedTables) {
        const rewriting = t.startsWith('console_seal') ? 'DELETE, TRUNCATE, TRIGGER, REFERENCES' : REWRITING;
        await run(`REVOKE ${REWRITING} ON ${quoteIdentifier(t)} FROM ${service}, ${auditor}`);
        await run(`REVOKE ${rewriting} ON ${quoteIdentifier(t)} FROM ${sealer}`);
        if (t !== 'audit_logs') await run(`REVOKE INSERT ON ${quoteIdentifier(t)} FROM ${service}`);
      }

      const result: HardenResult = { database: sequelize.config.database, roles, protectedTables };
      await recordEvent(
        { sequelize, transaction },
        {
          operator: options.operator,
          action: 'database.harden',
          targetKind: 'database',
          targetId: sequelize.config.database,
          after: result,
        },
      );
      return result;
    });
  } catch (error) {
    if (sqlState(error).code === '42501') {
      throw new AppError(
        'PERMISSION_DENIED',
        'Hardening needs a role that may create roles and grant on these tables (CREATEROLE and the tables’ owner, or a superuser); ' +
          'nothing was changed.',
        { cause: error },
      );
    }
    throw error;
  }
}
