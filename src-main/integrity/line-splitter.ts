/**
 * Splits a byte stream into lines on the byte `\n`, without decoding it: a line is handed
 * over as the bytes before its `\n` (a view into the chunk when it lies in one chunk).
 * The `\n` that ends the data does not start another line; data that does not end with
 * `\n` still ends with a line.
 */
export class LineSplitter {
  private pending: Uint8Array[] = [];
  private pendingLength = 0;

  /** Lines handed over so far. */
  lines = 0;

  /** Hands over each line completed by `chunk`. The views are valid during the callback only. */
  push(chunk: Uint8Array, onLine: (line: Uint8Array) => void): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let nl = buf.indexOf(0x0a, 0);
    if (nl !== -1 && this.pendingLength > 0) {
      this.pending.push(buf.subarray(0, nl));
      const line = Buffer.concat(this.pending, this.pendingLength + nl);
      this.pending = [];
      this.pendingLength = 0;
      this.lines++;
      onLine(line);
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    while (nl !== -1) {
      this.lines++;
      onLine(buf.subarray(start, nl));
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    if (start < buf.length) {
      // Keep a copy: a stream may reuse the chunk's memory.
      this.pending.push(Buffer.from(buf.subarray(start)));
      this.pendingLength += buf.length - start;
    }
  }

  /** Hands over the last line when the data did not end with `\n`. */
  end(onLine: (line: Uint8Array) => void): void {
    if (this.pendingLength === 0) return;
    const line = Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    this.lines++;
    onLine(line);
  }
}
