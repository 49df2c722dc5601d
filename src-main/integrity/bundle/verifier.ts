/**
 * Reads and verifies a govcon-evidence/v1 bundle (docs/seal-format.md §12) as a stream: bytes
 * go in with write(), in chunks of any size, and end() gives every finding with its place —
 * member, row and byte offset in the file. Nothing in the bundle is trusted: checkpoints count
 * only when signed by a key the caller trusts; the keys inside are shown, never used to trust.
 * Memory: the small members, and one 32-byte leaf hash per row. Pure: node: built-ins only.
 */
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { canonicalRowText, SEALED_TABLES } from '../canonical-row';
import type { RowValue, SealedTable } from '../canonical-row';
import { verifyConsistency } from '../merkle/consistency';
import { hashLeaf, hashesEqual, HASH_SIZE, sha256Bytes } from '../merkle/hash';
import { rootFromInclusionProof } from '../merkle/inclusion';
import { rootFromRangeProof } from '../merkle/range-proof';
import { parseCheckpoint } from '../note/checkpoint';
import { formatKeyId, parseVerifierKey } from '../note/note-keys';
import type { NoteVerifierKey } from '../note/note-keys';
import { verifySignedNote } from '../note/signed-note';
import { BUNDLE_FORMAT, checkpointMember, jsonMember, MEMBER } from './format';
import type { BundleManifest, BundleProofs, BundleRun } from './format';
import { BLOCK, paddingFor, parseTarHeader } from './tar';

/** Kinds of finding (docs/seal-format.md §12.6). */
export type BundleFindingKind =
  | 'damaged'
  | 'truncated'
  | 'malformed'
  | 'digest-mismatch'
  | 'modified'
  | 'proof-failed'
  | 'inconsistent'
  | 'bad-signature'
  | 'untrusted-signer'
  | 'empty';

export interface BundleFinding {
  kind: BundleFindingKind;
  /** The member it is in (null: the archive itself). */
  member: string | null;
  /** Byte offset in the file of the first byte concerned. */
  offset: number | null;
  /** 1-based row of the bundle. */
  row: number | null;
  /** The row's id (its first column), when known. */
  id: string | null;
  leafIndex: number | null;
  message: string;
}

export interface BundleSigner {
  name: string;
  key_id: string;
  trusted: boolean;
}

export interface BundleCheckpointFacts {
  member: string;
  origin: string;
  size: number;
  /** Base64 root hash, as in the note. */
  root: string;
  ok: boolean;
  signers: BundleSigner[];
}

export interface BundleVerification {
  /** Bytes read and their SHA-256: the file judged. */
  size: number;
  sha256: string;
  manifest: BundleManifest | null;
  checkpoints: BundleCheckpointFacts[];
  /** keys.txt's lines: shown, never trusted. */
  keysInBundle: string[];
  rows: number;
  /** Rows whose both forms match their leaf, in runs whose proof leads to a trusted checkpoint. */
  rowsProven: number;
  runs: number;
  findings: BundleFinding[];
  findingsNotListed: number;
}

export const MAX_LISTED_FINDINGS = 1000;
/** Rows a bundle may hold: one 32-byte leaf hash each is kept in memory. */
export const MAX_BUNDLE_ROWS = 32 * 1024 * 1024;
const MAX_SMALL_MEMBER = 64 * 1024 * 1024;
/** proofs.json is read whole: a scattered selection carries about 1.4 KB of proof per row. */
const MAX_PROOFS = 1024 * 1024 * 1024;
const MAX_LINE = 64 * 1024 * 1024;

interface Member {
  name: string;
  size: number;
  /** File offset of its first data byte. */
  start: number;
  read: number;
  /** The bytes of a member read whole (all but the rows and the verifier script), filled as they come. */
  whole: Buffer | null;
}

/** SHA-256 (hex) of the whole file and of each member read to its end, by name. */
export interface BundleDigests {
  file: string;
  members: Record<string, string>;
}

export interface BundleVerifierOptions {
  /**
   * Called as each member's data begins (name, file offset, size). With it, the caller computes
   * the digests (say, on another thread, from the same bytes) and gives them to end(); without
   * it, the verifier hashes the file and its members itself.
   */
  onMember?: (name: string, start: number, size: number) => void;
}

