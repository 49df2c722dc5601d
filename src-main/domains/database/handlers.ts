import type { JobManager } from '../../platform/jobs/job-manager';
import { migrationStatus, type MigrationProgress } from '../../schema/migrator';
import { createAuditorRole } from './auditor-role';
import { hardenDatabase } from './harden';
import { checkPrivileges } from './privileges-check';
import { runHealthProbe } from './health-probe';
import type { ConnectionService } from '../connections/connection-service';
import { initialiseDatabase, listTables, migrateDatabase } from './database-admin';
import type { JobContext } from '../../platform/jobs/job-context';
import type { databaseChannels } from '../../shared/contract/database';
import type { HandlerGroup } from '../../shared/handler';

/** Exactly the channels of shared/contract/database.ts. */
type Channels = keyof typeof databaseChannels;

/** Migration steps as job progress: done = migrations applied so far. */
function migrationProgress(job: JobContext) {
  return (p: MigrationProgress) => {
    if (p.step === 'migrating') job.progress(p.index - 1, p.total);
    if (p.step === 'migrated') job.progress(p.index, p.total);
  };
}

export function dbHandlers(connections: ConnectionService, jobs: JobManager): HandlerGroup<Channels> {
  return {
    'db/status': async () => {
      const active = connections.manager.require();
      const [health, migrations] = await Promise.all([connections.manager.health(), migrationStatus(active.sequelize)]);
      const { serverVersion, database, user, latencyMs, tls, readOnly } = active.server;
      return {
        connection: active.summary,
        server: { serverVersion, database, user, latencyMs, tls, readOnly },
        pool: connections.manager.poolStatus(),
        health: { ok: health.ok, latencyMs: health.latencyMs, ...(health.error ? { error: health.error } : {}) },
        migrations: {
          state: migrations.state,
          applied: migrations.applied,
          pending: migrations.pending,
          unknown: migrations.unknown,
          problems: migrations.problems,
        },
      };
    },
    'db/tables': async () => listTables(connections.sequelize()),
    'db/initialise': async () => {
      const sequelize = connections.sequelize();
      const operator = connections.operator();
      return jobs.start('initialise', (job) => initialiseDatabase(sequelize, { operator, onProgress: migrationProgress(job) }));
    },
    'db/migrate': async () => {
      const sequelize = connections.sequelize();
      const operator = connections.operator();
      return jobs.start('migrate', (job) => migrateDatabase(sequelize, { operator, onProgress: migrationProgress(job) }));
    },
    'db/create-auditor-role': async ({ roleName, password }) =>
      createAuditorRole(connections.sequelize(), roleName, password, connections.operator()),
    'db/harden': async () => hardenDatabase(connections.sequelize(), { operator: connections.operator() }),
    'db/check-privileges': async () => checkPrivileges(connections.sequelize(), { operator: connections.operator().name }),
    'jobs/start-health-probe': async (input) => {
      const sequelize = connections.sequelize();
      return jobs.start('health-probe', (job) => runHealthProbe(sequelize, input, job));
    },
  };
}
