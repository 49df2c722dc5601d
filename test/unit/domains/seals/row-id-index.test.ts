import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ID_SIZE, RowIdIndex, uuidBytes, uuidText } from '../../../../src-main/domains/seals/row-id-index';

describe('compact row ids', () => {
  it('reads a uuid text into 16 bytes and writes it back, and refuses what is not a uuid', () => {
    const ids = Buffer.alloc(ID_SIZE * 2);
    const id = '0f6a3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2b';
    expect(uuidBytes(Buffer.from(`${id}\tmore`), 0, ids, ID_SIZE)).toBe(true);
    expect(uuidText(ids, 1)).toBe(id);
    expect(uuidBytes(Buffer.from(id.toUpperCase()), 0, ids, 0)).toBe(true);
    expect(uuidText(ids, 0)).toBe(id);
    expect(uuidBytes(Buffer.from('0f6a3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2'), 0, ids, 0)).toBe(false);
    expect(uuidBytes(Buffer.from('0f6a3c1e+2b4d-4e8f-9a1b-3c5d7e9f1a2b'), 0, ids, 0)).toBe(false);
    expect(uuidBytes(Buffer.from('0f6a3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2g'), 0, ids, 0)).toBe(false);
  });

  it('finds every present id at its leaf, none that is absent, and skips leaves without a record', () => {
    const n = 5000;
    const texts = Array.from({ length: n }, (_, i) =>
      i % 3 === 0 ? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` : crypto.randomUUID(),
    );
    const ids = Buffer.alloc(n * ID_SIZE);
    const present = new Uint8Array(n);
    texts.forEach((t, i) => {
      uuidBytes(Buffer.from(t), 0, ids, i * ID_SIZE);
      present[i] = i % 7 === 0 ? 0 : 1;
    });
    const index = new RowIdIndex(ids, present);
    texts.forEach((t, i) => expect(index.lookup(t)).toBe(present[i] ? i : -1));
    expect(index.lookup(crypto.randomUUID())).toBe(-1);
    expect(index.lookupText(Buffer.from(`${texts[1]}\tx\ty`))).toBe(1);
    expect(index.lookup('not a uuid')).toBe(-1);
  });

  it('finds the same leaves in any order: in leaf order, backwards, shuffled, and twice', () => {
    const n = 3000;
    const texts = Array.from({ length: n }, () => crypto.randomUUID());
    const ids = Buffer.alloc(n * ID_SIZE);
    const present = new Uint8Array(n).fill(1);
    texts.forEach((t, i) => uuidBytes(Buffer.from(t), 0, ids, i * ID_SIZE));
    present[5] = 0;
    const expected = (i: number) => (i === 5 ? -1 : i);
    const inOrder = new RowIdIndex(ids, present);
    texts.forEach((t, i) => expect(inOrder.lookup(t)).toBe(expected(i)));
    const backwards = new RowIdIndex(ids, present);
    [...texts.keys()].reverse().forEach((i) => expect(backwards.lookup(texts[i]!)).toBe(expected(i)));
    const shuffled = new RowIdIndex(ids, present);
    const order = [...texts.keys()].sort(() => Math.random() - 0.5);
    for (const i of [...order, ...order]) expect(shuffled.lookup(texts[i]!)).toBe(expected(i));
    // A leaf without a record is never found, even as the next one in order.
    const fresh = new RowIdIndex(ids, present);
    texts.slice(0, 5).forEach((t) => fresh.lookup(t));
    expect(fresh.lookup(texts[5]!)).toBe(-1);
    expect(fresh.lookup(texts[6]!)).toBe(6);
  });
});
