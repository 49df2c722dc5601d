import { QueryTypes, type Sequelize } from 'sequelize';
import { MigrationError, Umzug } from 'umzug';
import { BASELINE_MIGRATION, migrations as ALL_MIGRATIONS, type ConsoleMigration } from '../../migrations';
import { AppError, isAppError } from '../shared/errors';
import { recordEvent } from './console-events';
import { type Operator } from '../shared/model/operator';
import { inspectSchema } from './inspect';
import { diffServiceSchema } from './service-schema';
import { classifyConnectError } from '../platform/db/errors';
import { withMigrationLock } from './migration-lock';
import { ConsoleMigrationStorage, ensureTable, readHistory, tableExists } from './migration-storage';
import type { MigrationRecord, RunContext } from './migration-storage';

/**
 * Schema migrations of a governance database (umzug over the explicit list in
 * migrations/index.ts), and adoption of databases the service created by itself.
 *
 * - Bookkeeping lives in `console_migrations` (name, applied_at, adopted). It is created in
 *   the same transaction as the first migration it records, so a failed first run leaves
 *   nothing behind.
 * - Each migration runs in its own managed transaction together with its bookkeeping row:
 *   a failing migration leaves no trace; the ones before it stay applied. A migration of kind
 *   'non-transactional' (CREATE INDEX CONCURRENTLY) runs outside any transaction and gets its
 *   bookkeeping row once it has finished; it must be safe to run again after an interruption.
 * - A whole run holds a session-level advisory lock on a dedicated connection (advisory
 *   locks are per database), so a second console waits, then finds nothing pending. The
 *   primary key on console_migrations.name is the last line of defence against a double run.
 * - A database with the service's complete schema and no bookkeeping is *adoptable*: the
 *   baseline is recorded as applied (adopted = true) without running, then newer migrations
 *   run. A partial or different service schema is refused with SCHEMA_MISMATCH.
 */

export type DatabaseState = 'empty' | 'adoptable' | 'managed' | 'foreign';

export interface MigrationStatus {
  /**
   * empty: nothing of the service's schema (other objects are tolerated);
   * adoptable: the service's complete schema, no bookkeeping;
   * managed: bookkeeping present;
   * foreign: part of the service's schema, or a different one (see `problems`).
   */
  state: DatabaseState;
  /** Recorded migrations known to this console, in list order. */
  applied: string[];
  /** Known migrations not recorded yet, in list order. */
  pending: string[];
  /** Recorded migrations this console does not know (a newer console migrated the database). */
  unknown: string[];
  history: MigrationRecord[];
  /** For `foreign`: what is missing or differs from the service's schema. */
  problems: string[];
}

export type MigrationProgress =
  | { step: 'waiting-for-lock' }
  | { step: 'locked' }
  | { step: 'adopted'; name: string }
  | { step: 'migrating'; name: string; index: number; total: number }
  | { step: 'migrated'; name: string; index: number; total: number; durationMs: number };

export interface ListOption {
  /** The migrations to consider; the explicit list of migrations/index.ts by default (tests inject others). */
  migrations?: readonly ConsoleMigration[];
}

export interface MigrateOptions extends ListOption {
  operator: Operator;
  onProgress?: (progress: MigrationProgress) => void;
  /** Stop after this migration (inclusive). */
  to?: string;
  /** How long to wait for another console's run to finish; 5 minutes by default. */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  stateBefore: DatabaseState;
  /** The baseline, when the run adopted the database. */
  adopted: string | null;
  /** Migrations this run applied, in order. */
  applied: string[];
  /** The console_events row of this run; null when nothing changed or there is no event table yet. */
  eventId: string | null;
}

interface MigratorHooks {
  onProgress?: (progress: MigrationProgress) => void;
  /** Called after a migration's transaction committed. */
  onApplied?: (name: string) => void;
  /** The `to` of the coming up command, to count the run's migrations for progress. */
  to?: string;
}

/**
 * An Umzug over `sequelize` with the explicit list. Each migration (up or down) runs in its
 * own managed transaction, together with its console_migrations row.
 * Use migrateUp/initialise for anything but tests and tools: they add the lock and checks.
 */
