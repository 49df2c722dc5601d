/**
 * govcon-backup/1, the console's backup file (docs/formats.md, "Backups"): pure encoding and a
 * streaming reader, no I/O. The file is a sequence of lines. Structural lines start with `\.`
 * and a tag — a byte sequence PostgreSQL's COPY text format never starts a row with (a
 * backslash in data is always escaped) — so the rows of each table are COPY text exactly as the
 * server wrote them, between a section's start and end lines:
 *
 *   \.H {header}                               format, backup id, source server, tables…
 *   \.S {section start}                        per table: backup id, index, table, previous chain
 *   <COPY text rows>
 *   \.E {section end}                          rows, bytes, SHA-256 of the rows, chain
 *   …
 *   \.T {trailer} <SHA-256 of "\.T {trailer}">  manifest, SHA-256 of every byte before it
 *
 * The chain ties every section to the backup and to the section before it:
 *   chain_0 = SHA-256(H line)
 *   chain_i = SHA-256(chain_{i-1} ‖ SHA-256(S line) ‖ SHA-256(rows) ‖ u64be(rows) ‖ u64be(bytes))
 * (hashes as 32 raw bytes, lines with their newline). The trailer holds the last chain and the
 * SHA-256 of all bytes before it, and ends with the SHA-256 of itself: every byte is committed.
 */
import crypto from 'node:crypto';

export const BACKUP_FORMAT = 'govcon-backup/1';
/** The first bytes of every backup: `\.H {"format":"govcon-backup/1"`. */
export const BACKUP_MAGIC = `\\.H {"format":"${BACKUP_FORMAT}"`;
/** What every version of the format starts with. */
const BACKUP_PREFIX = Buffer.from('\\.H {"format":"govcon-backup/', 'utf8');
/** A structural line longer than this is refused (headers list columns; 64 MiB is far beyond any). */
export const MAX_STRUCTURAL_LINE = 64 * 1024 * 1024;

export interface BackupColumn {
  name: string;
  /** format_type() of the column, e.g. `timestamp without time zone`, `character varying(255)`. */
  type: string;
}

export interface BackupTable {
  name: string;
  columns: BackupColumn[];
}

export interface BackupSequence {
  name: string;
  /** As text (bigint); null when the sequence was never used. */
  last_value: string | null;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  /** 32 lowercase hex digits, random per backup. */
  backup_id: string;
  /** The snapshot's time on the server (UTC, ISO 8601). */
  snapshot_at: string;
  console_version: string;
  operator: string;
  source: { server: string; database: string; server_version: string; server_version_num: number };
  /** The session settings the rows were written under (COPY text depends on them). */
  session: Record<string, string>;
  /** console_migrations' names, in name order. */
  migrations: string[];
  /** In the order of the sections (parents before the tables that refer to them). */
  tables: BackupTable[];
  sequences: BackupSequence[];
}

export interface SectionStart {
  backup_id: string;
  index: number;
  table: string;
  /** chain_{index} before this section, hex. */
  previous: string;
}

export interface SectionEnd {
  backup_id: string;
  index: number;
  table: string;
  rows: number;
  bytes: number;
  sha256: string;
  chain: string;
}

