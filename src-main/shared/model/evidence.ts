/** Evidence bundles (docs/seal-format.md §12). */

/** What an export wrote (the job's result). */
export interface EvidenceExportDto {
  file: string;
  bytes: number;
  rows: number;
  runs: number;
  /** Rows the selection matched that are in no seal (left out: nothing proves them). */
  unsealed: number;
  /** With --ids: ids listed that are no row of audit_logs at all (0 otherwise). */
  not_found: number;
  seal_number: number;
  tree_size: number;
  origin: string;
  signers: string[];
}
