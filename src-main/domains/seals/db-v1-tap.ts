/**
 * db-v1 in the seal pass (verify-seals.ts, verify-since.ts): the pass reads every column of
 * audit_logs for the leaves, and db-v1 needs ten of them, so each row the pass has cut
 * (copy-rows.ts) is judged where it lies — the fast verdict of db-v1-copy.ts on its ten fields,
 * in place — instead of being read a second time. A row whose db-v1 fields hold anything but
 * plain text and whole-value NULLs, or that is not ok, goes through the general path with
 * exactly those ten fields, so the verdicts are verify-db's, row for row.
 */
import type { CutRow } from '../../integrity/copy-rows';
import { fastDbV1Ok, isNullField, judgeAuditCopyRowText, type AuditCopyFailureHandler } from '../../integrity/db-v1-copy';
import { failureCollector, type VerifyDbPart } from '../verification/verify-rows';

/** audit_logs' columns (in canonical order, integrity/canonical-row.ts) that db-v1 reads, in AUDIT_COPY_COLUMNS' order. */
const DB_V1_COLUMNS = [0, 1, 3, 4, 5, 6, 7, 9, 17, 16];
/** audit_logs' columns in canonical order. */
const AUDIT_COLUMNS = 18;

export class DbV1Tap {
  readonly part: VerifyDbPart = { total: 0, ok: 0, tampered: 0, unverifiable: 0, failures: [], failures_not_listed: 0 };
  private rows = 0;
  private ok = 0;
  /** Cut index of each db-v1 field. */
  private readonly fields: number[];
  /** 1 for the cut indices that are db-v1 fields. */
  private readonly isField: Uint8Array;
  private readonly onFailure: AuditCopyFailureHandler;

  /** `first`: the cut index of audit_logs' first column in the rows this tap is given. */
  constructor(
    maxListed: number,
    private readonly first = 0,
  ) {
    this.fields = DB_V1_COLUMNS.map((c) => c + first);
    this.isField = new Uint8Array(first + AUDIT_COLUMNS + 1);
    for (const k of this.fields) this.isField[k] = 1;
    this.onFailure = failureCollector(this.part, maxListed, () => this.rows);
  }

  /** One audit_logs row as the pass cut it. */
  add(row: CutRow): void {
    this.rows++;
    const end = row.cuts[this.first + AUDIT_COLUMNS]!;
    let hasNulls = false;
    if (row.backslash < end) {
      if (!this.onlyNullsInFields(row, end)) return this.general(row);
      hasNulls = true;
    }
    if (fastDbV1Ok(row.text, row.cuts, this.fields, hasNulls)) this.ok++;
    else this.general(row);
  }

  end(): VerifyDbPart {
    this.part.total = this.rows;
    this.part.ok = this.ok;
    return this.part;
  }

  /** True when every backslash inside a db-v1 field (before `end`) is a whole-field `\N`. */
  private onlyNullsInFields(row: CutRow, end: number): boolean {
    const { text, cuts } = row;
    let k = this.first;
    let q = row.backslash;
    if (q <= cuts[k]!) q = text.indexOf('\\', cuts[k]! + 1);
    for (; q !== -1 && q < end; q = text.indexOf('\\', q + 2)) {
      while (cuts[k + 1]! < q) k++;
      if (this.isField[k] === 1 && !isNullField(text, cuts[k]! + 1, cuts[k + 1]!)) return false;
    }
    return true;
  }

  /** The general path, on exactly the ten fields (decoded as UTF-8). */
  private general(row: CutRow): void {
    const { region, cuts } = row;
    const text = this.fields.map((k) => region.toString('utf8', cuts[k]! + 1, cuts[k + 1]!)).join('\t');
    if (judgeAuditCopyRowText(text, this.onFailure)) this.ok++;
  }
}
