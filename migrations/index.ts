import * as serviceBaseline from './20260101T000000-service-baseline';
import * as consoleEvents from './20261127T000000-console-events';
import * as importCustody from './20261127T010000-import-custody';
import * as userIndexes from './20261127T020000-user-indexes';
import * as sealTables from './20261201T000000-seal-tables';
import * as sealReadIndexes from './20261201T010000-seal-read-indexes';
import * as verificationResults from './20261201T020000-verification-results';
import * as consoleEventIdentity from './20261210T000000-console-event-identity';
import * as importInterrupted from './20261210T010000-import-interrupted';
import type { ConsoleMigration } from './types';

export type { ConsoleMigration, MigrationContext, MigrationFn, NonTransactionalContext, NonTransactionalMigrationFn } from './types';

/**
 * Every migration, in order. Listed by hand: the bundled main process cannot glob this
 * folder. A unit test checks that the list matches the files and that names sort by time.
 */
export const migrations: readonly ConsoleMigration[] = [
  { name: '20260101T000000-service-baseline', up: serviceBaseline.up, down: serviceBaseline.down },
  { name: '20261127T000000-console-events', up: consoleEvents.up, down: consoleEvents.down },
  { name: '20261127T010000-import-custody', up: importCustody.up, down: importCustody.down },
  { name: '20261127T020000-user-indexes', up: userIndexes.up, down: userIndexes.down },
  { name: '20261201T000000-seal-tables', up: sealTables.up, down: sealTables.down },
  { name: '20261201T010000-seal-read-indexes', kind: 'non-transactional', up: sealReadIndexes.up, down: sealReadIndexes.down },
  { name: '20261201T020000-verification-results', up: verificationResults.up, down: verificationResults.down },
  { name: '20261210T000000-console-event-identity', up: consoleEventIdentity.up, down: consoleEventIdentity.down },
  { name: '20261210T010000-import-interrupted', up: importInterrupted.up, down: importInterrupted.down },
];

/** The migration that stands for the service's own schema: adopted, not run, on its databases. */
export const BASELINE_MIGRATION = '20260101T000000-service-baseline';
