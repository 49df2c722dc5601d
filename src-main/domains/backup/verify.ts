/**
 * `govcon backup verify`: a backup read completely, every digest and the chain checked, nothing
 * restored (integrity/backup-v1.ts). The file is read once, in 1 MiB chunks.
 */
import crypto from 'node:crypto';
import { BackupFault, BackupReader, type BackupHeader, type BackupReaderSink, type BackupTrailer } from '../../integrity/backup-v1';
import { inputFileSize, readChunks, readChunksReusing } from '../../platform/files/input-file';

export interface BackupCheck {
  path: string;
  size: number;
  /** SHA-256 of the bytes read. */
  sha256: string;
  header: BackupHeader | null;
  trailer: BackupTrailer | null;
  /** Rows read (all of them when the file is sound). */
  rows: number;
  fault: BackupFault | null;
  durationMs: number;
}

export interface ReadBackupOptions {
  sink?: BackupReaderSink;
  /** Bytes read, of all. */
  progress?: (bytes: number, total: number) => void;
  /** Chunks handed to the sink stay valid after the call (restore queues them for COPY). */
  freshChunks?: boolean;
  signal?: AbortSignal;
}

/** Reads and checks the whole file; a fault is returned, not thrown (file errors are thrown). */
export async function readBackup(path: string, options: ReadBackupOptions = {}): Promise<BackupCheck> {
  const started = Date.now();
  const size = await inputFileSize(path);
  const reader = new BackupReader(options.sink);
  const hash = crypto.createHash('sha256');
  let read = 0;
  let fault = null as BackupFault | null;
  const chunks = (options.freshChunks ? readChunks : readChunksReusing)(path, { size, what: 'Reading the backup', signal: options.signal });
  const check = (work: () => void) => {
    try {
      work();
    } catch (error) {
      if (!(error instanceof BackupFault)) throw error;
      fault = error;
    }
  };
  for await (const chunk of chunks) {
    // After a fault the rest is only hashed, for the report's SHA-256 of the whole file.
    hash.update(chunk);
    read += chunk.length;
    if (!fault) check(() => reader.push(chunk));
    options.progress?.(read, size);
  }
  if (!fault) check(() => reader.end());
  return {
    path,
    size,
    sha256: hash.digest('hex'),
    header: reader.header,
    trailer: fault ? null : reader.trailer,
    rows: reader.rowsRead,
    fault,
    durationMs: Date.now() - started,
  };
}