export interface ManifestEntry {
  table: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface BackupTrailer {
  backup_id: string;
  sections: number;
  rows: number;
  /** Bytes before the trailer line. */
  bytes: number;
  /** SHA-256 of every byte before the trailer line. */
  sha256: string;
  chain: string;
  manifest: ManifestEntry[];
  /** How long the backup took, from opening the snapshot to the last row. */
  duration_ms: number;
  finished_at: string;
}

/** What is wrong with a backup file, and where: the first fault found (nothing after it is trusted). */
export type BackupFaultKind =
  | 'not-a-backup'
  | 'unsupported-format'
  | 'malformed-line'
  | 'unexpected-line'
  | 'foreign-section'
  | 'chain-broken'
  | 'rows-mismatch'
  | 'digest-mismatch'
  | 'trailer-mismatch'
  | 'truncated'
  | 'data-after-trailer';

export class BackupFault extends Error {
  constructor(
    readonly kind: BackupFaultKind,
    message: string,
    /** Byte offset of the line or position where the fault is. */
    readonly offset: number,
    /** 1-based section number and its table, when the fault is inside one. */
    readonly section: number | null = null,
    readonly table: string | null = null,
  ) {
    super(message);
    this.name = 'BackupFault';
  }
}

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest();

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

export function nextChain(previous: Buffer, startLine: Buffer, rowsDigest: Buffer, rows: number, bytes: number): Buffer {
  return crypto
    .createHash('sha256')
    .update(previous)
    .update(sha256(startLine))
    .update(rowsDigest)
    .update(u64(rows))
    .update(u64(bytes))
    .digest();
}

const line = (tag: string, value: unknown) => Buffer.from(`\\.${tag} ${JSON.stringify(value)}\n`, 'utf8');

function trailerLine(trailer: BackupTrailer): Buffer {
  const body = `\\.T ${JSON.stringify(trailer)}`;
  return Buffer.from(`${body} ${sha256(body).toString('hex')}\n`, 'utf8');
}

/**
 * Builds a backup's bytes in order: header, then per table start / rows / end, then the
 * trailer. Each method returns the bytes to write (rows are written as given); the writer
 * keeps the digests.
 */
export class BackupWriter {
  private readonly file = crypto.createHash('sha256');
  private readonly all = crypto.createHash('sha256');
  private chain: Buffer;
  private offset = 0;
  private index = 0;
  private section: { start: Buffer; hash: crypto.Hash; rows: number; bytes: number; table: string } | null = null;
  private readonly manifest: ManifestEntry[] = [];
  private totalRows = 0;
  readonly headerLine: Buffer;

  constructor(readonly header: BackupHeader) {
    this.headerLine = line('H', header);
    this.chain = sha256(this.headerLine);
    this.take(this.headerLine);
  }

  private take(bytes: Buffer): Buffer {
    this.file.update(bytes);
    this.all.update(bytes);
    this.offset += bytes.length;
    return bytes;
  }

  startSection(table: string): Buffer {
    if (this.section) throw new Error('section already open');
    const expected = this.header.tables[this.index]?.name;
    if (expected !== table) throw new Error(`section ${this.index + 1} is ${expected ?? 'none'}, not ${table}`);
    const start: SectionStart = { backup_id: this.header.backup_id, index: this.index, table, previous: this.chain.toString('hex') };
    const bytes = line('S', start);
    this.section = { start: bytes, hash: crypto.createHash('sha256'), rows: 0, bytes: 0, table };
    return this.take(bytes);
  }

  /** Rows of the open section, as COPY text (whole rows or pieces of them). */
  rows(data: Buffer): void {
    const s = this.section!;
    s.hash.update(data);
    s.bytes += data.length;
    let at = data.indexOf(10);
    while (at !== -1) {
      s.rows++;
      at = data.indexOf(10, at + 1);
    }
    this.file.update(data);
    this.all.update(data);
    this.offset += data.length;
  }

  endSection(): Buffer {
    const s = this.section;
    if (!s) throw new Error('no section open');
    const digest = s.hash.digest();
    this.chain = nextChain(this.chain, s.start, digest, s.rows, s.bytes);
    const end: SectionEnd = {
      backup_id: this.header.backup_id,
      index: this.index,
      table: s.table,
      rows: s.rows,
      bytes: s.bytes,
      sha256: digest.toString('hex'),
      chain: this.chain.toString('hex'),
    };
    this.manifest.push({ table: s.table, rows: s.rows, bytes: s.bytes, sha256: end.sha256 });
    this.totalRows += s.rows;
    this.section = null;
    this.index++;
    return this.take(line('E', end));
  }

