/**
 * A bundle verification as a govcon/v2 report of format `evidence-v1` (shared/model/report.ts,
 * docs/cli.md): the same report from `govcon verify-bundle`, the window and the standalone
 * verifier. Pure: no zod at run time (report-values), node: built-ins only.
 */
import type { EvidenceReport } from '../../shared/model/report';
import { EMPTY_KIND, finding, outcomeOf, REPORT_VERSION } from '../../shared/model/report-values';
import type { BundleVerification } from './verifier';

export const EVIDENCE_METHOD =
  'govcon-evidence/v1 (docs/seal-format.md §12): the tar read in one pass, every header compared with the one the format ' +
  'writes; every member against the manifest (size, SHA-256) and the manifest against manifest.sha256; each checkpoint ' +
  'checked as a signed note with only the trusted keys given; consistency proofs between the checkpoints; one inclusion proof ' +
  'per lone row and one range proof per run of consecutive leaves, from leaves.bin to the signed root; every row of ' +
  'rows.canonical and rows.jsonl re-hashed as a leaf (SHA-256 of 0x00 and the canonical row) and compared with leaves.bin.';

export const EVIDENCE_BLIND_SPOTS =
  'A bundle proves only the rows it holds: rows of the log left out of it, and what happened to the database after its last ' +
  'checkpoint, are not judged. The keys inside the bundle are never trusted, only the keys given. The manifest labels ' +
  '(selection, exported_at, exported_by, console_version) and govcon-verify.mjs are covered by digests only, which anyone ' +
  'rewriting the bundle can recompute: they are shown, not proven. It says nothing about whether a trusted key was kept secret.';

export interface EvidenceFacts {
  console_version: string;
  operator: string;
  at: string;
}

export function evidenceReport(result: BundleVerification, file: { path: string; name: string }, facts: EvidenceFacts): EvidenceReport {
  const findings = result.findings.map((f) =>
    f.kind === EMPTY_KIND
      ? finding(EMPTY_KIND, { reason: 'no-rows' })
      : finding(f.kind, {
          reason: f.member,
          position: f.row,
          id: f.id,
          detail: {
            member: f.member,
            offset: f.offset,
            row: f.row,
            leaf_position: f.leafIndex === null ? null : f.leafIndex + 1,
            message: f.message,
          },
        }),
  );
  const signers = new Map<string, { name: string; key_id: string; trusted: boolean }>();
  for (const c of result.checkpoints) for (const s of c.signers) signers.set(`${s.name}+${s.key_id}`, s);
  const m = result.manifest;
  return {
    report: REPORT_VERSION,
    format: 'evidence-v1',
    outcome: outcomeOf(findings, result.findingsNotListed),
    subject: { type: 'file', path: file.path, name: file.name, size: result.size, sha256: result.sha256 },
    total: result.rows,
    ok: result.rowsProven,
    findings,
    findings_not_listed: result.findingsNotListed,
    method: EVIDENCE_METHOD,
    not_covered: EVIDENCE_BLIND_SPOTS,
    ...facts,
    table: m?.table ?? null,
    origin: m?.origin ?? null,
    runs: result.runs,
    checkpoints: result.checkpoints.map((c) => ({ member: c.member, size: c.size, root: c.root, trusted: c.ok, signers: c.signers })),
    keys_in_bundle: result.keysInBundle,
    labels: m
      ? { selection: m.selection, exported_at: m.exported_at, exported_by: m.exported_by, console_version: m.console_version }
      : null,
  };
}
