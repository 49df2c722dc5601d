/**
 * govcon-evidence/v1 (docs/seal-format.md §12): the names, shapes and spellings a bundle's
 * writer and reader share. Pure: node: built-ins only.
 *
 * A bundle is a tar of, in this order: manifest.json, checkpoints/1.note … checkpoints/C.note,
 * keys.txt, proofs.json, leaves.bin, rows.canonical, rows.jsonl, [govcon-verify.mjs],
 * manifest.sha256.
 */
import type { RowValue, SealedTable } from '../canonical-row';

export const BUNDLE_FORMAT = 'govcon-evidence/v1';

export const MEMBER = {
  manifest: 'manifest.json',
  keys: 'keys.txt',
  proofs: 'proofs.json',
  leaves: 'leaves.bin',
  canonical: 'rows.canonical',
  jsonl: 'rows.jsonl',
  verifier: 'govcon-verify.mjs',
  manifestDigest: 'manifest.sha256',
} as const;

export const checkpointMember = (n: number): string => `checkpoints/${n}.note`;

export interface ManifestMember {
  name: string;
  size: number;
  /** Lowercase hex SHA-256 of the member's bytes. */
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  table: SealedTable['table'];
  /** The table's columns in canonical order (docs/seal-format.md §2.1). */
  columns: string[];
  /** The log's origin: every checkpoint's first line. */
  origin: string;
  rows: number;
  checkpoints: number;
  /** Labels, shown and not proven: what was asked for, when, by whom, with which console. */
  selection: string;
  exported_at: string;
  exported_by: string;
  console_version: string;
  /** Every member after manifest.json but manifest.sha256, in order. */
  members: ManifestMember[];
}

/** One run of rows at consecutive leaf indexes, proven against one checkpoint. */
export type BundleRun = {
  /** 1-based number of the checkpoint (checkpoints/N.note) the proof is against. */
  checkpoint: number;
  /** 1-based number of the run's first row in the bundle. */
  first_row: number;
  rows: number;
  /** 0-based leaf index of the run's first row. */
  leaf_index: number;
} & ({ inclusion: string[] } | { left: string[]; right: string[] });

export interface BundleProofs {
  /** consistency[i]: RFC 9162 consistency proof from checkpoint i + 1 to checkpoint i + 2 (hex). */
  consistency: string[][];
  runs: BundleRun[];
}

/** A row's line in rows.jsonl, without its newline: JSON.stringify of exactly this shape. */
export function jsonRowLine(leafIndex: number, columns: readonly string[], values: readonly RowValue[]): string {
  const row: Record<string, RowValue> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i];
  return JSON.stringify({ leaf_index: leafIndex, row });
}

/** The JSON members (manifest.json, proofs.json) are JSON.stringify of the value and a newline. */
export function jsonMember(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