  trailer(durationMs: number, finishedAt: string): { bytes: Buffer; trailer: BackupTrailer; fileSha256: string; size: number } {
    if (this.section || this.index !== this.header.tables.length) throw new Error('sections missing');
    const trailer: BackupTrailer = {
      backup_id: this.header.backup_id,
      sections: this.index,
      rows: this.totalRows,
      bytes: this.offset,
      sha256: this.file.digest('hex'),
      chain: this.chain.toString('hex'),
      manifest: this.manifest,
      duration_ms: durationMs,
      finished_at: finishedAt,
    };
    const bytes = trailerLine(trailer);
    this.all.update(bytes);
    return { bytes, trailer, fileSha256: this.all.digest('hex'), size: this.offset + bytes.length };
  }
}

/** What a reader's consumer is told as the file goes by (restore sends the rows to COPY). */
export interface BackupReaderSink {
  header?(header: BackupHeader): void;
  sectionStart?(index: number, table: BackupTable): void;
  /** Rows of the current section, whole rows only; valid only during the call unless copied. */
  rows?(data: Buffer): void;
  sectionEnd?(end: SectionEnd): void;
}

type State = 'start' | 'between' | 'data' | 'done';

const HEX64 = /^[0-9a-f]{64}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a backup as it streams by and checks everything: structure, every digest, the chain,
 * the trailer. The first fault throws a {@link BackupFault} naming where; `end()` throws when
 * the file stopped early. Memory: one partial row or line.
 */
export class BackupReader {
  private state: State = 'start';
  private pending: Buffer = Buffer.alloc(0);
  /** Offset of `pending`'s first byte. */
  private offset = 0;
  private readonly file = crypto.createHash('sha256');
  private chain: Buffer = Buffer.alloc(0);
  private headerValue: BackupHeader | null = null;
  private index = 0;
  private section: { start: Buffer; hash: crypto.Hash; rows: number; bytes: number; table: BackupTable } | null = null;
  private readonly manifest: ManifestEntry[] = [];
  private totalRows = 0;
  private trailerValue: BackupTrailer | null = null;

  constructor(private readonly sink: BackupReaderSink = {}) {}

  get header(): BackupHeader | null {
    return this.headerValue;
  }

  get trailer(): BackupTrailer | null {
    return this.trailerValue;
  }

  /** Rows read so far. */
  get rowsRead(): number {
    return this.totalRows + (this.section?.rows ?? 0);
  }

  private where(): { section: number | null; table: string | null } {
    if (this.state === 'data' && this.section) return { section: this.index + 1, table: this.section.table.name };
    return { section: null, table: null };
  }

  private fault(kind: BackupFaultKind, message: string, offset: number, section?: number | null, table?: string | null): BackupFault {
    const w = this.where();
    return new BackupFault(kind, message, offset, section === undefined ? w.section : section, table === undefined ? w.table : table);
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.state === 'done') {
      throw this.fault(
        'data-after-trailer',
        `There are ${chunk.length} more bytes after the trailer, at byte ${this.offset}.`,
        this.offset,
      );
    }
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    const base = this.offset;
    for (;;) {
      // (A cast: TypeScript does not see that structural() moves the state on.)
      if ((this.state as State) === 'done') {
        if (pos < buf.length) {
          throw this.fault('data-after-trailer', `There are more bytes after the trailer, at byte ${base + pos}.`, base + pos);
        }
        break;
      }
      if (this.state === 'data') {
        // The next structural line: at a line start, `\.`.
        let marker = -1;
        if (buf[pos] === 0x5c && buf[pos + 1] === 0x2e) marker = pos;
        else {
          const j = buf.indexOf('\n\\.', pos);
          if (j !== -1) marker = j + 1;
        }
        if (marker === -1) {
          const last = buf.lastIndexOf(10);
          if (last >= pos) {
            this.data(buf.subarray(pos, last + 1));
            pos = last + 1;
          }
          break;
        }
        if (marker > pos) this.data(buf.subarray(pos, marker));
        pos = marker;
      }
      if (this.state === 'start') {
        const prefix = BACKUP_PREFIX.subarray(0, Math.min(BACKUP_PREFIX.length, buf.length - pos));
        if (!buf.subarray(pos, pos + prefix.length).equals(prefix)) {
          throw this.fault('not-a-backup', `This is not a ${BACKUP_FORMAT} file (it does not start with its header).`, base + pos);
        }
      } else if (buf.length - pos >= 2 && (buf[pos] !== 0x5c || buf[pos + 1] !== 0x2e)) {
        throw this.fault('unexpected-line', `Byte ${base + pos} should start a section or the trailer.`, base + pos);
      }
      const nl = buf.indexOf(10, pos);
      if (nl === -1) {
        if (buf.length - pos > MAX_STRUCTURAL_LINE) {
          throw this.fault('malformed-line', `The line at byte ${base + pos} is longer than any backup line can be.`, base + pos);
        }
        // A partial row in data state is kept too (the loop above left it).
        break;
      }
      this.structural(buf.subarray(pos, nl + 1), base + pos);
      pos = nl + 1;
    }
    const rest = buf.subarray(pos);
    this.offset = base + pos;
    this.pending = rest.length > 0 ? Buffer.from(rest) : Buffer.alloc(0);
    buf = Buffer.alloc(0);
  }