/** The digests of a bundle, computed from its bytes as they come (what the verifier does by default). */
export class DigestTracker {
  readonly #file = crypto.createHash('sha256');
  readonly #open: Array<{ name: string; start: number; end: number; hash: crypto.Hash }> = [];
  readonly #done: Record<string, string> = {};
  #offset = 0;

  member(name: string, start: number, size: number): void {
    this.#open.push({ name, start, end: start + size, hash: crypto.createHash('sha256') });
  }

  write(chunk: Buffer): void {
    this.#file.update(chunk);
    const lo = this.#offset;
    const hi = lo + chunk.length;
    for (const m of this.#open) {
      if (m.start < hi && m.end > lo) m.hash.update(chunk.subarray(Math.max(m.start, lo) - lo, Math.min(m.end, hi) - lo));
    }
    for (let i = this.#open.length - 1; i >= 0; i--) {
      const m = this.#open[i];
      if (m.end <= hi) {
        this.#done[m.name] = m.hash.digest('hex');
        this.#open.splice(i, 1);
      }
    }
    this.#offset = hi;
  }

  digests(): BundleDigests {
    return { file: this.#file.digest('hex'), members: this.#done };
  }
}

type State = 'header' | 'data' | 'padding' | 'end' | 'after' | 'stopped';

export class BundleVerifier {
  readonly #trusted: NoteVerifierKey[];
  #offset = 0;
  readonly #tracker: DigestTracker | null;
  readonly #onMember: (name: string, start: number, size: number) => void;
  /** Members read to their end, in order, with their data offsets. */
  readonly #completed: Array<{ name: string; start: number }> = [];
  #state: State = 'header';
  #block = Buffer.alloc(BLOCK);
  #blockFill = 0;
  #left = 0;
  #member: Member | null = null;
  #expected: string[] = [MEMBER.manifest];
  readonly #starts = new Map<string, number>();
  #findings: BundleFinding[] = [];
  #notListed = 0;

  #manifest: BundleManifest | null = null;
  #manifestBytes: Buffer | null = null;
  #table: SealedTable | null = null;
  #columns: string[] = [];
  #checkpoints: Array<BundleCheckpointFacts & { rootHash: Buffer }> = [];
  #keys: string[] = [];
  #proofs: BundleProofs | null = null;
  #leaves: Buffer | null = null;
  /** Per row: 1 = a form did not match its leaf; 2 = its run's proof failed. */
  #bad: Uint8Array | null = null;
  /** Row → leaf index, by run. */
  #rowLeaf: ((row: number) => number) | null = null;
  /** rows.canonical rows whose leaf hash is not leaves.bin's, waiting for rows.jsonl to say which of the two changed. */
  #pending = new Map<number, { leaf: Buffer; offset: number; id: string | null }>();
  #carry: Buffer | null = null;
  #carryStart = 0;
  #line = 0;

  /** `trustedKeys`: verifier key lines, or keys already parsed. Throws NoteKeyError for a bad line. */
  constructor(trustedKeys: ReadonlyArray<string | NoteVerifierKey>, options: BundleVerifierOptions = {}) {
    this.#tracker = options.onMember ? null : new DigestTracker();
    this.#onMember = options.onMember ?? ((name, start, size) => this.#tracker!.member(name, start, size));
    this.#trusted = trustedKeys.map((k) => (typeof k === 'string' ? parseVerifierKey(k) : k));
  }

  write(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#read(buf);
    this.#tracker?.write(buf);
  }

