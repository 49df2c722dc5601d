import type { MigrationFn } from './types';

/**
 * The console's own event log: who did what to which object, with the state before and
 * after. Written by src-main/services/console-events.ts (init, adopt, migrate, and later
 * user and key administration).
 *
 * occurred_at is UTC whatever the session's time zone (the service's TIMESTAMP columns are
 * UTC by convention) and uses clock_timestamp(), not now(): several events written in one
 * transaction keep their real order.
 */
const UP = `
CREATE TABLE IF NOT EXISTS console_events (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    occurred_at TIMESTAMP NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
    operator_name VARCHAR(255) NOT NULL,
    operator_email VARCHAR(255),
    action VARCHAR(100) NOT NULL,
    target_kind VARCHAR(50),
    target_id VARCHAR(255),
    before JSONB,
    after JSONB
);
CREATE INDEX IF NOT EXISTS idx_console_events_occurred_at ON console_events(occurred_at);
CREATE INDEX IF NOT EXISTS idx_console_events_target ON console_events(target_kind, target_id);
`;

const DOWN = `DROP TABLE IF EXISTS console_events;`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(DOWN, { transaction });
};
