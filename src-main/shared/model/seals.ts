/** The sealed logs as the Integrity page shows them (docs/seal-format.md). */

export interface SealSignerDto {
  name: string;
  key_id: string;
}

export interface SealSummaryDto {
  seal_number: number;
  /** Leaves [previous_size + 1, tree_size] (1-based) were added by this seal. */
  previous_size: number;
  tree_size: number;
  leaves_added: number;
  sealed_at: string;
  sealed_by: string;
  horizon: string;
  horizon_source: 'margin' | 'oldest-transaction';
  sees_all_sessions: boolean;
  late_imported: number;
  late_accepted: number;
  late_left: number;
  /** Who signed its note (as the note says: shown, not trusted). */
  signers: SealSignerDto[];
}

export interface SealLogStatusDto {
  table: 'audit_logs' | 'console_events';
  origin: string | null;
  /** Leaves sealed: positions 1 … tree_size. */
  tree_size: number;
  rows: number;
  /** Rows in no leaf record (newer than the horizon, imported since, or inserted). */
  unsealed_rows: number;
  unsealable_rows: number;
  newest_horizon: string | null;
  seals: SealSummaryDto[];
}

export interface SealStatusDto {
  /** False before the seal migration has run. */
  has_seal_tables: boolean;
  logs: SealLogStatusDto[];
  /** The app's own signing key (kept encrypted by the OS keychain), if one was made. */
  app_key: { name: string; vkey: string } | null;
}
