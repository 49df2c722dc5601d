/**
 * The lines of one batch, encoded for COPY as they are read, off the JavaScript heap: the
 * audit row in COPY TEXT (up to user_id), the custody line in COPY BINARY, and the keys the
 * batch is classified by. Only the e-mail stays a JavaScript string (one per distinct
 * address), since user_id is looked up by it when the batch is written.
 */
import crypto from 'node:crypto';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, CopyBuffer } from '../../integrity/copy-binary';
import { auditCopyPrefix } from './audit-copy';
import { appendCustodyLine } from './custody-copy';
import type { MappedAuditRow } from './map-line';

/** Width of a line's key record: trace_id (36), original hash (64), db-v1 hash (64). */
const KEY_WIDTH = 164;
/** Where each key field starts in a key record, and its width. */
export const KEY_FIELDS = {
  traceId: { offset: 0, width: 36 },
  originalHash: { offset: 36, width: 64 },
  dbV1Hash: { offset: 100, width: 64 },
} as const;

/** Bytes reserved per line up front for each COPY buffer (they grow when a batch needs more). */
const BYTES_PER_LINE = 1024;
/**
 * A batch is full at this many bytes of COPY data too, whatever its line count: with the
 * batches alive at once (one per connection, the one being filled, one ready) it bounds the
 * import's memory whatever the lines' length. 2 MiB rather than 4: the COPY buffers alive at
 * once went from ~50 to ~25 MB (200,000 lines of 800 bytes, docs/scale.md) at the same speed.
 */
export const BATCH_BYTES = 2 * 1024 * 1024;
const HEADER = COPY_BINARY_HEADER.length;

export class Batch {
  count = 0;
  readonly lineNumbers: Float64Array;
  readonly auditEnd: Int32Array;
  readonly custodyEnd: Int32Array;
  /** Per line: its e-mail's index in `emails`, or -1 for none. */
  readonly emailSlot: Int32Array;
  readonly emails: string[] = [];
  private readonly emailIndex = new Map<string, number>();
  readonly audit: CopyBuffer;
  readonly custody: CopyBuffer;
  readonly keys: Buffer;

  constructor(
    readonly capacity: number,
    private readonly importId: string,
    private readonly maxBytes = BATCH_BYTES,
  ) {
    this.lineNumbers = new Float64Array(capacity);
    this.auditEnd = new Int32Array(capacity);
    this.custodyEnd = new Int32Array(capacity);
    this.emailSlot = new Int32Array(capacity);
    // Either buffer holds a little over half of a full batch (a custody line is the raw line,
    // the audit row a little less): reserved once, so neither grows in the common case.
    const reserve = Math.min(capacity * BYTES_PER_LINE, Math.ceil(maxBytes * 0.6));
    this.audit = new CopyBuffer(reserve);
    this.custody = new CopyBuffer(reserve + HEADER);
    this.keys = Buffer.allocUnsafe(capacity * KEY_WIDTH);
    this.reset();
  }

  get full(): boolean {
    return this.count >= this.capacity || this.audit.length + this.custody.length >= this.maxBytes;
  }

  /**
   * Empties the batch for reuse: its buffers stay allocated (no page faults, no GC work). The
   * custody buffer starts with COPY BINARY's header, so a whole batch is sent as it lies.
   */
  reset(): void {
    this.count = 0;
    this.audit.length = 0;
    this.custody.buf.set(COPY_BINARY_HEADER, 0);
    this.custody.length = HEADER;
    this.emails.length = 0;
    this.emailIndex.clear();
  }

