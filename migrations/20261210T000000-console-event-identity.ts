import type { MigrationFn } from './types';

/**
 * Who the server authenticated, beside who the profile says is at the console: console_events'
 * operator_name is whatever a profile declares (anyone can type any name), so every event now
 * also records
 * - session_role: the database role of the session that wrote it (`session_user`: the role that
 *   logged in, not one switched to with SET ROLE);
 * - client_addr: the address it connected from (`inet_client_addr()`; NULL over a Unix socket);
 * - console_version: the console that wrote it, from the session setting
 *   `govcon.console_version` every console connection sets at start-up (NULL for other writers).
 *
 * The first two are column defaults, and a trigger sets them again on every insert (and keeps
 * them on every update), so a client cannot forge them by naming the columns: only the table's
 * owner, who can drop the trigger, could (`govcon harden --check` reports who owns the table).
 * Events written before this migration keep NULL: who wrote them is not known.
 */
const UP = `
ALTER TABLE console_events ADD COLUMN IF NOT EXISTS session_role VARCHAR(63);
ALTER TABLE console_events ADD COLUMN IF NOT EXISTS client_addr INET;
ALTER TABLE console_events ADD COLUMN IF NOT EXISTS console_version VARCHAR(40);
ALTER TABLE console_events ALTER COLUMN session_role SET DEFAULT session_user;
ALTER TABLE console_events ALTER COLUMN client_addr SET DEFAULT inet_client_addr();
ALTER TABLE console_events ALTER COLUMN console_version SET DEFAULT nullif(current_setting('govcon.console_version', true), '');

CREATE OR REPLACE FUNCTION console_events_identity() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.session_role := session_user;
    NEW.client_addr := inet_client_addr();
  ELSE
    NEW.session_role := OLD.session_role;
    NEW.client_addr := OLD.client_addr;
  END IF;
  RETURN NEW;
END
$fn$;
DROP TRIGGER IF EXISTS console_events_identity ON console_events;
CREATE TRIGGER console_events_identity BEFORE INSERT OR UPDATE ON console_events
  FOR EACH ROW EXECUTE FUNCTION console_events_identity();
`;

const DOWN = `
DROP TRIGGER IF EXISTS console_events_identity ON console_events;
DROP FUNCTION IF EXISTS console_events_identity();
ALTER TABLE console_events DROP COLUMN IF EXISTS console_version;
ALTER TABLE console_events DROP COLUMN IF EXISTS client_addr;
ALTER TABLE console_events DROP COLUMN IF EXISTS session_role;
`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(DOWN, { transaction });
};