export function createMigrator(sequelize: Sequelize, options: ListOption & MigratorHooks = {}): Umzug<RunContext> {
  const list = options.migrations ?? ALL_MIGRATIONS;
  let index = 0;
  let total = 0;
  const umzug = new Umzug<RunContext>({
    migrations: list.map((m) => ({
      name: m.name,
      up: async ({ name, path }) => {
        const started = Date.now();
        index += 1;
        options.onProgress?.({ step: 'migrating', name, index, total });
        if (m.kind === 'non-transactional') {
          // Outside any transaction (CREATE INDEX CONCURRENTLY): the bookkeeping row is
          // written only once `up` has finished, so an interrupted run is run again, and
          // `up` itself repairs what an interruption left (see migrations/types.ts).
          await sequelize.transaction((transaction) => ensureTable(sequelize, transaction));
          await m.up({ name, path, context: { sequelize } });
          await sequelize.query('INSERT INTO console_migrations (name) VALUES ($1)', { bind: [name] });
        } else {
          await sequelize.transaction(async (transaction) => {
            await ensureTable(sequelize, transaction);
            await m.up({ name, path, context: { sequelize, transaction } });
            // No ON CONFLICT: a second run of the same migration fails and rolls back.
            await sequelize.query('INSERT INTO console_migrations (name) VALUES ($1)', { bind: [name], transaction });
          });
        }
        options.onApplied?.(name);
        options.onProgress?.({ step: 'migrated', name, index, total, durationMs: Date.now() - started });
      },
      down: async ({ name, path }) => {
        if (m.kind === 'non-transactional') {
          // Bookkeeping first: if `down` is interrupted the migration reads as pending, and
          // its `up` completes or rebuilds what is left.
          await sequelize.query('DELETE FROM console_migrations WHERE name = $1', { bind: [name] });
          await m.down({ name, path, context: { sequelize } });
        } else {
          await sequelize.transaction(async (transaction) => {
            await m.down({ name, path, context: { sequelize, transaction } });
            await sequelize.query('DELETE FROM console_migrations WHERE name = $1', { bind: [name], transaction });
          });
        }
      },
    })),
    context: { sequelize },
    storage: new ConsoleMigrationStorage(sequelize),
    logger: undefined,
  });
  umzug.on('beforeCommand', async ({ command }) => {
    if (command === 'up') {
      index = 0;
      const pending = (await umzug.pending()).map((m) => m.name);
      const stop = options.to === undefined ? -1 : pending.indexOf(options.to);
      total = stop >= 0 ? stop + 1 : pending.length;
    }
  });
  return umzug;
}

/** Where the database stands. Read-only: creates nothing, takes no lock. */
export async function migrationStatus(sequelize: Sequelize, options: ListOption = {}): Promise<MigrationStatus> {
  const list = options.migrations ?? ALL_MIGRATIONS;
  const history = await readHistory(sequelize);
  const recorded = new Set(history.map((r) => r.name));
  const known = new Set(list.map((m) => m.name));
  const base = {
    applied: list.filter((m) => recorded.has(m.name)).map((m) => m.name),
    pending: list.filter((m) => !recorded.has(m.name)).map((m) => m.name),
    unknown: history.filter((r) => !known.has(r.name)).map((r) => r.name),
    history,
  };
  if (history.length > 0) return { state: 'managed', ...base, problems: [] };

  const report = diffServiceSchema(await inspectSchema(sequelize));
  if (report.found.length === 0) return { state: 'empty', ...base, problems: [] };
  if (report.problems.length === 0) return { state: 'adoptable', ...base, problems: [] };
  return { state: 'foreign', ...base, problems: report.problems };
}

export function schemaMismatch(problems: string[]): AppError {
  const shown = problems.slice(0, 25);
  const more = problems.length > shown.length ? `\n- … and ${problems.length - shown.length} more` : '';
  return new AppError(
    'SCHEMA_MISMATCH',
    `This database holds part of the governance schema, or a different one; it is left untouched.\n` +
      shown.map((p) => `- ${p}`).join('\n') +
      more,
  );
}

const ACTION: Record<Exclude<DatabaseState, 'foreign'>, string> = {
  empty: 'database.initialise',
  adoptable: 'database.adopt',
  managed: 'database.migrate',
};

async function currentDatabase(sequelize: Sequelize): Promise<string> {
  const rows = await sequelize.query<{ db: string }>('SELECT current_database() AS db', { type: QueryTypes.SELECT });
  return rows[0]!.db;
}

function describeFailure(error: unknown): { name: string | null; cause: unknown } {
  // umzug wraps a migration's error in a MigrationError carrying the migration's name.
  if (error instanceof MigrationError) return { name: error.migration.name, cause: error.cause };
  return { name: null, cause: error };
}

