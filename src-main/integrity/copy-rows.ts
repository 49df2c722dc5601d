/**
 * The rows of a `COPY … TO STDOUT` (text format) of a fixed number of columns, cut at their
 * tabs, for the passes that read a whole table and look at several of its fields (the seal
 * verification: the row id, the leaf bytes, db-v1's ten fields). Complete rows come a region
 * at a time (copy-text.ts CopyRegions); each region is checked to be UTF-8 and read once as a
 * latin1 string — one character per byte, so string offsets are byte offsets and no text is
 * decoded — and every row is handed over with where its fields lie, without an object or a
 * copy per row. COPY escapes every newline and tab inside a value, so a raw newline ends a row
 * and a raw tab ends a field.
 */
import { isUtf8, type Buffer } from 'node:buffer';
import { CopyRegions, CopyTextError } from './copy-text';

/** One row, valid during the callback only (the same object is reused for the next row). */
export interface CutRow {
  /** The region's bytes (the socket's memory: valid now only). */
  region: Buffer;
  /** The region as latin1: charCodeAt(i) is byte i. */
  text: string;
  /** Where the row starts in both; it ends (before its newline) at cuts[columns]. */
  start: number;
  /** cuts[k] is the tab before field k (cuts[0] = start − 1) and cuts[columns] the row's newline: field k is [cuts[k] + 1, cuts[k + 1]). */
  cuts: Int32Array;
  /** The row's first backslash, or a number past the row when it has none. */
  backslash: number;
}

export class CopyRowCutter {
  /** Rows handed over so far. */
  rows = 0;
  private readonly regions = new CopyRegions();
  private readonly row: CutRow;

  constructor(
    private readonly columns: number,
    private readonly onRow: (row: CutRow) => void,
  ) {
    this.row = { region: null as unknown as Buffer, text: '', start: 0, cuts: new Int32Array(columns + 1), backslash: 0 };
  }

  push(chunk: Uint8Array): void {
    const region = this.regions.take(chunk);
    if (region !== null) this.cutRegion(region);
  }

  /** Call when the stream ends (throws when it ended inside a row). */
  end(): void {
    this.regions.end();
  }

  private cutRegion(region: Buffer): void {
    if (!isUtf8(region)) throw new CopyTextError('COPY data is not valid UTF-8 (is client_encoding UTF8?)');
    const text = region.toString('latin1');
    const row = this.row;
    const cuts = row.cuts;
    const columns = this.columns;
    row.region = region;
    row.text = text;
    const n = text.length;
    let bs = text.indexOf('\\');
    if (bs === -1) bs = n;
    let p = 0;
    while (p < n) {
      const nl = text.indexOf('\n', p); // a region ends with a newline
      let t = p - 1;
      cuts[0] = t;
      for (let k = 1; k < columns; k++) {
        t = text.indexOf('\t', t + 1);
        if (t === -1 || t > nl) throw this.wrongColumns(text, p, nl);
        cuts[k] = t;
      }
      const extra = text.indexOf('\t', t + 1);
      if (extra !== -1 && extra < nl) throw this.wrongColumns(text, p, nl);
      cuts[columns] = nl;
      if (bs < p) {
        bs = text.indexOf('\\', p);
        if (bs === -1) bs = n;
      }
      row.start = p;
      row.backslash = bs;
      this.rows++;
      this.onRow(row);
      p = nl + 1;
    }
  }

  private wrongColumns(text: string, p: number, nl: number): CopyTextError {
    let fields = 1;
    for (let t = text.indexOf('\t', p); t !== -1 && t < nl; t = text.indexOf('\t', t + 1)) fields++;
    return new CopyTextError(`COPY row ${this.rows + 1} has ${fields} fields, expected ${this.columns}`);
  }
}
