/** Evidence bundles (docs/seal-format.md §12). */

/** What an export wrote (the job's result). */
export interface EvidenceExportDto {
  file: string;
  bytes: number;
  rows: number;
  runs: number;
  unsealed: number;
  not_found: number;
  seal_number: number;
  tree_size: number;
  origin: string;
  signers: string[];
}
