/**
 * Row ids kept compact: 16 bytes a leaf in one buffer, and an open-addressing index from id to
 * leaf (an Int32Array of twice as many slots as ids), instead of a string per leaf and a Map —
 * at a million leaves that is about 25 MB instead of well over 100 MB.
 */
import { Buffer } from 'node:buffer';

export const ID_SIZE = 16;

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x61 + i] = 10 + i;
  HEX[0x41 + i] = 10 + i;
}
/** Where the hex digit pairs of a uuid's 36-character text start. */
const PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** Writes the 16 bytes of a uuid's text (36 bytes at `at` of `src`) into `out` at `outAt`; false when it is not a uuid. */
export function uuidBytes(src: Uint8Array, at: number, out: Uint8Array, outAt: number): boolean {
  if (src.length < at + 36 || src[at + 8] !== 0x2d || src[at + 13] !== 0x2d || src[at + 18] !== 0x2d || src[at + 23] !== 0x2d) return false;
  for (let k = 0; k < 16; k++) {
    const hi = HEX[src[at + PAIRS[k]!]!]!;
    const lo = HEX[src[at + PAIRS[k]! + 1]!]!;
    if (hi < 0 || lo < 0) return false;
    out[outAt + k] = (hi << 4) | lo;
  }
  return true;
}

/** The text of the uuid stored at `i` of `ids`. */
export function uuidText(ids: Buffer, i: number): string {
  const h = ids.toString('hex', i * ID_SIZE, (i + 1) * ID_SIZE);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function slotOf(ids: Uint8Array, at: number, mask: number): number {
  // The last 8 bytes of a v4 uuid are random; mixed with the first 4 for uuids that are not.
  const a = (ids[at + 12]! | (ids[at + 13]! << 8) | (ids[at + 14]! << 16) | (ids[at + 15]! << 24)) >>> 0;
  const b = (ids[at + 8]! | (ids[at + 9]! << 8) | (ids[at + 10]! << 16) | (ids[at + 11]! << 24)) >>> 0;
  const c = (ids[at]! | (ids[at + 1]! << 8) | (ids[at + 2]! << 16) | (ids[at + 3]! << 24)) >>> 0;
  return (Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77), 0xc2b2ae3d) >>> 0) & mask;
}

/**
 * Id → leaf index over the present entries of `ids`. Rows are mostly looked up in leaf order
 * (a seal appends its rows in the (time, id) order a verification reads them in), so the leaf
 * after the last one found is tried first: one comparison, and no table at all while every row
 * comes in order. The table is built at the first row that does not (a late import, a deleted
 * or moved row) — 4 bytes a slot, twice as many slots as leaves.
 */
export class RowIdIndex {
  private slots: Int32Array | null = null;
  private mask = 0;
  private next = 0;
  private readonly probe = Buffer.alloc(ID_SIZE);

  constructor(
    private readonly ids: Buffer,
    private readonly present: Uint8Array,
  ) {}

  private table(): Int32Array {
    if (this.slots) return this.slots;
    const present = this.present;
    let capacity = 16;
    while (capacity < present.length * 2) capacity *= 2;
    const slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < present.length; i++) {
      if (!present[i]) continue;
      let s = slotOf(this.ids, i * ID_SIZE, this.mask);
      while (slots[s] !== 0) s = (s + 1) & this.mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
    return slots;
  }

  /** The leaf of the id whose 16 bytes are at `at` of `bytes`, or -1. */
  lookupBytes(bytes: Uint8Array, at: number): number {
    const next = this.next;
    if (next < this.present.length && this.present[next] && this.sameId(next, bytes, at)) {
      this.next = next + 1;
      return next;
    }
    const slots = this.table();
    let s = slotOf(bytes, at, this.mask);
    for (;;) {
      const v = slots[s]!;
      if (v === 0) return -1;
      if (this.sameId(v - 1, bytes, at)) {
        this.next = v;
        return v - 1;
      }
      s = (s + 1) & this.mask;
    }
  }

  private sameId(leaf: number, bytes: Uint8Array, at: number): boolean {
    const base = leaf * ID_SIZE;
    for (let k = 0; k < ID_SIZE; k++) if (this.ids[base + k] !== bytes[at + k]) return false;
    return true;
  }

  /** The leaf of the id written as text at `at` of `row` (a COPY line starting with it), or -1. */
  lookupText(row: Uint8Array, at = 0): number {
    return uuidBytes(row, at, this.probe, 0) ? this.lookupBytes(this.probe, 0) : -1;
  }

  /** The leaf of an id given as a string, or -1. */
  lookup(id: string): number {
    return this.lookupText(Buffer.from(id, 'latin1'));
  }
}
