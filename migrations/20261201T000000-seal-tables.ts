import { QueryTypes } from 'sequelize';
import { AppError } from '../src-main/shared/errors';
import type { MigrationFn } from './types';

/**
 * The sealed logs (docs/seal-format.md §6): the logs themselves, their seals (signed
 * checkpoints, with what each one took and how its horizon was found) and one record per
 * sealed leaf (leaf index, row id, leaf hash), so that verification names the exact row and
 * kind of every break, not only a broken range.
 *
 * - console_seal_logs: one row per sealed table, with the log id made at its first seal and
 *   its origin `<host>/govcon/<log id>/<table>`; kept in the database so a restored backup
 *   keeps its identity.
 * - console_seals: primary key (log_id, seal_number) and unique (log_id, tree_size): two
 *   sealers that got past the advisory lock still cannot fork the log. The checks mirror the
 *   format (sizes grow, 32-byte roots, 8-hex key IDs), so a hand-made row is refused early.
 * - console_seal_leaves: no foreign key to the logs and no index but the primary key, on
 *   purpose: a seal of a million rows writes a million records with COPY, and per-row
 *   referential checks or a second index would cost more than the seal itself. Verification
 *   checks the records against the signed roots instead.
 *
 * down refuses while any seal exists: dropping the seals would remove the only proof that the
 * audit trail was not altered. Empty, the tables are dropped and the catalogue is as before.
 */
const UP = `
CREATE TABLE IF NOT EXISTS console_seal_logs (
    log_id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    table_name VARCHAR(63) NOT NULL,
    origin TEXT NOT NULL,
    format VARCHAR(20) NOT NULL DEFAULT 'seal-v1',
    created_at TIMESTAMP NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
    created_by VARCHAR(255) NOT NULL,
    CONSTRAINT console_seal_logs_table_name_key UNIQUE (table_name),
    CONSTRAINT console_seal_logs_origin_key UNIQUE (origin),
    CONSTRAINT console_seal_logs_table_name_check CHECK (table_name IN ('audit_logs', 'console_events')),
    CONSTRAINT console_seal_logs_format_check CHECK (format = 'seal-v1')
);

CREATE TABLE IF NOT EXISTS console_seals (
    log_id UUID NOT NULL REFERENCES console_seal_logs(log_id) ON DELETE RESTRICT,
    seal_number INTEGER NOT NULL,
    tree_size BIGINT NOT NULL,
    previous_size BIGINT NOT NULL,
    root_hash BYTEA NOT NULL,
    note TEXT NOT NULL,
    consistency_proof BYTEA[] NOT NULL DEFAULT '{}',
    key_name VARCHAR(255) NOT NULL,
    key_id CHAR(8) NOT NULL,
    verifier_key TEXT NOT NULL,
    sealed_at TIMESTAMP NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
    sealed_by VARCHAR(255) NOT NULL,
    sealed_by_email VARCHAR(255),
    horizon TIMESTAMP NOT NULL,
    horizon_source VARCHAR(20) NOT NULL,
    margin_seconds INTEGER NOT NULL,
    sees_all_sessions BOOLEAN NOT NULL,
    oldest_transaction_at TIMESTAMP,
    leaves_added BIGINT NOT NULL,
    late_imported BIGINT NOT NULL DEFAULT 0,
    import_ids UUID[] NOT NULL DEFAULT '{}',
    late_accepted BIGINT NOT NULL DEFAULT 0,
    late_accepted_by VARCHAR(255),
    late_left BIGINT NOT NULL DEFAULT 0,
    unsealable BIGINT NOT NULL DEFAULT 0,
    columns TEXT NOT NULL,
    CONSTRAINT console_seals_pkey PRIMARY KEY (log_id, seal_number),
    CONSTRAINT console_seals_tree_size_key UNIQUE (log_id, tree_size),
    CONSTRAINT console_seals_seal_number_check CHECK (seal_number >= 1),
    CONSTRAINT console_seals_sizes_check
        CHECK (previous_size >= 0 AND tree_size > previous_size AND leaves_added = tree_size - previous_size),
    CONSTRAINT console_seals_root_hash_check CHECK (length(root_hash) = 32),
    CONSTRAINT console_seals_key_id_check CHECK (key_id ~ '^[0-9a-f]{8}$'),
    CONSTRAINT console_seals_horizon_source_check CHECK (horizon_source IN ('margin', 'oldest-transaction')),
    CONSTRAINT console_seals_late_check
        CHECK (late_imported >= 0 AND late_accepted >= 0 AND late_left >= 0 AND unsealable >= 0),
    CONSTRAINT console_seals_accepted_by_check CHECK (late_accepted = 0 OR late_accepted_by IS NOT NULL)
);

CREATE TABLE IF NOT EXISTS console_seal_leaves (
    log_id UUID NOT NULL,
    leaf_index BIGINT NOT NULL,
    row_id UUID NOT NULL,
    leaf_hash BYTEA NOT NULL,
    CONSTRAINT console_seal_leaves_pkey PRIMARY KEY (log_id, leaf_index),
    CONSTRAINT console_seal_leaves_leaf_index_check CHECK (leaf_index >= 0),
    CONSTRAINT console_seal_leaves_leaf_hash_check CHECK (length(leaf_hash) = 32)
);
`;

const DOWN = `
DROP TABLE IF EXISTS console_seal_leaves;
DROP TABLE IF EXISTS console_seals;
DROP TABLE IF EXISTS console_seal_logs;
`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  const [exists] = await sequelize.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', {
    type: QueryTypes.SELECT,
    bind: ['console_seals'],
    transaction,
  });
  if (exists?.found) {
    const [row] = await sequelize.query<{ n: string }>('SELECT count(*)::text AS n FROM console_seals', {
      type: QueryTypes.SELECT,
      transaction,
    });
    const seals = Number(row?.n ?? 0);
    if (seals > 0) {
      throw new AppError(
        'CONFLICT',
        `The database holds ${seals} seal(s): the seal tables are not reverted, ` +
          'as they are the proof that the audit trail was not altered.',
      );
    }
  }
  await sequelize.query(DOWN, { transaction });
};
