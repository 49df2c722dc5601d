import { describe, expect, it } from 'vitest';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, CopyBuffer, hexDigit } from '../../../src-main/integrity/copy-binary';

/** The bytes written so far. */
const bytes = (b: CopyBuffer) => Buffer.from(b.buf.subarray(0, b.length));

describe('COPY BINARY framing', () => {
  it('has PostgreSQL’s signature, zero flags and no extension, and a -1 field count as trailer', () => {
    expect(COPY_BINARY_HEADER.subarray(0, 11)).toEqual(Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'));
    expect(COPY_BINARY_HEADER.readInt32BE(11)).toBe(0);
    expect(COPY_BINARY_HEADER.readInt32BE(15)).toBe(0);
    expect(COPY_BINARY_HEADER.length).toBe(19);
    expect(COPY_BINARY_TRAILER.readInt16BE(0)).toBe(-1);
  });

  it('reads hex digits in either case', () => {
    expect([...'0123456789abcdefABCDEF'].map((c) => hexDigit(c.charCodeAt(0)))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 10, 11, 12, 13, 14, 15,
    ]);
  });
});

describe('CopyBuffer', () => {
  it('writes integers big-endian, a bigint field up to 2^53, and a uuid field from its text', () => {
    const b = new CopyBuffer(1);
    b.int16(6);
    b.int32(-1);
    b.int64Field(2 ** 53 - 1);
    b.int64Field(3);
    b.uuidField('0C607FE9-a4d5-4af8-9127-bd471e7ce857');
    const out = bytes(b);
    expect(out.readInt16BE(0)).toBe(6);
    expect(out.readInt32BE(2)).toBe(-1);
    expect(out.readInt32BE(6)).toBe(8);
    expect(out.readBigInt64BE(10)).toBe(2n ** 53n - 1n);
    expect(out.readInt32BE(18)).toBe(8);
    expect(out.readBigInt64BE(22)).toBe(3n);
    expect(out.readInt32BE(30)).toBe(16);
    expect(out.subarray(34).toString('hex')).toBe('0c607fe9a4d54af89127bd471e7ce857');
  });

  it('writes text fields with their byte length, and bytes exactly as given', () => {
    const b = new CopyBuffer(4);
    b.asciiField('ab12');
    b.bytesField(Buffer.from([0xff, 0x00, 0x0a]));
    b.bytesField(new Uint8Array(0));
    expect(bytes(b)).toEqual(Buffer.from([0, 0, 0, 4, 0x61, 0x62, 0x31, 0x32, 0, 0, 0, 3, 0xff, 0x00, 0x0a, 0, 0, 0, 0]));
  });

  it('appends UTF-8 text, grows as needed, and starts over when its length is set to 0', () => {
    const b = new CopyBuffer(2);
    expect(b.write('é€')).toBe(5);
    expect(b.write('𝄞x'.repeat(100))).toBe(5 + 500);
    expect(bytes(b).toString('utf8')).toBe('é€' + '𝄞x'.repeat(100));
    const capacity = b.buf.length;
    b.length = 0;
    expect(b.write('a')).toBe(1);
    expect(b.buf.length).toBe(capacity);
    expect(bytes(b).toString('utf8')).toBe('a');
  });
});