  /** Adds an ok line: its number, its hash, its bytes (without the `\n`) and its row. */
  add(line: number, hash: string, bytes: Uint8Array, row: MappedAuditRow): void {
    const i = this.count++;
    const id = crypto.randomUUID();
    this.lineNumbers[i] = line;
    this.auditEnd[i] = this.audit.write(auditCopyPrefix(id, row));
    appendCustodyLine(this.custody, id, this.importId, line, row.trace_id, hash, bytes);
    this.custodyEnd[i] = this.custody.length;
    const k = i * KEY_WIDTH;
    this.keys.write(row.trace_id, k + KEY_FIELDS.traceId.offset, 'latin1');
    this.keys.write(hash, k + KEY_FIELDS.originalHash.offset, 'latin1');
    this.keys.write(row.integrity_hash, k + KEY_FIELDS.dbV1Hash.offset, 'latin1');
    if (row.actor_email === null) {
      this.emailSlot[i] = -1;
    } else {
      let slot = this.emailIndex.get(row.actor_email);
      if (slot === undefined) {
        slot = this.emails.length;
        this.emails.push(row.actor_email);
        this.emailIndex.set(row.actor_email, slot);
      }
      this.emailSlot[i] = slot;
    }
  }

  /** trace_id and original hash of line i (the key a line is recognised by). */
  key(i: number): string {
    return this.keys.toString('latin1', i * KEY_WIDTH, i * KEY_WIDTH + KEY_FIELDS.originalHash.offset + KEY_FIELDS.originalHash.width);
  }

  /** A PostgreSQL array literal of one key field of the given lines: `{a,b,…}`. */
  keyArray(lines: readonly number[], field: (typeof KEY_FIELDS)[keyof typeof KEY_FIELDS]): string {
    const { offset, width } = field;
    // `{`, then each value and its comma (the last comma becomes `}`); 2 bytes when there is none.
    const out = Buffer.allocUnsafe(Math.max(2, lines.length * (width + 1) + 1));
    out[0] = 0x7b; // {
    let p = 1;
    const keys = this.keys;
    for (let j = 0; j < lines.length; j++) {
      const k = lines[j]! * KEY_WIDTH + offset;
      for (let b = 0; b < width; b++) out[p++] = keys[k + b]!;
      out[p++] = 0x2c; // ,
    }
    if (lines.length === 0) p++;
    out[p - 1] = 0x7d; // }
    return out.toString('latin1', 0, p);
  }

  /**
   * COPY data for audit_logs: each line's encoded row, then its user_id (`userIds` by e-mail
   * slot). Written into `into` (a writer's own buffer, reused batch after batch) when given.
   */
  auditCopy(lines: readonly number[], userIds: readonly (string | null)[], into?: CopyBuffer): Buffer {
    let size = 0;
    // 37: a uuid and the newline, or `\N` and the newline.
    for (const i of lines) size += this.auditEnd[i]! - (i === 0 ? 0 : this.auditEnd[i - 1]!) + 37;
    const target = into ?? new CopyBuffer(size);
    target.length = 0;
    target.reserve(size);
    const out = target.buf;
    let p = 0;
    for (const i of lines) {
      const start = i === 0 ? 0 : this.auditEnd[i - 1]!;
      out.set(this.audit.buf.subarray(start, this.auditEnd[i]!), p);
      p += this.auditEnd[i]! - start;
      const slot = this.emailSlot[i]!;
      const user = slot === -1 ? null : userIds[slot]!;
      p += out.write(user === null ? '\\N\n' : user + '\n', p, 'latin1');
    }
    target.length = p;
    return out.subarray(0, p);
  }

  /**
   * COPY BINARY data for console_import_lines. A whole batch is its own buffer with the
   * trailer after it (no copy); some of its lines are copied out.
   */
  custodyCopy(lines: readonly number[]): Buffer {
    if (lines.length === this.count) {
      this.custody.int16(-1);
      const data = this.custody.buf.subarray(0, this.custody.length);
      // The trailer stays in the memory sent, but not in the batch: it may be written again (a retry).
      this.custody.length -= 2;
      return data;
    }
    const parts = lines.map((i) => this.custody.buf.subarray(i === 0 ? HEADER : this.custodyEnd[i - 1]!, this.custodyEnd[i]!));
    return Buffer.concat([COPY_BINARY_HEADER, ...parts, COPY_BINARY_TRAILER]);
  }
}
