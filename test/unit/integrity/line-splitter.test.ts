import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src-main/integrity/line-splitter';

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