  /** The file ended: throws a `truncated` fault unless the trailer was read. */
  end(): { header: BackupHeader; trailer: BackupTrailer } {
    const at = this.offset + this.pending.length;
    if (this.state !== 'done') {
      const w = this.where();
      const place =
        this.state === 'start'
          ? 'before its header was complete'
          : this.state === 'data'
            ? `inside section ${w.section} (table ${w.table}), before its end line`
            : `after section ${this.index} of ${this.headerValue!.tables.length}, before ${
                this.index < this.headerValue!.tables.length
                  ? `section ${this.index + 1} (table ${this.headerValue!.tables[this.index]!.name})`
                  : 'the trailer'
              }`;
      throw this.fault('truncated', `The file ends at byte ${at}, ${place}: it is cut.`, at);
    }
    return { header: this.headerValue!, trailer: this.trailerValue! };
  }

  private data(bytes: Buffer): void {
    const s = this.section!;
    s.hash.update(bytes);
    this.file.update(bytes);
    s.bytes += bytes.length;
    let at = bytes.indexOf(10);
    while (at !== -1) {
      s.rows++;
      at = bytes.indexOf(10, at + 1);
    }
    this.sink.rows?.(bytes);
  }

  private json(lineBytes: Buffer, at: number, body: string): Record<string, unknown> {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      throw this.fault('malformed-line', `The ${describeTag(lineBytes[2])} at byte ${at} is not valid JSON.`, at);
    }
    if (!isObject(value)) throw this.fault('malformed-line', `The ${describeTag(lineBytes[2])} at byte ${at} is not a JSON object.`, at);
    return value;
  }

  private structural(lineBytes: Buffer, at: number): void {
    if (lineBytes[0] !== 0x5c || lineBytes[1] !== 0x2e || lineBytes[3] !== 0x20) {
      if (this.state === 'start')
        throw this.fault('not-a-backup', `This is not a ${BACKUP_FORMAT} file (it does not start with its header).`, at);
      throw this.fault('unexpected-line', `Byte ${at} should start a section or the trailer.`, at);
    }
    const tag = String.fromCharCode(lineBytes[2]!);
    const text = lineBytes.toString('utf8', 4, lineBytes.length - 1);
    switch (tag) {
      case 'H':
        return this.onHeader(lineBytes, at, text);
      case 'S':
        return this.onStart(lineBytes, at, text);
      case 'E':
        return this.onEnd(lineBytes, at, text);
      case 'T':
        return this.onTrailer(lineBytes, at, text);
      default:
        throw this.fault('malformed-line', `The line at byte ${at} has an unknown tag "${tag}".`, at);
    }
  }

  private onHeader(lineBytes: Buffer, at: number, text: string): void {
    if (this.state !== 'start') throw this.fault('unexpected-line', `A second header at byte ${at}: two backups joined?`, at);
    const h = this.json(lineBytes, at, text);
    if (typeof h.format !== 'string' || !h.format.startsWith('govcon-backup/')) {
      throw this.fault('not-a-backup', `This is not a ${BACKUP_FORMAT} file.`, at);
    }
    if (h.format !== BACKUP_FORMAT) {
      throw this.fault('unsupported-format', `This backup is ${h.format}; this console reads ${BACKUP_FORMAT}.`, at);
    }
    const tables = h.tables;
    const ok =
      typeof h.backup_id === 'string' &&
      /^[0-9a-f]{32}$/.test(h.backup_id) &&
      Array.isArray(tables) &&
      tables.every((t) => isObject(t) && typeof t.name === 'string' && Array.isArray(t.columns) && t.columns.length > 0) &&
      Array.isArray(h.migrations) &&
      Array.isArray(h.sequences) &&
      isObject(h.source);
    if (!ok) throw this.fault('malformed-line', `The header at byte ${at} lacks fields of ${BACKUP_FORMAT}.`, at);
    this.headerValue = h as unknown as BackupHeader;
    this.chain = sha256(lineBytes);
    this.file.update(lineBytes);
    this.state = 'between';
    this.sink.header?.(this.headerValue);
  }

  private onStart(lineBytes: Buffer, at: number, text: string): void {
    const header = this.headerValue!;
    if (this.state === 'start')
      throw this.fault('not-a-backup', `This is not a ${BACKUP_FORMAT} file (it does not start with its header).`, at);
    if (this.state === 'data') {
      throw this.fault(
        'unexpected-line',
        `Section ${this.index + 1} (table ${this.section!.table.name}) has no end line: another section starts at byte ${at}.`,
        at,
      );
    }
    const s = this.json(lineBytes, at, text);
    const n = this.index + 1;
    const expected = header.tables[this.index];
    if (s.backup_id !== header.backup_id) {
      throw this.fault(
        'foreign-section',
        `Section ${n} at byte ${at} belongs to backup ${String(s.backup_id)}, not ${header.backup_id}: two backups spliced.`,
        at,
        n,
        str(s.table),
      );
    }
    if (!expected)
      throw this.fault(
        'unexpected-line',
        `A section at byte ${at} beyond the ${header.tables.length} the header lists.`,
        at,
        n,
        str(s.table),
      );
    if (s.index !== this.index || s.table !== expected.name) {
      throw this.fault(
        'unexpected-line',
        `Section ${n} at byte ${at} should be table ${expected.name}; it is ${str(s.table)} (section ${Number(s.index) + 1}).`,
        at,
        n,
        expected.name,
      );
    }
    if (s.previous !== this.chain.toString('hex')) {
      throw this.fault(
        'chain-broken',
        `Section ${n} (table ${expected.name}) at byte ${at} does not follow the section before it: the chain is broken.`,
        at,
        n,
        expected.name,
      );
    }
    this.file.update(lineBytes);
    this.section = { start: Buffer.from(lineBytes), hash: crypto.createHash('sha256'), rows: 0, bytes: 0, table: expected };
    this.state = 'data';
    this.sink.sectionStart?.(this.index, expected);
  }

  private onEnd(lineBytes: Buffer, at: number, text: string): void {
    if (this.state !== 'data') throw this.fault('unexpected-line', `A section end at byte ${at} where no section is open.`, at);
    const header = this.headerValue!;
    const s = this.section!;
    const n = this.index + 1;
    const e = this.json(lineBytes, at, text);
    const table = s.table.name;
    if (e.backup_id !== header.backup_id) {
      throw this.fault(
        'foreign-section',
        `The end of section ${n} (table ${table}) at byte ${at} belongs to backup ${String(e.backup_id)}: two backups spliced.`,
        at,
      );
    }
    if (e.index !== this.index || e.table !== table) {
      throw this.fault('unexpected-line', `The end line at byte ${at} is for ${str(e.table)}, not section ${n} (table ${table}).`, at);
    }
    if (e.rows !== s.rows || e.bytes !== s.bytes) {
      throw this.fault(
        'rows-mismatch',
        `Section ${n} (table ${table}) holds ${s.rows} rows in ${s.bytes} bytes; its end line at byte ${at} says ${String(e.rows)} in ${String(e.bytes)}.`,
        at,
      );
    }
    const digest = s.hash.digest();
    if (e.sha256 !== digest.toString('hex')) {
      throw this.fault(
        'digest-mismatch',
        `The rows of section ${n} (table ${table}, ending at byte ${at}) do not match their SHA-256: changed.`,
        at,
      );
    }
    const chain = nextChain(this.chain, s.start, digest, s.rows, s.bytes);
    if (e.chain !== chain.toString('hex')) {
      throw this.fault('chain-broken', `The chain at the end of section ${n} (table ${table}, byte ${at}) does not match.`, at);
    }
    this.chain = chain;
    this.file.update(lineBytes);
    const end = e as unknown as SectionEnd;
    this.manifest.push({ table, rows: s.rows, bytes: s.bytes, sha256: end.sha256 });
    this.totalRows += s.rows;
    this.section = null;
    this.index++;
    this.state = 'between';
    this.sink.sectionEnd?.(end);
  }

  private onTrailer(lineBytes: Buffer, at: number, text: string): void {
    const header = this.headerValue;
    if (this.state === 'start' || !header) throw this.fault('not-a-backup', `This is not a ${BACKUP_FORMAT} file.`, at);
    if (this.state === 'data') {
      throw this.fault(
        'unexpected-line',
        `Section ${this.index + 1} (table ${this.section!.table.name}) has no end line: the trailer starts at byte ${at}.`,
        at,
      );
    }
    if (this.index !== header.tables.length) {
      throw this.fault(
        'truncated',
        `The trailer at byte ${at} follows section ${this.index} of ${header.tables.length}: table ${header.tables[this.index]!.name} and after are missing.`,
        at,
      );
    }
    const space = text.lastIndexOf(' ');
    const self = space === -1 ? '' : text.slice(space + 1);
    const body = `\\.T ${space === -1 ? text : text.slice(0, space)}`;
    if (!HEX64.test(self) || sha256(body).toString('hex') !== self) {
      throw this.fault('trailer-mismatch', `The trailer at byte ${at} does not match its own SHA-256: changed.`, at);
    }
    const t = this.json(lineBytes, at, text.slice(0, space));
    const fileDigest = this.file.digest('hex');
    const problems: string[] = [];
    if (t.backup_id !== header.backup_id) problems.push(`it belongs to backup ${String(t.backup_id)}`);
    if (t.bytes !== at) problems.push(`it says ${String(t.bytes)} bytes come before it, not ${at}`);
    if (t.sha256 !== fileDigest) problems.push('the SHA-256 of the bytes before it differs');
    if (t.chain !== this.chain.toString('hex')) problems.push('the chain differs');
    if (t.sections !== this.index || t.rows !== this.totalRows) problems.push('its counts differ');
    if (JSON.stringify(t.manifest) !== JSON.stringify(this.manifest)) problems.push('its manifest differs from the sections');
    if (problems.length > 0) {
      throw this.fault('trailer-mismatch', `The trailer at byte ${at} does not commit to this file: ${problems.join('; ')}.`, at);
    }
    this.trailerValue = t as unknown as BackupTrailer;
    this.state = 'done';
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
}

function describeTag(byte: number | undefined): string {
  switch (byte) {
    case 0x48:
      return 'header';
    case 0x53:
      return 'section start';
    case 0x45:
      return 'section end';
    case 0x54:
      return 'trailer';
    default:
      return 'line';
  }
}
