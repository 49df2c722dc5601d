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
import { digestThread, type DigestThread } from './digest-thread';
import type { EvidenceFacts } from '../../integrity/bundle/report';
import type { EvidenceReport } from '../../shared/model/report';

const READ = 1 << 20;

export interface ReadBundleOptions {
  progress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Throws the fs error when the file cannot be opened or read; anything in it is a finding. Reads
 * synchronously (the command line, the standalone verifier), hashing on a second thread.
 */
export async function verifyBundleFile(
  file: string,
  trusted: ReadonlyArray<string | NoteVerifierKey>,
  facts: EvidenceFacts,
  options: ReadBundleOptions = {},
): Promise<EvidenceReport> {
  let digests: DigestThread | null = null;
  const verifier = new BundleVerifier(trusted, { onMember: (name, start, size) => digests!.member(name, start, size) });
  const fd = fs.openSync(file, 'r');
  digests = digestThread();
  try {
    const total = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(READ);
    let done = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const n = fs.readSync(fd, buf, 0, READ, null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      verifier.write(chunk);
      digests.write(chunk);
      done += n;
      options.progress?.(done, total);
    }
    return evidenceReport(verifier.end(await digests.digests()), { path: file, name: path.basename(file) }, facts);
  } finally {
    fs.closeSync(fd);
    digests.close();
  }
}

/** The same, reading with fs.promises so that each chunk yields to the event loop (the window's main process). */
export async function verifyBundleFileAsync(
  file: string,
  trusted: ReadonlyArray<string | NoteVerifierKey>,
  facts: EvidenceFacts,
  options: ReadBundleOptions = {},
): Promise<EvidenceReport> {
  let digests: DigestThread | null = null;
  const verifier = new BundleVerifier(trusted, { onMember: (name, start, size) => digests!.member(name, start, size) });
  const handle = await fs.promises.open(file, 'r');
  digests = digestThread();
  try {
    const total = (await handle.stat()).size;
    const buf = Buffer.allocUnsafe(READ);
    let done = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buf, 0, READ, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      verifier.write(chunk);
      digests.write(chunk);
      done += bytesRead;
      options.progress?.(done, total);
    }
    return evidenceReport(verifier.end(await digests.digests()), { path: file, name: path.basename(file) }, facts);
  } finally {
    await handle.close();
    digests.close();
  }
}
