/**
 * The hot loop of verify-db: db-v1 verdicts straight from the COPY TEXT stream of
 * {@link AUDIT_COPY_SQL}, with the verdicts of copy-text.ts's `verifyAuditCopyRow` exactly.
 *
 * Most rows are ok, and an ok row needs no values of its own: the verifier reads each region
 * of complete rows as one string of one character per byte (latin1; the region is checked to
 * be UTF-8 first, as the parser does), so byte offsets are string offsets and no text is
 * decoded to UTF-16. A row without escapes (NULL's `\N` aside) is cut at its tabs, its eight
 * fields are written as `json.dumps` writes them straight from their UTF-8 bytes
 * (pyQuoteUtf8Bytes), and its hash is compared with the stored one in place. Anything else —
 * a hash that differs, a timestamp Python cannot hold, a value with escapes, a wrong number
 * of columns — goes through the general path (parseCopyTextRow and verifyAuditCopyRow), which
 * gives the failure its values and reason. docs/scale.md has what each step costs.
 */
import { isUtf8 } from 'node:buffer';
import { AUDIT_COPY_COLUMNS, CopyRegions, CopyTextError, parseCopyTextRow, rowEnd, verifyAuditCopyRow } from './copy-text';
import type { AuditCopyRowResult, CopyRow } from './copy-text';
import { pgTimestampToIsoformat } from './py-datetime';
import { pyQuoteUtf8Bytes } from './python-json-dumps';
import { sha256Hex } from './sha256';

/** A row that is not ok: its values (as the parser gives them) and its verdict. */
export type AuditCopyFailureHandler = (row: CopyRow, result: AuditCopyRowResult) => void;

/** Where each of the ten fields of {@link AUDIT_COPY_SQL}'s row lies in a row of its own: field k is cut k. */
export const OWN_ROW_FIELDS: readonly number[] = AUDIT_COPY_COLUMNS.map((_, k) => k);

/**
 * The general path: the verdict of one row of {@link AUDIT_COPY_SQL} given as text (UTF-8
 * decoded, without its newline), as the parser and verifyAuditCopyRow give it. True when ok;
 * otherwise the row and its verdict go to `onFailure`.
 */
export function judgeAuditCopyRowText(rowText: string, onFailure: AuditCopyFailureHandler): boolean {
  const row = parseCopyTextRow(rowText);
  const result = verifyAuditCopyRow(row);
  if (result.verdict === 'ok') return true;
  onFailure(row, result);
  return false;
}

const BACKSLASH = 0x5c;
const LETTER_N = 0x4e;
const COLUMNS = AUDIT_COPY_COLUMNS.length;

/**
 * Streaming db-v1 verifier of {@link AUDIT_COPY_SQL}'s rows: `push` each chunk of the COPY
 * output, `end` once it is done. Ok rows are counted; every other row is handed to
 * `onFailure`, in order.
 */
export class AuditCopyVerifier {
  /** Rows verified so far. */
  rows = 0;
  /** Of which ok. */
  ok = 0;
  private readonly regions = new CopyRegions();
  /** Where the row being read is cut: cuts[k] is the tab before field k (cuts[0] = start − 1), cuts[10] its newline. */
  private readonly cuts = new Int32Array(COLUMNS + 1);

  constructor(private readonly onFailure: AuditCopyFailureHandler) {}

  push(chunk: Uint8Array): void {
    const region = this.regions.take(chunk);
    if (region !== null) this.verifyRegion(region);
  }

  /** Call when the stream ends (throws when it ended inside a row). */
  end(): void {
    this.regions.end();
  }

  private verifyRegion(region: Buffer): void {
    if (!isUtf8(region)) throw new CopyTextError('COPY data is not valid UTF-8 (is client_encoding UTF8?)');
    const text = region.toString('latin1');
    const n = text.length;
    let p = 0;
    // The next backslash at or after p (n when there is none): rows before it have no escapes.
    let bs = text.indexOf('\\');
    if (bs === -1) bs = n;
    while (p < n) {
      let nl = text.indexOf('\n', p);
      if (nl === -1) nl = n; // cannot happen: a region ends with a newline
      if (bs > nl) {
        this.rows++;
        if (this.isOk(text, p, nl, false)) this.ok++;
        else this.general(region.toString('utf8', p, nl));
        p = nl + 1;
        continue;
      }
      // The row has a backslash: NULLs only (`\N` fields), or escapes for the general path.
      if (text.charCodeAt(nl - 1) !== BACKSLASH && this.onlyNulls(text, p, nl, bs)) {
        this.rows++;
        if (this.isOk(text, p, nl, true)) this.ok++;
        else this.general(region.toString('utf8', p, nl));
        p = nl + 1;
      } else {
        const end = rowEnd(text, p, nl);
        if (end === -1) {
          // Cannot happen for a region cut after a newline unless that newline was escaped.
          this.regions.giveBack(region.subarray(p));
          return;
        }
        const row = region.toString('utf8', p, end);
        p = end + 1;
        if (row !== '\\.') {
          this.rows++;
          this.general(row);
        }
      }
      bs = p >= n ? n : text.indexOf('\\', p);
      if (bs === -1) bs = n;
    }
  }