function notManaged(state: DatabaseState): AppError {
  return new AppError(
    'NOT_FOUND',
    state === 'empty'
      ? 'This database has no governance schema; initialise it first.'
      : 'This database has the service schema but is not managed by the console yet; initialise (adopt) it first.',
  );
}

async function run(sequelize: Sequelize, options: MigrateOptions, mode: 'initialise' | 'migrate'): Promise<MigrateResult> {
  const list = options.migrations ?? ALL_MIGRATIONS;
  if (options.to !== undefined && !list.some((m) => m.name === options.to))
    throw new AppError('VALIDATION', `No migration is named ${options.to}.`);

  return withMigrationLock(sequelize, options, async () => {
    const before = await migrationStatus(sequelize, { migrations: list });
    if (before.state === 'foreign') throw schemaMismatch(before.problems);
    if (mode === 'migrate' && before.state !== 'managed') throw notManaged(before.state);
    const action = ACTION[before.state];

    let adopted: string | null = null;
    if (before.state === 'adoptable') {
      if (!list.some((m) => m.name === BASELINE_MIGRATION))
        throw new AppError('INTERNAL', `The migration list has no ${BASELINE_MIGRATION} to adopt the database at.`);
      await sequelize.transaction(async (transaction) => {
        await ensureTable(sequelize, transaction);
        await sequelize.query('INSERT INTO console_migrations (name, adopted) VALUES ($1, true)', {
          bind: [BASELINE_MIGRATION],
          transaction,
        });
      });
      adopted = BASELINE_MIGRATION;
      options.onProgress?.({ step: 'adopted', name: BASELINE_MIGRATION });
    }

    const applied: string[] = [];
    const umzug = createMigrator(sequelize, {
      migrations: list,
      onProgress: options.onProgress,
      onApplied: (name) => applied.push(name),
      to: options.to,
    });

    const record = async (eventAction: string, after: Record<string, unknown>): Promise<string | null> => {
      if (!(await tableExists(sequelize, 'console_events'))) return null;
      const event = await recordEvent(sequelize, {
        operator: options.operator,
        action: eventAction,
        targetKind: 'database',
        targetId: await currentDatabase(sequelize),
        before: { state: before.state, applied: before.applied },
        after,
      });
      return event.id;
    };

    const recorded = new Set([...before.applied, ...(adopted !== null ? [adopted] : [])]);
    try {
      if (options.to === undefined) await umzug.up();
      else if (!recorded.has(options.to)) await umzug.up({ to: options.to });
    } catch (error) {
      const { name, cause } = describeFailure(error);
      const reason = cause instanceof Error ? cause.message : String(cause);
      await record(`${action}.failed`, { adopted, applied, failed: name, error: reason }).catch(() => null);
      if (name === null) throw error;
      const before = applied.length ? ` (applied before it: ${applied.join(', ')})` : '';
      const message =
        list.find((m) => m.name === name)?.kind === 'non-transactional'
          ? `Migration ${name} did not complete${before}: ${reason}. It is not recorded; running the migrations again completes it.`
          : `Migration ${name} failed and was rolled back${before}: ${reason}`;
      // The cause's own code when it has one a person can act on (READ_ONLY on a standby or a
      // read-only profile, PERMISSION_DENIED…), else MIGRATION_FAILED with the server's reason.
      const known = isAppError(cause) ? cause : classifyConnectError(cause);
      throw new AppError(known.code === 'INTERNAL' ? 'MIGRATION_FAILED' : known.code, message, { cause });
    }

    const eventId = adopted !== null || applied.length > 0 ? await record(action, { adopted, applied }) : null;
    return { stateBefore: before.state, adopted, applied, eventId };
  });
}

/**
 * Makes a database console-managed and brings it up to date: an empty database gets the
 * whole schema, the service's own database is adopted at the baseline (its data untouched),
 * a managed one gets its pending migrations (none: nothing happens, no event). A partial or
 * foreign schema is refused with SCHEMA_MISMATCH.
 */
export function initialise(sequelize: Sequelize, options: MigrateOptions): Promise<MigrateResult> {
  return run(sequelize, options, 'initialise');
}

/**
 * Applies the pending migrations of a managed database. An empty or adoptable one is
 * refused (NOT_FOUND) rather than silently created or adopted: that is `initialise`, a
 * deliberate act, so that migrating the wrong database cannot fill it with tables.
 */
export function migrateUp(sequelize: Sequelize, options: MigrateOptions): Promise<MigrateResult> {
  return run(sequelize, options, 'migrate');
}
