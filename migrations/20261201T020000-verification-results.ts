import type { MigrationFn } from './types';

/**
 * The console's record of database verifications, so the audit log browser can say per row
 * whether the last verification checked it and what it found (docs/architecture.md, "The
 * console's own tables"):
 * - console_verification_runs: one row per finished db-v1 run — when, its counts, and its
 *   horizon: the last row (created_at, id) of `audit_logs` in (created_at ASC NULLS LAST, id)
 *   order when the run started; every row up to it was in the run's snapshot.
 * - console_verification_results: one row per failing row of a run (tampered or unverifiable),
 *   with the stored and recomputed hash. Rows of a run that are not here, up to its horizon,
 *   verified ok.
 * No foreign key to audit_logs: a verification result must outlive the row it judged (a
 * deleted row is itself evidence).
 */
const UP = `
CREATE TABLE console_verification_runs (
  id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
  method varchar(20) NOT NULL CONSTRAINT console_verification_runs_method_check CHECK (method IN ('db-v1')),
  started_at timestamp NOT NULL,
  finished_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  total bigint NOT NULL,
  ok bigint NOT NULL,
  tampered bigint NOT NULL,
  unverifiable bigint NOT NULL,
  failures_not_listed bigint NOT NULL DEFAULT 0,
  horizon_created_at timestamp,
  horizon_id uuid
);
CREATE INDEX idx_console_verification_runs_finished_at ON console_verification_runs (finished_at, id);
CREATE TABLE console_verification_results (
  run_id uuid NOT NULL REFERENCES console_verification_runs (id) ON DELETE CASCADE,
  audit_log_id uuid NOT NULL,
  verdict varchar(20) NOT NULL CONSTRAINT console_verification_results_verdict_check CHECK (verdict IN ('tampered', 'unverifiable')),
  reason varchar(40) NOT NULL,
  stored_hash text,
  computed_hash text,
  PRIMARY KEY (run_id, audit_log_id)
);
`;

const DOWN = `
DROP TABLE IF EXISTS console_verification_results;
DROP TABLE IF EXISTS console_verification_runs;
`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(DOWN, { transaction });
};