  #read(buf: Buffer): void {
    let p = 0;
    // The tracker hashes after the loop: a member's span is known once its header is read.
    while (p < buf.length) {
      switch (this.#state) {
        case 'header': {
          const n = Math.min(BLOCK - this.#blockFill, buf.length - p);
          buf.copy(this.#block, this.#blockFill, p, p + n);
          this.#blockFill += n;
          p += n;
          this.#offset += n;
          if (this.#blockFill === BLOCK) {
            this.#blockFill = 0;
            this.#header(this.#offset - BLOCK);
          }
          break;
        }
        case 'data': {
          const n = Math.min(this.#left, buf.length - p);
          this.#data(buf.subarray(p, p + n));
          p += n;
          this.#offset += n;
          this.#left -= n;
          if (this.#left === 0) this.#finishMember();
          break;
        }
        case 'padding':
        case 'end': {
          const n = Math.min(this.#left, buf.length - p);
          for (let i = 0; i < n; i++) {
            if (buf[p + i] !== 0) {
              const m = this.#state === 'end' ? null : (this.#member?.name ?? null);
              this.#find(
                'damaged',
                m,
                this.#offset + i,
                `byte ${this.#offset + i} should be zero (${this.#state === 'end' ? 'end of archive' : 'padding'})`,
              );
              break;
            }
          }
          p += n;
          this.#offset += n;
          this.#left -= n;
          if (this.#left === 0) this.#state = this.#state === 'end' ? 'after' : 'header';
          break;
        }
        case 'after':
          this.#find('damaged', null, this.#offset, `${buf.length - p} or more bytes after the end of the archive`);
          this.#offset += buf.length - p;
          this.#state = 'stopped';
          return;
        case 'stopped':
          this.#offset += buf.length - p;
          return;
      }
    }
  }

  /** The findings; `digests` must be given when an onMember option was (and only then). */
  end(digests?: BundleDigests): BundleVerification {
    const d = digests ?? this.#tracker?.digests();
    if (!d) throw new Error('BundleVerifier.end needs the digests its caller computed');
    this.#flushPending();
    for (const m of this.#completed) {
      const listed = this.#manifest?.members.find((x) => x.name === m.name);
      const got = d.members[m.name];
      if (listed && got !== undefined && listed.sha256 !== got) {
        this.#find('digest-mismatch', m.name, m.start, `${m.name}'s SHA-256 is ${got}, the manifest says ${listed.sha256}`);
      }
    }
    if (this.#state !== 'after' && this.#state !== 'stopped') {
      const m = this.#member && this.#state === 'data' ? this.#member.name : (this.#expected[0] ?? null);
      this.#find('truncated', m, this.#offset, `the file ends at byte ${this.#offset}, inside ${this.#where()}`);
    }
    const rows = this.#manifest?.rows ?? 0;
    let proven = 0;
    const allTrusted = this.#checkpoints.length > 0 && this.#checkpoints.every((c) => c.ok);
    // Rows count as proven only when the whole file was read and every checkpoint is trusted.
    if (this.#bad && allTrusted && this.#state === 'after') for (const b of this.#bad) if (b === 0) proven++;
    if (this.#manifest && rows === 0) this.#find('empty', MEMBER.manifest, null, 'the bundle holds no rows');
    return {
      size: this.#offset,
      sha256: d.file,
      manifest: this.#manifest,
      checkpoints: this.#checkpoints.map(({ rootHash: _root, ...facts }) => facts),
      keysInBundle: this.#keys,
      rows,
      rowsProven: proven,
      runs: this.#proofs?.runs.length ?? 0,
      findings: this.#findings,
      findingsNotListed: this.#notListed,
    };
  }

  #where(): string {
    if (this.#state === 'data' && this.#member) return `${this.#member.name} (${this.#member.read} of ${this.#member.size} bytes)`;
    if (this.#state === 'end') return 'the end-of-archive blocks';
    if (this.#state === 'padding') return `the padding after ${this.#member?.name ?? '?'}`;
    return `the header of ${this.#expected[0] ?? 'the next member'}`;
  }

  #find(
    kind: BundleFindingKind,
    member: string | null,
    offset: number | null,
    message: string,
    row: number | null = null,
    id: string | null = null,
    leafIndex: number | null = null,
  ): void {
    const full: BundleFinding = { kind, member, offset, row, id, leafIndex, message };
    if (this.#findings.length < MAX_LISTED_FINDINGS) this.#findings.push(full);
    else this.#notListed++;
  }

  #stop(kind: BundleFindingKind, member: string | null, offset: number | null, message: string): void {
    this.#find(kind, member, offset, `${message}; the rest of the file was not read`);
    this.#state = 'stopped';
  }

  #header(at: number): void {
    const expected = this.#expected[0];
    if (this.#block.every((b) => b === 0)) {
      if (expected === undefined) {
        this.#state = 'end';
        this.#left = BLOCK; // the second zero block
        return;
      }
      return this.#stop('damaged', expected, at, `the archive ends at byte ${at}, before ${expected}`);
    }
    if (expected === undefined) {
      // After manifest.sha256 only the two zero blocks may follow.
      const first = this.#block.findIndex((b) => b !== 0);
      this.#find('damaged', null, at + first, `the end-of-archive blocks are altered at byte ${at + first}`);
      this.#state = 'end';
      this.#left = BLOCK;
      return;
    }
    const parsed = parseTarHeader(this.#block);
    if (!('header' in parsed)) {
      return this.#stop(
        'damaged',
        expected,
        at + parsed.firstDifference,
        `the tar header of ${expected} is altered at its byte ${parsed.firstDifference}`,
      );
    }
    const { name, size } = parsed.header;
    if (name !== expected) return this.#stop('damaged', expected, at, `expected member ${expected}, found ${JSON.stringify(name)}`);
    this.#expected.shift();
    const listed = this.#manifest?.members.find((m) => m.name === name);
    if (listed && listed.size !== size) {
      this.#find('digest-mismatch', name, at, `${name} has ${size} bytes, the manifest says ${listed.size}`);
    }
    const collect = name !== MEMBER.canonical && name !== MEMBER.jsonl && name !== MEMBER.verifier;
    const limit = name === MEMBER.leaves ? MAX_BUNDLE_ROWS * HASH_SIZE : name === MEMBER.proofs ? MAX_PROOFS : MAX_SMALL_MEMBER;
    if (collect && size > limit) return this.#stop('malformed', name, at, `${name} is too large (${size} bytes)`);
    this.#starts.set(name, at + BLOCK);
    this.#member = { name, size, start: at + BLOCK, read: 0, whole: collect ? Buffer.alloc(size) : null };
    this.#onMember(name, at + BLOCK, size);
    this.#carry = null;
    this.#line = 0;
    this.#left = size;
    this.#state = 'data';
    if (size === 0) this.#finishMember();
  }

  #data(bytes: Buffer): void {
    const m = this.#member!;
    if (m.whole) bytes.copy(m.whole, m.read);
    else if (m.name !== MEMBER.verifier) this.#lines(m, bytes);
    m.read += bytes.length;
  }

  #finishMember(): void {
    const m = this.#member!;
    this.#completed.push({ name: m.name, start: m.start });
    const bytes = m.whole;
    if (bytes) this.#small(m, bytes);
    else if (m.name !== MEMBER.verifier) this.#endLines(m);
    if (this.#state === 'stopped') return;
    this.#left = paddingFor(m.size);
    this.#state = this.#left > 0 ? 'padding' : 'header';
  }

  #small(m: Member, bytes: Buffer): void {
    try {
      if (m.name === MEMBER.manifest) this.#readManifest(m, bytes);
      else if (m.name.startsWith('checkpoints/')) this.#readCheckpoint(m, bytes);
      else if (m.name === MEMBER.keys) this.#readKeys(m, bytes);
      else if (m.name === MEMBER.proofs) this.#readProofs(m, bytes);
      else if (m.name === MEMBER.leaves) this.#readLeaves(m, bytes);
      else if (m.name === MEMBER.manifestDigest) this.#readManifestDigest(m, bytes);
    } catch (e) {
      if (!(e instanceof Malformed)) throw e;
      if (m.name === MEMBER.manifest || m.name === MEMBER.proofs || m.name === MEMBER.leaves)
        this.#stop('malformed', m.name, m.start, e.message);
      else this.#find('malformed', m.name, m.start, e.message);
    }
  }

  #readManifest(m: Member, bytes: Buffer): void {
    const v = parseJsonMember(bytes, m.name) as BundleManifest;
    if (!isObject(v) || v.format !== BUNDLE_FORMAT) throw new Malformed(`${m.name} is not a ${BUNDLE_FORMAT} manifest`);
    const keys = [
      'format',
      'table',
      'columns',
      'origin',
      'rows',
      'checkpoints',
      'selection',
      'exported_at',
      'exported_by',
      'console_version',
      'members',
    ];
    if (Object.keys(v).join() !== keys.join())
      throw new Malformed(`${m.name} must have exactly the fields ${keys.join(', ')}, in that order`);
    const table = SEALED_TABLES.find((t) => t.table === v.table);
    if (!table) throw new Malformed(`${m.name} names an unknown table ${JSON.stringify(v.table)}`);
    const columns = table.columns.map((c) => c.name);
    if (!Array.isArray(v.columns) || v.columns.join('\t') !== columns.join('\t')) {
      throw new Malformed(`${m.name}'s columns are not ${table.table}'s columns of seal-v1 (a schema change)`);
    }
    if (!isCount(v.rows) || v.rows > MAX_BUNDLE_ROWS) throw new Malformed(`${m.name}'s rows must be an integer in [0, ${MAX_BUNDLE_ROWS}]`);
    if (!isCount(v.checkpoints) || v.checkpoints < 1 || v.checkpoints > 1000)
      throw new Malformed(`${m.name}'s checkpoints must be in [1, 1000]`);
    for (const k of ['origin', 'selection', 'exported_at', 'exported_by', 'console_version'] as const) {
      if (typeof v[k] !== 'string') throw new Malformed(`${m.name}'s ${k} must be a string`);
    }
    const names = [
      ...Array.from({ length: v.checkpoints }, (_, i) => checkpointMember(i + 1)),
      MEMBER.keys,
      MEMBER.proofs,
      MEMBER.leaves,
      MEMBER.canonical,
      MEMBER.jsonl,
    ];
    if (!Array.isArray(v.members)) throw new Malformed(`${m.name}'s members must be a list`);
    const listed = v.members.map((x) => (isObject(x) ? x.name : null));
    const withVerifier = [...names, MEMBER.verifier];
    if (listed.join('\n') !== names.join('\n') && listed.join('\n') !== withVerifier.join('\n')) {
      throw new Malformed(`${m.name}'s members must be ${names.join(', ')} [, ${MEMBER.verifier}], in that order`);
    }
    for (const x of v.members) {
      if (Object.keys(x).join() !== 'name,size,sha256' || !isCount(x.size) || !/^[0-9a-f]{64}$/.test(String(x.sha256))) {
        throw new Malformed(`${m.name}: member ${String(x.name)} needs exactly name, size and a lowercase hex sha256`);
      }
    }
    if (v.members.find((x) => x.name === MEMBER.leaves)?.size !== v.rows * HASH_SIZE)
      throw new Malformed(`${MEMBER.leaves} must have 32 bytes per row`);
    this.#manifest = v;
    this.#manifestBytes = bytes;
    this.#table = table;
    this.#columns = columns;
    this.#expected = [...listed.map(String), MEMBER.manifestDigest];
  }

  #readCheckpoint(m: Member, bytes: Buffer): void {
    let v: ReturnType<typeof verifySignedNote>;
    let head: ReturnType<typeof parseCheckpoint>;
    try {
      v = verifySignedNote(bytes, this.#trusted);
      head = parseCheckpoint(v.text);
    } catch (e) {
      throw new Malformed(`${m.name} is not a signed checkpoint: ${(e as Error).message}`);
    }
    const signers = [
      ...v.verified.map((s) => ({ s, trusted: true })),
      ...v.failed.map((s) => ({ s, trusted: true })),
      ...v.untrusted.map((s) => ({ s, trusted: false })),
    ];
    const facts = {
      member: m.name,
      origin: head.origin,
      size: head.size,
      root: head.rootHash.toString('base64'),
      ok: v.ok,
      signers: signers.map(({ s, trusted }) => ({ name: s.name, key_id: formatKeyId(s.keyId), trusted })),
      rootHash: head.rootHash,
    };
    if (v.failed.length > 0) {
      this.#find('bad-signature', m.name, m.start, `${m.name}: the signature by ${v.failed.map((s) => s.name).join(', ')} does not verify`);
      facts.ok = false;
    } else if (!v.ok) {
      this.#find(
        'untrusted-signer',
        m.name,
        m.start,
        `${m.name} is signed only by keys not trusted (${signers.map((s) => `${s.s.name}+${formatKeyId(s.s.keyId)}`).join(', ')})`,
      );
    }
    if (head.extensions.length > 0) this.#find('malformed', m.name, m.start, `${m.name} has extension lines, which seal-v1 never writes`);
    if (head.origin !== this.#manifest!.origin)
      this.#find('malformed', m.name, m.start, `${m.name}'s origin is not the manifest's ${this.#manifest!.origin}`);
    const prev = this.#checkpoints[this.#checkpoints.length - 1];
    if (prev && head.size < prev.size)
      this.#find('malformed', m.name, m.start, `${m.name} is smaller than ${prev.member}: checkpoints go in ascending size`);
    this.#checkpoints.push(facts);
  }

  #readKeys(m: Member, bytes: Buffer): void {
    const text = bytes.toString('utf8');
    if (text !== '' && !text.endsWith('\n')) throw new Malformed(`${m.name} must end with a newline`);
    const lines = text === '' ? [] : text.slice(0, -1).split('\n');
    let at = m.start;
    for (const line of lines) {
      try {
        const k = parseVerifierKey(line);
        const signs = this.#checkpoints.some((c) => c.signers.some((s) => s.name === k.name && s.key_id === formatKeyId(k.keyId)));
        if (!signs) this.#find('malformed', m.name, at, `${m.name}: ${k.name}+${formatKeyId(k.keyId)} signs no checkpoint of the bundle`);
      } catch {
        this.#find('malformed', m.name, at, `${m.name}: line ${this.#keys.length + 1} is not a verifier key`);
      }
      this.#keys.push(line);
      at += Buffer.byteLength(line) + 1;
    }
  }

  #readProofs(m: Member, bytes: Buffer): void {
    const v = parseJsonMember(bytes, m.name) as BundleProofs;
    if (!isObject(v) || Object.keys(v).join() !== 'consistency,runs' || !Array.isArray(v.consistency) || !Array.isArray(v.runs)) {
      throw new Malformed(`${m.name} must be {"consistency": […], "runs": […]}`);
    }
    const cps = this.#checkpoints;
    if (v.consistency.length !== cps.length - 1) throw new Malformed(`${m.name} needs ${cps.length - 1} consistency proofs`);
    v.consistency.forEach((p, i) => {
      const [a, b] = [cps[i], cps[i + 1]];
      const proof = hashList(p, `${m.name} consistency[${i}]`);
      if (a.size === 0 || !verifyConsistency(a.size, b.size, proof, a.rootHash, b.rootHash)) {
        this.#find('inconsistent', m.name, m.start, `${b.member} does not extend ${a.member}`);
      }
    });
    const rows = this.#manifest!.rows;
    let nextRow = 1;
    let lastLeaf = -1;
    const starts: number[] = [];
    v.runs.forEach((r: BundleRun, i) => {
      const what = `${m.name} run ${i + 1}`;
      const shape = 'inclusion' in r ? 'checkpoint,first_row,rows,leaf_index,inclusion' : 'checkpoint,first_row,rows,leaf_index,left,right';
      if (!isObject(r) || Object.keys(r).join() !== shape) throw new Malformed(`${what} must have exactly the fields ${shape}`);
      if (!isCount(r.checkpoint) || r.checkpoint < 1 || r.checkpoint > cps.length)
        throw new Malformed(`${what} names no checkpoint of the bundle`);
      if (r.first_row !== nextRow || !isCount(r.rows) || r.rows < 1)
        throw new Malformed(`${what} must start at row ${nextRow} and hold at least one row`);
      if (!isCount(r.leaf_index) || r.leaf_index <= lastLeaf || r.leaf_index + r.rows > cps[r.checkpoint - 1].size) {
        throw new Malformed(`${what}'s leaves must come after the previous run's and lie in its checkpoint's tree`);
      }
      if ('inclusion' in r) {
        if (r.rows !== 1) throw new Malformed(`${what}: an inclusion proof is for one row`);
        hashList(r.inclusion, what);
      } else {
        if (r.rows < 2) throw new Malformed(`${what}: a range proof is for two rows or more`);
        hashList(r.left, what);
        hashList(r.right, what);
      }
      starts.push(r.first_row);
      nextRow += r.rows;
      lastLeaf = r.leaf_index + r.rows - 1;
    });
    if (nextRow - 1 !== rows) throw new Malformed(`${m.name}'s runs cover ${nextRow - 1} rows, the manifest says ${rows}`);
    this.#proofs = v;
    this.#rowLeaf = (row) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= row) lo = mid;
        else hi = mid - 1;
      }
      const run = v.runs[lo];
      return run.leaf_index + (row - run.first_row);
    };
  }

