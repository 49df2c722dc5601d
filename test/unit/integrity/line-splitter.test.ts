import { describe, expect, it } from 'vitest';
import { recordFigure } from '../../support/figures';
import { DEFAULT_MAX_LINE_BYTES, describeBytes, LineSplitter, lineTooLongMessage } from '../../../src-main/integrity/line-splitter';

function split(data: string, size: number): string[] {
  const bytes = Buffer.from(data, 'utf8');
  const splitter = new LineSplitter();
  const lines: string[] = [];
  const onLine = (l: Uint8Array) => lines.push(Buffer.from(l).toString('utf8'));
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size), onLine);
  splitter.end(onLine);
  expect(splitter.lines).toBe(lines.length);
  return lines;
}

describe('LineSplitter', () => {
  it.each([1, 2, 3, 5, 1000])('numbers lines as the verdict rules say (chunks of %i bytes)', (size) => {
    expect(split('', size)).toEqual([]);
    expect(split('\n', size)).toEqual(['']);
    expect(split('a', size)).toEqual(['a']);
    expect(split('a\n', size)).toEqual(['a']);
    expect(split('a\n\n', size)).toEqual(['a', '']);
    expect(split('a\nb', size)).toEqual(['a', 'b']);
    expect(split('a\r\nb\r\n', size)).toEqual(['a\r', 'b\r']);
    expect(split('\n\nxyz\n', size)).toEqual(['', '', 'xyz']);
    expect(split('é😀\n李\n', size)).toEqual(['é😀', '李']);
  });

  it('copies a partial line out of a chunk the stream may reuse', () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    const onLine = (l: Uint8Array) => lines.push(Buffer.from(l).toString());
    const chunk = Buffer.from('x\nab');
    splitter.push(chunk, onLine);
    chunk.fill(0x7a);
    splitter.push(Buffer.from('c\n'), onLine);
    expect(lines).toEqual(['x', 'abc']);
  });
});

describe('LineSplitter with a line-length limit', () => {
  /** What the splitter must say: each line, or its length when it is over `max`. */
  function reference(data: Buffer, max: number): (string | number)[] {
    if (data.length === 0) return [];
    const parts = data.toString('latin1').split('\n');
    if (data[data.length - 1] === 0x0a) parts.pop();
    return parts.map((p) => (p.length > max ? p.length : p));
  }

  function splitWith(data: Buffer, size: number, max: number): (string | number)[] {
    const splitter = new LineSplitter({ maxLineBytes: max });
    const out: (string | number)[] = [];
    const onLine = (l: Uint8Array) => out.push(Buffer.from(l).toString('latin1'));
    const onOversized = (bytes: number) => out.push(bytes);
    for (let i = 0; i < data.length; i += size) splitter.push(data.subarray(i, i + size), onLine, onOversized);
    splitter.end(onLine, onOversized);
    expect(splitter.lines).toBe(out.length);
    return out;
  }

  it('hands over a line longer than the limit as its length, at its place, whatever the chunking', () => {
    // Every line shape up to a few bytes around the limit, in every chunk size up to the data's length.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let tried = 0;
    for (let round = 0; round < 200; round++) {
      const max = 1 + rand(6);
      const bytes: number[] = [];
      const lines = rand(6);
      for (let l = 0; l < lines; l++) {
        const length = rand(max + 4);
        for (let i = 0; i < length; i++) bytes.push(0x61 + rand(3));
        if (l < lines - 1 || rand(2) === 0) bytes.push(0x0a);
      }
      const data = Buffer.from(bytes);
      const expected = reference(data, max);
      for (let size = 1; size <= Math.max(1, data.length); size++) {
        tried++;
        expect(splitWith(data, size, max), `${JSON.stringify(data.toString())} max ${max} chunks of ${size}`).toEqual(expected);
      }
    }
    expect(tried).toBeGreaterThan(1000);
    recordFigure('line-length-limit', {
      what: 'Random byte streams around the line-length limit, split in every chunk size, against a reference split',
      inputs: tried,
      failures: 0,
      detail: 'an oversized line is handed over as its length at its place, never buffered past the limit',
    });
  });

  it('keeps at most the limit in memory: a 64 MiB line of zeros in 1 MiB chunks is counted, not kept', () => {
    const splitter = new LineSplitter({ maxLineBytes: 1 << 20 });
    const chunk = Buffer.alloc(1 << 20);
    const seen: (string | number)[] = [];
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 64; i++)
      splitter.push(
        chunk,
        () => seen.push('line'),
        (n) => seen.push(n),
      );
    const during = process.memoryUsage().arrayBuffers;
    splitter.push(
      Buffer.from('\nok\n'),
      (l) => seen.push(Buffer.from(l).toString()),
      (n) => seen.push(n),
    );
    expect(seen).toEqual([64 << 20, 'ok']);
    expect(during - before).toBeLessThan(8 << 20);
  });

  it('without an oversized callback, says which line was too long', () => {
    const splitter = new LineSplitter({ maxLineBytes: 3 });
    expect(() => splitter.push(Buffer.from('ab\nabcd\n'), () => undefined)).toThrow(/line 2 is 4 bytes long, over the limit of 3/);
    expect(() => new LineSplitter({ maxLineBytes: 0 })).toThrow(RangeError);
  });

  it('describes lengths in words for the error', () => {
    expect(lineTooLongMessage(7, 600 * 1024 * 1024, DEFAULT_MAX_LINE_BYTES)).toBe(
      'line 7 is 600 MiB long, over the limit of 16 MiB (--max-line-bytes)',
    );
    expect(describeBytes(1536)).toBe('1.5 KiB');
    expect(describeBytes(12)).toBe('12 bytes');
  });
});
