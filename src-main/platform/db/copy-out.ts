/**
 * `COPY … TO STDOUT` read straight off the connection's socket, for the readers whose speed is
 * the server's (verify-db reads a whole audit trail this way).
 *
 * pg-copy-streams' readable stream costs about as much client CPU per row as hashing the row:
 * each CopyData message (one per row) becomes a Buffer of its own, the messages are
 * concatenated again, and every chunk goes through a stream and an async iterator. Here each
 * socket chunk is de-framed in place — the payloads are moved together over the 5-byte message
 * headers with `copyWithin`, no allocation per row — and handed to a synchronous callback.
 *
 * The hand-over with the driver is pg-copy-streams' (copy-to.js): while the COPY runs, this
 * query takes the socket's data from pg's own parser; at CopyDone or an ErrorResponse it gives
 * the rest back, and pg reads CommandComplete, ReadyForQuery or the error as usual.
 */
import type { Readable } from 'node:stream';
import type pg from 'pg';

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'
/** What may come before or between CopyData: CopyOutResponse, NoticeResponse, ParameterStatus, NotificationResponse. */
const SKIPPED = new Set([0x48, 0x4e, 0x53, 0x41]); // 'H' 'N' 'S' 'A'
/** Type byte and length: every message starts with them. */
const HEADER = 5;

/** The socket side of pg's Connection (not in its public types). */
interface PgConnection {
  stream: Readable;
  query(text: string): void;
}

/**
 * A pg Submittable: pg calls `submit` when it is this query's turn, then `handleError`,
 * `handleCommandComplete` and `handleReadyForQuery` as the server answers.
 */
class CopyOutQuery {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: unknown) => void;
  private settled = false;
  private connection: PgConnection | null = null;
  private pgDataHandler: ((chunk: Buffer) => void) | null = null;
  private readonly onReadable = () => this.forward();
  /** Bytes of a CopyData payload still to come in the next chunks. */
  private payloadLeft = 0;
  /** The start of a message cut by the end of a chunk (at most its header, or a whole other message). */
  private carry: Buffer | null = null;
  private rows = 0;

  constructor(
    private readonly text: string,
    private readonly onData: (data: Buffer) => void,
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: PgConnection): void {
    this.connection = connection;
    const stream = connection.stream;
    const listeners = stream.listeners('data') as ((chunk: Buffer) => void)[];
    if (listeners.length !== 1) throw new Error(`copyOut expects one data listener on the connection, found ${listeners.length}`);
    this.pgDataHandler = listeners[0]!;
    stream.removeListener('data', this.pgDataHandler);
    stream.pause();
    stream.on('readable', this.onReadable);
    connection.query(this.text);
  }

  handleError(error: unknown): void {
    this.fail(error);
  }

  handleCommandComplete(message: { text?: string }): void {
    const match = /COPY (\d+)/.exec(message.text ?? '');
    if (match) this.rows = Number(match[1]);
  }

  // What pg may call when the statement was no COPY TO (see parse): nothing to do but let it finish.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('copyOut runs COPY … TO STDOUT only');
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(this.rows);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  private forward(): void {
    const connection = this.connection;
    if (connection === null) return;
    let chunk: Buffer | null;
    while (this.connection !== null && (chunk = connection.stream.read() as Buffer | null) !== null) this.parse(chunk);
  }

  /** De-frames one chunk: hands its CopyData bytes over, and the socket back to pg after CopyDone or an error. */
  private parse(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry !== null) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const n = buf.length;
    // Payload bytes are moved down to [0, w) as they are found: over headers already read, never over unread bytes.
    let w = 0;
    let q = 0;
    if (this.payloadLeft > 0) {
      q = Math.min(this.payloadLeft, n);
      w = q;
      this.payloadLeft -= q;
    }
    while (q < n) {
      const code = buf[q]!;
      if (code === ERROR_RESPONSE) {
        this.hand(buf, w);
        this.detach(buf.subarray(q));
        return;
      }
      if (n - q < HEADER) {
        this.carry = Buffer.from(buf.subarray(q));
        break;
      }
      const end = q + 1 + buf.readUInt32BE(q + 1);
      if (code === COPY_DATA) {
        const start = q + HEADER;
        const available = end < n ? end : n;
        if (start !== w) buf.copyWithin(w, start, available);
        w += available - start;
        if (end > n) this.payloadLeft = end - n;
        q = available;
        continue;
      }
      if (end > n) {
        this.carry = Buffer.from(buf.subarray(q));
        break;
      }
      if (code === COPY_DONE) {
        this.hand(buf, w);
        this.detach(buf.subarray(end));
        return;
      }
      if (!SKIPPED.has(code)) {
        // Not a COPY TO (a SELECT's RowDescription, a COPY FROM's CopyInResponse…): pg takes it from here.
        this.hand(buf, w);
        this.fail(new Error('copyOut runs COPY … TO STDOUT only'));
        this.detach(buf.subarray(q));
        return;
      }
      q = end;
    }
    this.hand(buf, w);
  }

  /** Hands the payload bytes found so far to the reader; a reader that throws ends the COPY with its error. */
  private hand(buf: Buffer, w: number): void {
    if (w === 0 || this.settled) return;
    try {
      this.onData(buf.subarray(0, w));
    } catch (error) {
      // The connection is mid-COPY and cannot be used again: the caller ends it.
      this.fail(error);
    }
  }

  /** Gives the socket back to pg's parser, with the bytes after the COPY data. */
  private detach(rest: Buffer): void {
    const connection = this.connection!;
    const stream = connection.stream;
    this.connection = null;
    stream.removeListener('readable', this.onReadable);
    stream.addListener('data', this.pgDataHandler!);
    if (rest.length > 0) this.pgDataHandler!(rest);
    // As in pg-copy-streams: resume once the handler above has run (it may pause the stream itself).
    process.nextTick(() => stream.resume());
  }
}

/**
 * Runs `sql` (a `COPY … TO STDOUT`) and hands its data to `onData` as it arrives: the bytes of
 * the CopyData messages in order, without the framing, in pieces that need not end on a row.
 * A piece is valid only during the call (its memory is the socket's). Resolves with the row
 * count the server reports, once the connection is ready for the next statement. When
 * `onData` throws, the promise rejects with that error and the client must be ended.
 */
export function copyOut(client: pg.Client, sql: string, onData: (data: Buffer) => void): Promise<number> {
  const query = new CopyOutQuery(sql, onData);
  void client.query(query as unknown as pg.QueryConfig);
  return query.done;
}
