import type pg from 'pg';
import { envProfile } from './env-profile';
import type { ActiveConnection, ConnectionManager } from '../../platform/db/connection-manager';
import { pgClientConfig } from '../../platform/db/client-config';
import type { ConnectionTarget } from '../../platform/db/target';
import { AppError } from '../../shared/errors';
import type { CommandContext } from '../../platform/cli/command';

export interface CliTarget {
  target: ConnectionTarget;
  /** From the URL, else PGPASSWORD; undefined lets node-postgres read ~/.pgpass. */
  password: string | undefined;
}

/** --url (or DATABASE_URL) with the DB_POOL_* variables, as a connection target. */
export function cliTarget(ctx: CommandContext): CliTarget {
  const profile = envProfile({ ...ctx.io.env, DATABASE_URL: ctx.url() });
  if (!profile) throw new AppError('VALIDATION', 'No database given: pass --url URL or set DATABASE_URL.');
  profile.warnings.forEach((w) => ctx.io.stderr.write(`govcon: ${w}\n`));
  // Interactive limits do not apply to a command line (migrations, verification can be long).
  const target = { ...profile.target, name: 'command line', statementTimeoutMs: 0 };
  return { target, password: profile.password ?? ctx.io.env.PGPASSWORD };
}

/**
 * Opens a pool on the target, runs `work`, always closes it. The pool is Sequelize's, loaded
 * here and not with this module: the commands that read with COPY on a client of their own
 * (verify-db, seal, export) never need it, and it is a tenth of a second to load.
 */
export async function withConnection<T>(
  cli: CliTarget,
  work: (active: ActiveConnection, manager: ConnectionManager) => Promise<T>,
): Promise<T> {
  const { ConnectionManager } = await import('../../platform/db/connection-manager');
  const manager = new ConnectionManager();
  try {
    const active = await manager.connect(cli.target, cli.password);
    return await work(active, manager);
  } finally {
    await manager.closeAll();
  }
}

/** A plain client configuration for COPY-based jobs, with no statement timeout. */
export function rawConfig(cli: CliTarget, purpose: string): Promise<pg.ClientConfig> {
  return pgClientConfig(cli.target, cli.password, { purpose, statementTimeoutMs: null });
}
