/** The custody lines an import writes (console_import_lines), in COPY BINARY. */
import type { CopyBuffer } from '../../integrity/copy-binary';

/**
 * Custody lines go in COPY's binary format: the raw line is sent as it is, with no escaping
 * on either side (it is most of the bytes of an import).
 */
export const COPY_CUSTODY_LINES =
  'COPY console_import_lines (audit_log_id, file_id, line_number, trace_id, original_hash, raw_line) FROM STDIN (FORMAT binary)';

/**
 * Appends one COPY BINARY row of {@link COPY_CUSTODY_LINES}, in its column order: the line's
 * audit_logs row, its import run, its number, its trace_id, its own integrity_hash, and the
 * line exactly as it was in the file (without its `\n`). Positional, as it runs once per line.
 */
export function appendCustodyLine(
  out: CopyBuffer,
  auditLogId: string,
  importId: string,
  lineNumber: number,
  traceId: string,
  originalHash: string,
  rawLine: Uint8Array,
): void {
  out.int16(6);
  out.uuidField(auditLogId);
  out.uuidField(importId);
  out.int64Field(lineNumber);
  out.uuidField(traceId);
  out.asciiField(originalHash);
  out.bytesField(rawLine);
}