  private general(rowText: string): void {
    if (judgeAuditCopyRowText(rowText, this.onFailure)) this.ok++;
  }

  /**
   * Cuts the row [p, nl) at its tabs into `cuts`; false unless it has at least ten fields
   * (a tenth field with a tab inside is no hash, so the row cannot pass as ok).
   */
  private cut(text: string, p: number, nl: number): boolean {
    const cuts = this.cuts;
    let t = p - 1;
    cuts[0] = t;
    for (let k = 1; k < COLUMNS; k++) {
      t = text.indexOf('\t', t + 1);
      if (t === -1 || t > nl) return false;
      cuts[k] = t;
    }
    cuts[COLUMNS] = nl;
    return true;
  }

  /**
   * True when every backslash of the row [p, nl) (the first at `bs`) is a field that is
   * exactly `\N`, i.e. the row has NULLs and no escapes. Leaves the row cut in `cuts`.
   */
  private onlyNulls(text: string, p: number, nl: number, bs: number): boolean {
    if (!this.cut(text, p, nl)) return false;
    const cuts = this.cuts;
    let nulls = 0;
    for (let f = 0; f < COLUMNS; f++) if (isNullField(text, cuts[f]! + 1, cuts[f + 1]!)) nulls++;
    let backslashes = 0;
    for (let q = bs; q !== -1 && q < nl; q = text.indexOf('\\', q + 1)) backslashes++;
    return backslashes === nulls;
  }

  /**
   * The fast verdict of the row [p, nl): true when it is ok. False sends it to the general
   * path, which decides (a row with too many columns, a bad hash, a bad timestamp…).
   */
  private isOk(text: string, p: number, nl: number, hasNulls: boolean): boolean {
    if (!hasNulls && !this.cut(text, p, nl)) return false;
    return fastDbV1Ok(text, this.cuts, OWN_ROW_FIELDS, hasNulls);
  }
}

/**
 * The fast db-v1 verdict of one row held in `text` (latin1 of valid UTF-8 bytes), true when it
 * is ok: field k of {@link AUDIT_COPY_COLUMNS} is [cuts[fields[k]] + 1, cuts[fields[k] + 1]),
 * so the ten fields can lie in a wider row (the seal pass reads all eighteen columns). With
 * `hasNulls`, a field that is exactly `\N` is NULL; the caller makes sure no field has any
 * other backslash. False sends the row to the general path, which decides.
 */
export function fastDbV1Ok(text: string, cuts: Int32Array, fields: readonly number[], hasNulls: boolean): boolean {
  const hash = fields[9]!;
  const hashAt = cuts[hash]! + 1;
  // The stored hash must be the 64 hex digits computed: checked last, in place.
  if (cuts[hash + 1]! - hashAt !== 64) return false;
  const traceId = quoted(text, cuts, fields[1]!, hasNulls);
  const actorName = quoted(text, cuts, fields[2]!, hasNulls);
  const actorEmail = quoted(text, cuts, fields[3]!, hasNulls);
  const actorRole = quoted(text, cuts, fields[4]!, hasNulls);
  const dragMode = quoted(text, cuts, fields[5]!, hasNulls);
  const workflowName = quoted(text, cuts, fields[6]!, hasNulls);
  const outcome = quoted(text, cuts, fields[7]!, hasNulls);
  let created: string;
  const time = fields[8]!;
  const createdAt = cuts[time]! + 1;
  if (hasNulls && isNullField(text, createdAt, cuts[time + 1]!)) {
    created = 'null';
  } else {
    const iso = pgTimestampToIsoformat(text.slice(createdAt, cuts[time + 1]!));
    if (iso === null) return false;
    created = '"' + iso + '"';
  }
  const canonical =
    '{"actor_email": ' +
    actorEmail +
    ', "actor_name": ' +
    actorName +
    ', "actor_role": ' +
    actorRole +
    ', "created_at": ' +
    created +
    ', "drag_mode": ' +
    dragMode +
    ', "outcome": ' +
    outcome +
    ', "trace_id": ' +
    traceId +
    ', "workflow_name": ' +
    workflowName +
    '}';
  return text.startsWith(sha256Hex(canonical), hashAt);
}

/** Field `c` of the cut row as `json.dumps` writes it (null for `\N` when the row has NULLs). */
function quoted(text: string, cuts: Int32Array, c: number, hasNulls: boolean): string {
  const a = cuts[c]! + 1;
  const b = cuts[c + 1]!;
  if (hasNulls && isNullField(text, a, b)) return 'null';
  return pyQuoteUtf8Bytes(text.slice(a, b));
}

/** True when the field [a, b) is `\N` (NULL). */
export function isNullField(text: string, a: number, b: number): boolean {
  return b - a === 2 && text.charCodeAt(a) === BACKSLASH && text.charCodeAt(a + 1) === LETTER_N;
}
