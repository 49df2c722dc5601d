/**
 * Building PostgreSQL COPY data in memory, off the JavaScript heap: a growable byte buffer
 * that takes UTF-8 text (COPY TEXT rows) and COPY BINARY fields, and the BINARY format's
 * header and trailer. Pure: it only fills buffers (docs/formats.md describes what the
 * import sends).
 */

/** COPY BINARY's header: the signature `PGCOPY\n\377\r\n\0`, 32-bit flags 0, no header extension. */
export const COPY_BINARY_HEADER: Buffer = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** COPY BINARY's trailer: a field count of -1. */
export const COPY_BINARY_TRAILER: Buffer = Buffer.from([0xff, 0xff]);

/** The value of one hex digit's character code (0-9, a-f, A-F; the input is known to be hex). */
export function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

/**
 * A growable byte buffer for COPY data. Batch data lives here rather than in JavaScript
 * strings so that the garbage collector has nothing to do for it; `length` is the bytes used
 * (setting it to 0 empties the buffer and keeps its memory).
 */
export class CopyBuffer {
  buf: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Makes room for `bytes` more bytes after `length`. */
  reserve(bytes: number): void {
    const need = this.length + bytes;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
  }

  /** Appends a string as UTF-8; returns the end offset. */
  write(text: string): number {
    // A UTF-16 unit takes at most 3 bytes; count exactly only near the end of the buffer.
    if (this.length + text.length * 3 > this.buf.length) this.reserve(Buffer.byteLength(text, 'utf8'));
    this.length += this.buf.write(text, this.length, 'utf8');
    return this.length;
  }

  /** Appends a big-endian int16 (a COPY BINARY row's field count). */
  int16(v: number): void {
    this.reserve(2);
    this.buf[this.length++] = (v >> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }

  /** Appends a big-endian int32 (a COPY BINARY field's length). */
  int32(v: number): void {
    this.reserve(4);
    this.buf.writeInt32BE(v, this.length);
    this.length += 4;
  }

  /** Appends a COPY BINARY bigint field (length and value) for a whole number below 2^53. */
  int64Field(v: number): void {
    this.int32(8);
    this.int32(Math.floor(v / 0x1_0000_0000));
    this.reserve(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }

  /** Appends a COPY BINARY uuid field from its canonical text (36 characters). */
  uuidField(text: string): void {
    this.int32(16);
    this.reserve(16);
    const buf = this.buf;
    let p = this.length;
    for (let i = 0; i < 36; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2d) continue;
      const d = text.charCodeAt(++i);
      buf[p++] = (hexDigit(c) << 4) | hexDigit(d);
    }
    this.length = p;
  }

  /** Appends a COPY BINARY text field holding these bytes exactly. */
  bytesField(bytes: Uint8Array): void {
    this.int32(bytes.length);
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends a COPY BINARY text field from ASCII text (a hex hash). */
  asciiField(text: string): void {
    this.int32(text.length);
    this.reserve(text.length);
    this.length += this.buf.write(text, this.length, 'latin1');
  }
}
