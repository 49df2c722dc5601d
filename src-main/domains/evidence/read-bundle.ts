/**
 * Verifies a bundle file (docs/seal-format.md §12) by streaming it through BundleVerifier:
 * no database, no network. Shared by `govcon verify-bundle`, the window's "Verify evidence file"
 * and the standalone verifier (out/verifier/govcon-verify.mjs), so it imports only node: modules
 * and integrity code.
 */
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import type { NoteVerifierKey } from '../../integrity/note/note-keys';
import { BundleVerifier } from '../../integrity/bundle/verifier';
import { evidenceReport } from '../../integrity/bundle/report';
import type { EvidenceFacts } from '../../integrity/bundle/report';
import type { EvidenceReport } from '../../shared/model/report';

const READ = 1 << 20;

export interface ReadBundleOptions {
  progress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Throws the fs error when the file cannot be opened or read; anything in it is a finding. */
export function verifyBundleFile(
  file: string,
  trusted: ReadonlyArray<string | NoteVerifierKey>,
  facts: EvidenceFacts,
  options: ReadBundleOptions = {},
): EvidenceReport {
  const verifier = new BundleVerifier(trusted);
  const fd = fs.openSync(file, 'r');
  try {
    const total = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(READ);
    let done = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const n = fs.readSync(fd, buf, 0, READ, null);
      if (n === 0) break;
      verifier.write(buf.subarray(0, n));
      done += n;
      options.progress?.(done, total);
    }
  } finally {
    fs.closeSync(fd);
  }
  return evidenceReport(verifier.end(), { path: file, name: path.basename(file) }, facts);
}

/** The same, reading with fs.promises so that each chunk yields to the event loop (the window's main process). */
export async function verifyBundleFileAsync(
  file: string,
  trusted: ReadonlyArray<string | NoteVerifierKey>,
  facts: EvidenceFacts,
  options: ReadBundleOptions = {},
): Promise<EvidenceReport> {
  const verifier = new BundleVerifier(trusted);
  const handle = await fs.promises.open(file, 'r');
  try {
    const total = (await handle.stat()).size;
    const buf = Buffer.allocUnsafe(READ);
    let done = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buf, 0, READ, null);
      if (bytesRead === 0) break;
      verifier.write(buf.subarray(0, bytesRead));
      done += bytesRead;
      options.progress?.(done, total);
    }
  } finally {
    await handle.close();
  }
  return evidenceReport(verifier.end(), { path: file, name: path.basename(file) }, facts);
}