  #readLeaves(m: Member, bytes: Buffer): void {
    const rows = this.#manifest!.rows;
    if (bytes.length !== rows * HASH_SIZE) throw new Malformed(`${m.name} must hold ${rows} hashes of 32 bytes`);
    this.#leaves = bytes;
    this.#bad = new Uint8Array(rows);
    for (const r of this.#proofs!.runs) {
      const cp = this.#checkpoints[r.checkpoint - 1];
      const leaves: Buffer[] = [];
      for (let i = 0; i < r.rows; i++) leaves.push(bytes.subarray((r.first_row - 1 + i) * HASH_SIZE, (r.first_row + i) * HASH_SIZE));
      let root: Buffer | null = null;
      try {
        root =
          'inclusion' in r
            ? rootFromInclusionProof(r.leaf_index, cp.size, leaves[0], r.inclusion.map(fromHex))
            : rootFromRangeProof(r.leaf_index, r.leaf_index + r.rows, cp.size, leaves, {
                left: r.left.map(fromHex),
                right: r.right.map(fromHex),
              });
      } catch {
        root = null;
      }
      if (root === null || !hashesEqual(root, cp.rootHash)) {
        const rows = r.rows === 1 ? `row ${r.first_row}` : `rows ${r.first_row}–${r.first_row + r.rows - 1}`;
        this.#find(
          'proof-failed',
          m.name,
          m.start + (r.first_row - 1) * HASH_SIZE,
          `the leaves of ${rows} (leaf positions ${r.leaf_index + 1}–${r.leaf_index + r.rows}) do not lead to ${cp.member}'s root`,
          r.first_row,
          null,
          r.leaf_index,
        );
        this.#bad.fill(2, r.first_row - 1, r.first_row - 1 + r.rows);
      }
    }
  }

  #readManifestDigest(m: Member, bytes: Buffer): void {
    const want = `${crypto.createHash('sha256').update(this.#manifestBytes!).digest('hex')}  ${MEMBER.manifest}\n`;
    if (bytes.toString('latin1') !== want) {
      this.#find(
        'digest-mismatch',
        MEMBER.manifest,
        BLOCK,
        `${MEMBER.manifest} is not the manifest ${m.name} names (it, or ${m.name}, was changed)`,
      );
    }
  }

  #lines(m: Member, bytes: Buffer): void {
    let p = 0;
    if (this.#carry) {
      const nl = bytes.indexOf(0x0a);
      if (nl < 0) {
        if (this.#carry.length + bytes.length > MAX_LINE)
          return this.#stop('malformed', m.name, this.#carryStart, `a line of ${m.name} is longer than ${MAX_LINE} bytes`);
        this.#carry = Buffer.concat([this.#carry, bytes]);
        return;
      }
      this.#row(m, Buffer.concat([this.#carry, bytes.subarray(0, nl)]), this.#carryStart);
      this.#carry = null;
      p = nl + 1;
    }
    const base = m.start + m.read;
    for (;;) {
      const nl = bytes.indexOf(0x0a, p);
      if (nl < 0) break;
      this.#row(m, bytes.subarray(p, nl), base + p);
      p = nl + 1;
    }
    if (p < bytes.length) {
      this.#carry = Buffer.from(bytes.subarray(p));
      this.#carryStart = base + p;
    }
  }

  #flushPending(): void {
    for (const [row, c] of this.#pending) this.#canonicalFinding(row, c);
    this.#pending.clear();
  }

  #endLines(m: Member): void {
    if (m.name === MEMBER.jsonl) this.#flushPending();
    if (this.#carry) this.#find('malformed', m.name, this.#carryStart, `${m.name}'s last line has no newline`, this.#line + 1);
    this.#carry = null;
    const rows = this.#manifest?.rows ?? 0;
    if (this.#line < rows)
      this.#find('malformed', m.name, m.start + m.size, `${m.name} has ${this.#line} rows, the manifest says ${rows}`, this.#line + 1);
  }

  #row(m: Member, line: Buffer, offset: number): void {
    const row = ++this.#line;
    const leaves = this.#leaves;
    if (!leaves || !this.#bad || !this.#rowLeaf) return;
    const rows = this.#manifest!.rows;
    if (row > rows) {
      if (row === rows + 1) this.#find('malformed', m.name, offset, `${m.name} has more rows than the manifest's ${rows}`, row);
      return;
    }
    const leafIndex = this.#rowLeaf(row);
    const want = leaves.subarray((row - 1) * HASH_SIZE, row * HASH_SIZE);
    let leaf: Buffer | null;
    let id: string | null = null;
    let problem = '';
    if (m.name === MEMBER.canonical) {
      leaf = hashLeaf(line);
      if (!hashesEqual(leaf, want)) {
        const tab = line.indexOf(0x09);
        id = line.toString('utf8', 0, tab < 0 ? Math.min(line.length, 64) : tab);
        this.#pending.set(row, { leaf, offset, id });
      }
      return;
    }
    const r = this.#jsonRow(line, leafIndex);
    id = r.id;
    problem = r.problem;
    leaf = r.text === null ? null : leafOfText(r.text);
    if (!problem && !hashesEqual(leaf!, want)) problem = 'its values do not give the leaf hash in leaves.bin';
    const canonical = this.#pending.get(row);
    if (canonical) {
      this.#pending.delete(row);
      if (problem && leaf && hashesEqual(leaf, canonical.leaf) && this.#bad[row - 1] === 2) {
        // Both forms agree with each other, not with leaves.bin, and leaves.bin's run does not
        // lead to the signed root: leaves.bin's entry is what changed.
        this.#bad[row - 1] = 1;
        const at = this.#manifest!.members.findIndex((x) => x.name === MEMBER.leaves);
        this.#find(
          'modified',
          MEMBER.leaves,
          at < 0 ? null : this.#memberStart(MEMBER.leaves) + (row - 1) * HASH_SIZE,
          `${MEMBER.leaves} row ${row} (leaf position ${leafIndex + 1}): the leaf hash is not the hash of the row, in either form`,
          row,
          id,
          leafIndex,
        );
        return;
      }
      this.#canonicalFinding(row, canonical);
    }
    if (problem) {
      this.#bad[row - 1] = 1;
      this.#find('modified', m.name, offset, `${m.name} row ${row} (leaf position ${leafIndex + 1}): ${problem}`, row, id, leafIndex);
    }
  }

  #canonicalFinding(row: number, c: { offset: number; id: string | null }): void {
    this.#bad![row - 1] = 1;
    const leafIndex = this.#rowLeaf!(row);
    this.#find(
      'modified',
      MEMBER.canonical,
      c.offset,
      `${MEMBER.canonical} row ${row} (leaf position ${leafIndex + 1}): its leaf hash is not the one in leaves.bin`,
      row,
      c.id,
      leafIndex,
    );
  }

  #memberStart(name: string): number {
    return this.#starts.get(name) ?? 0;
  }

  #jsonRow(line: Buffer, leafIndex: number): { text: string | null; id: string | null; problem: string } {
    const text = line.toString('utf8');
    let v: { leaf_index?: unknown; row?: Record<string, unknown> };
    try {
      v = JSON.parse(text) as typeof v;
    } catch {
      return { text: null, id: null, problem: 'not JSON' };
    }
    const row = isObject(v) ? v.row : undefined;
    const id = isObject(row) && typeof row.id === 'string' ? row.id : null;
    if (!isObject(row) || v.leaf_index !== leafIndex) return { text: null, id, problem: `not {"leaf_index": ${leafIndex}, "row": {…}}` };
    const values: RowValue[] = [];
    for (const c of this.#columns) {
      const x = row[c];
      if (x !== null && typeof x !== 'string') return { text: null, id, problem: `column ${c} is not a string or null` };
      values.push(x);
    }
    // Only the values are proven here; how they are spelled is covered by the member's digest.
    let fields = 0;
    for (const _ in row) fields++;
    if (fields !== values.length || Object.keys(v).length !== 2)
      return { text: null, id, problem: 'not exactly the leaf index and the columns' };
    try {
      return { text: canonicalRowText(values, this.#table!), id, problem: '' };
    } catch (e) {
      return { text: null, id, problem: (e as Error).message };
    }
  }
}

class Malformed extends Error {}

/** SHA-256(0x00 ‖ UTF-8 of `text`): the leaf hash of a canonical row given as text, hashed without a copy. */
function leafOfText(text: string): Buffer {
  return sha256Bytes(`\0${text}`);
}

function parseJsonMember(bytes: Buffer, name: string): unknown {
  const text = bytes.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    throw new Malformed(`${name} is not JSON${at ? ` (at its character ${at[1]})` : ''}`);
  }
  if (jsonMember(v) !== text) throw new Malformed(`${name} is not written as the format writes it (JSON.stringify and a newline)`);
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function hashList(v: unknown, what: string): Buffer[] {
  if (!Array.isArray(v) || v.length > 64 || !v.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) {
    throw new Malformed(`${what}: proofs are lists of at most 64 hashes of 64 lowercase hex digits`);
  }
  return v.map(fromHex);
}

function fromHex(h: string): Buffer {
  return Buffer.from(h, 'hex');
}
