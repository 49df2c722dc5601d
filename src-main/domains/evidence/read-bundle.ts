/**
 * Verifies a bundle file (docs/seal-format.md §12) by streaming it through BundleVerifier:
 * no database, no network. Shared by `govcon verify-bundle`, the window's "Verify evidence file"
 * and the standalone verifier (out/verifier/govcon-verify.mjs), so it imports only node: modules,
 * integrity code and the one reader of input files.
 */
import { Buffer } from 'node:buffer';
import path from 'node:path';
import type { NoteVerifierKey } from '../../integrity/note/note-keys';
import { BundleVerifier } from '../../integrity/bundle/verifier';
import { evidenceReport } from '../../integrity/bundle/report';
import { fileError } from '../../platform/files/file-errors';
import { openInputFile } from '../../platform/files/input-file';
import { digestThread, type DigestThread } from './digest-thread';
import type { EvidenceFacts } from '../../integrity/bundle/report';
import type { EvidenceReport } from '../../shared/model/report';

const READ = 1 << 20;

export interface ReadBundleOptions {
  progress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Regular files only (FILE_ERROR naming the path and its kind otherwise: a FIFO would hang the
 * read, /dev/zero never end it), read in chunks through one buffer with a yield to the event
 * loop between them (the window's main process stays responsive), hashed on a second thread.
 * Anything in the file is a finding; only a file that cannot be read throws.
 */
export async function verifyBundleFile(
  file: string,
  trusted: ReadonlyArray<string | NoteVerifierKey>,
  facts: EvidenceFacts,
  options: ReadBundleOptions = {},
): Promise<EvidenceReport> {
  options.signal?.throwIfAborted();
  const { handle, size: total } = await openInputFile(file);
  let digests: DigestThread | null = null;
  const verifier = new BundleVerifier(trusted, { onMember: (name, start, size) => digests!.member(name, start, size) });
  digests = digestThread();
  try {
    const buf = Buffer.allocUnsafe(READ);
    let done = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buf, 0, READ, null).catch((error: unknown) => {
        throw fileError(`Cannot read ${file}`, error);
      });
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      verifier.write(chunk);
      digests.write(chunk);
      done += bytesRead;
      options.progress?.(done, total);
    }
    return evidenceReport(verifier.end(await digests.digests()), { path: file, name: path.basename(file) }, facts);
  } finally {
    await handle.close().catch(() => undefined);
    digests.close();
  }
}
