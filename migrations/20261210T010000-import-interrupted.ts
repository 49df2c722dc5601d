import type { MigrationFn } from './types';

/**
 * An import run killed with its process (or cut off from the server) used to stay `running`
 * with `imported` NULL for ever. The next import, once it holds the one-import-at-a-time lock
 * (no other import can be running then), closes such runs as `interrupted`, with the lines they
 * committed counted (src-main/domains/import/session.ts closeInterruptedRuns). This migration
 * lets the status say so.
 *
 * down turns `interrupted` back into `running`, which is what the earlier schema showed for them.
 */
const UP = `
ALTER TABLE console_import_files DROP CONSTRAINT IF EXISTS console_import_files_status_check;
ALTER TABLE console_import_files ADD CONSTRAINT console_import_files_status_check
  CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted'));
`;

const DOWN = `
UPDATE console_import_files SET status = 'running', finished_at = NULL WHERE status = 'interrupted';
ALTER TABLE console_import_files DROP CONSTRAINT IF EXISTS console_import_files_status_check;
ALTER TABLE console_import_files ADD CONSTRAINT console_import_files_status_check
  CHECK (status IN ('running', 'completed', 'cancelled', 'failed'));
`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(DOWN, { transaction });
};
