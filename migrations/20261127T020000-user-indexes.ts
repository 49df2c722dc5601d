import type { MigrationFn } from './types';

/**
 * Indexes the console's users listing needs to stay fast at 100,000 users (measured: a first
 * page took 210–390 ms without them, 13–28 ms with them):
 * - (created_at, id) and (last_login_at, id): keyset paging sorts by (column, id) in either
 *   direction (src-main/services/users-common.ts keysetPage), a range scan on these;
 * - lower(email): look-ups by email ignore case (`lower(email) = lower($1)`).
 *
 * Names start with `idx_console_`: the service names its indexes `idx_<table>_<column>`, so
 * they never clash, and adoption (schema-service.ts) only compares the service's own indexes
 * by name — extra indexes are tolerated, so a service-created database stays adoptable and
 * stays equal to the service's schema once these are set aside.
 *
 * IF NOT EXISTS: a database where they were created by hand is migrated without error.
 * Plain CREATE INDEX (not CONCURRENTLY, which cannot run in the migration's transaction):
 * writes to users wait while it builds, well under a second at 100,000 users.
 */
const UP = `
CREATE INDEX IF NOT EXISTS idx_console_users_created_at_id ON users (created_at, id);
CREATE INDEX IF NOT EXISTS idx_console_users_last_login_at_id ON users (last_login_at, id);
CREATE INDEX IF NOT EXISTS idx_console_users_lower_email ON users (lower(email));
`;

const DOWN = `
DROP INDEX IF EXISTS idx_console_users_lower_email;
DROP INDEX IF EXISTS idx_console_users_last_login_at_id;
DROP INDEX IF EXISTS idx_console_users_created_at_id;
`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(DOWN, { transaction });
};
