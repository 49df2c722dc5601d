import { sqlState } from '../../platform/db/errors';
import crypto from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import { AppError } from '../../shared/errors';
import { recordEvent } from '../../schema/console-events';
import { type Operator } from '../../shared/model/operator';

/**
 * A SCRAM-SHA-256 verifier (RFC 5802/7677, PostgreSQL's stored form) computed here, so the
 * clear password never reaches the server, its logs or pg_stat_statements: CREATE ROLE cannot
 * take a bound parameter, and the verifier is the only thing the server needs.
 */
export function scramVerifier(password: string, salt = crypto.randomBytes(16), iterations = 4096): string {
  const salted = crypto.pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = crypto.createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = crypto.createHash('sha256').update(clientKey).digest();
  const serverKey = crypto.createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** A verifier contains only base64, digits and `$:-`: safe to write as a literal. */
function verifierLiteral(verifier: string): string {
  if (!/^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(verifier)) throw new Error('bad verifier');
  return `'${verifier}'`;
}

/** Runs one statement in the caller's transaction. */
export type RunSql = (sql: string) => Promise<unknown>;

/**
 * What makes a role an auditor: it may connect and read every table and view of the schema
 * (present and future), and its sessions are read-only by default. Shared by the Database
 * page's auditor login role and `govcon harden`'s auditor group role.
 */
export async function grantReadOnly(run: RunSql, role: string, database: string): Promise<void> {
  await run(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
  await run(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await run(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
  await run(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${role}`);
  await run(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
}

/**
 * A login role that can read everything in the database and change nothing: the real
 * protection for auditors (a read-only profile is only a guard against accidents).
 */
export async function createAuditorRole(
  sequelize: Sequelize,
  roleName: string,
  password: string,
  operator: Operator,
): Promise<{ roleName: string }> {
  const role = quoteIdentifier(roleName);
  const database = quoteIdentifier(sequelize.config.database);
  await sequelize
    .transaction(async (transaction) => {
      const run = (sql: string) => sequelize.query(sql, { transaction });
      await run(
        `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${verifierLiteral(scramVerifier(password))}`,
      );
      // The role is recorded in console_events, in this transaction: no event table, no role
      // (checked after CREATE ROLE so that a read-only or unprivileged connection says so first).
      const [events] = await sequelize.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', {
        type: QueryTypes.SELECT,
        bind: ['console_events'],
        transaction,
      });
      if (!events?.found) {
        throw new AppError(
          'NOT_FOUND',
          'The console does not manage this database yet (it has no console_events table to record the new role in): initialise it first.',
        );
      }
      await grantReadOnly(run, role, database);
      await recordEvent(
        { sequelize, transaction },
        {
          operator,
          action: 'role.create-auditor',
          targetKind: 'role',
          targetId: roleName,
          after: { roleName, privileges: 'SELECT on all tables in schema public' },
        },
      );
    })
    .catch((e: unknown) => {
      // Roles belong to the whole server: the name may be taken by a role of another database.
      if (sqlState(e).code === '42710') {
        throw new AppError(
          'CONFLICT',
          `A role named "${roleName}" already exists on this server (roles are shared by all its databases); choose another name.`,
          { cause: e },
        );
      }
      throw e;
    });
  return { roleName };
}
