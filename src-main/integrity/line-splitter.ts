/**
 * Splits a byte stream into lines on the byte `\n`, without decoding it: a line is handed
 * over as the bytes before its `\n` (a view into the chunk when it lies in one chunk).
 * The `\n` that ends the data does not start another line; data that does not end with
 * `\n` still ends with a line.
 *
 * A line longer than `maxLineBytes` is never held in memory: its bytes are counted and
 * dropped as they come, and at its end `onOversized` is told its length instead of `onLine`
 * being given its bytes. So a file of any size is read with flat memory (a 600 MiB line, or
 * `/dev/zero` copied to a file, costs at most the limit), and that one line fails, not the run.
 */

/** 16 MiB: far above any real audit line (a few KiB), far below what would strain memory. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * The highest limit that may be asked for: a line is decoded into one JavaScript string, and V8
 * cannot make a string of more than 2^29 − 24 characters (a 600 MiB line ended in INTERNAL).
 */
export const MAX_LINE_BYTES_CEILING = 256 * 1024 * 1024;

export interface LineSplitterOptions {
  /** Lines longer than this many bytes (without the `\n`) go to `onOversized`. Default 16 MiB, at most 256 MiB. */
  maxLineBytes?: number;
}

export type OnLine = (line: Uint8Array) => void;
/** A line over the limit: its length in bytes, without the `\n`. */
export type OnOversized = (bytes: number) => void;

export class LineSplitter {
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Bytes of the current line when it is over the limit (its bytes are dropped); -1 otherwise. */
  private oversized = -1;
  readonly maxLineBytes: number;

  /** Lines handed over so far, oversized ones included. */
  lines = 0;

  constructor(options: LineSplitterOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isSafeInteger(max) || max < 1 || max > MAX_LINE_BYTES_CEILING) {
      throw new RangeError(`maxLineBytes must be a whole number from 1 to ${MAX_LINE_BYTES_CEILING} (got ${max})`);
    }
    this.maxLineBytes = max;
  }

  /**
   * Hands over each line completed by `chunk`. The views are valid during the callback only.
   * Without `onOversized`, a line over the limit throws a RangeError naming its number.
   */
  push(chunk: Uint8Array, onLine: OnLine, onOversized?: OnOversized): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let nl = buf.indexOf(0x0a, 0);
    if (nl !== -1 && (this.pendingLength > 0 || this.oversized >= 0)) {
      this.finishCarried(buf.subarray(0, nl), onLine, onOversized);
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    while (nl !== -1) {
      this.lines++;
      if (nl - start > this.maxLineBytes) this.tooLong(nl - start, onOversized);
      else onLine(buf.subarray(start, nl));
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    if (start < buf.length) this.carry(buf.subarray(start));
  }

  /** Hands over the last line when the data did not end with `\n`. */
  end(onLine: OnLine, onOversized?: OnOversized): void {
    if (this.pendingLength === 0 && this.oversized < 0) return;
    this.finishCarried(Buffer.alloc(0), onLine, onOversized);
  }

  /** Keeps the start of an unfinished line, or only counts it once it is over the limit. */
  private carry(rest: Buffer): void {
    if (this.oversized >= 0) {
      this.oversized += rest.length;
    } else if (this.pendingLength + rest.length > this.maxLineBytes) {
      this.oversized = this.pendingLength + rest.length;
      this.pending = [];
      this.pendingLength = 0;
    } else {
      // Keep a copy: a stream may reuse the chunk's memory.
      this.pending.push(Buffer.from(rest));
      this.pendingLength += rest.length;
    }
  }

  /** Ends the line carried over from earlier chunks with `tail` (the bytes before its `\n`). */
  private finishCarried(tail: Buffer, onLine: OnLine, onOversized: OnOversized | undefined): void {
    this.lines++;
    if (this.oversized >= 0 || this.pendingLength + tail.length > this.maxLineBytes) {
      const length = (this.oversized >= 0 ? this.oversized : this.pendingLength) + tail.length;
      this.oversized = -1;
      this.pending = [];
      this.pendingLength = 0;
      this.tooLong(length, onOversized);
      return;
    }
    this.pending.push(tail);
    const line = Buffer.concat(this.pending, this.pendingLength + tail.length);
    this.pending = [];
    this.pendingLength = 0;
    onLine(line);
  }

  private tooLong(bytes: number, onOversized: OnOversized | undefined): void {
    if (onOversized) return onOversized(bytes);
    throw new RangeError(`line ${this.lines} is ${bytes} bytes long, over the limit of ${this.maxLineBytes} bytes`);
  }
}

/** What a reader says of a line over the limit (verification and import alike). */
export function lineTooLongMessage(line: number, bytes: number, maxLineBytes: number): string {
  return `line ${line} is ${describeBytes(bytes)} long, over the limit of ${describeBytes(maxLineBytes)} (--max-line-bytes)`;
}

/** "16 MiB", "600.0 MiB", "512 bytes": a line length in words. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mib = bytes / (1024 * 1024);
    return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  }
  if (bytes >= 1024) {
    const kib = bytes / 1024;
    return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB`;
  }
  return `${bytes} bytes`;
}
