/**
 * The tar layer of govcon-evidence/v1 (docs/seal-format.md §12.1): POSIX ustar, regular files
 * only, and exactly one spelling of each header, so that a reader can rebuild the header it
 * expects from a member's name and size and compare all 512 bytes — any changed header byte is
 * then found at its offset, not only the ones the tar checksum happens to cover.
 *
 * Pure: node: built-ins only.
 */
import { Buffer } from 'node:buffer';

export const BLOCK = 512;
/** 11 octal digits: the largest size a ustar header holds. */
export const MAX_MEMBER_SIZE = 8 ** 11 - 1;

/** The one header govcon-evidence/v1 writes for a member `name` of `size` bytes. */
export function tarHeader(name: string, size: number): Buffer {
  if (!/^[a-z0-9][a-z0-9._/-]{0,99}$/.test(name)) throw new RangeError(`member name ${JSON.stringify(name)} is not allowed`);
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_MEMBER_SIZE)
    throw new RangeError(`member size ${size} does not fit a ustar header`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 'ascii');
  h.write('0000644\0', 100, 'ascii'); // mode
  h.write('0000000\0', 108, 'ascii'); // uid
  h.write('0000000\0', 116, 'ascii'); // gid
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write('00000000000\0', 136, 'ascii'); // mtime 0: the export time is in the manifest
  h.write('        ', 148, 'ascii'); // checksum, as spaces while summing
  h.write('0', 156, 'ascii'); // typeflag: regular file
  h.write('ustar\x0000', 257, 'ascii'); // magic and version
  h.write('0000000\0', 329, 'ascii'); // devmajor
  h.write('0000000\0', 337, 'ascii'); // devminor
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Zero bytes that bring a member of `size` bytes to a whole number of blocks. */
export function paddingFor(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Two zero blocks: the end of the archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

export interface ParsedHeader {
  name: string;
  size: number;
}

/**
 * Reads a header's name and size; null when the header is not the one tarHeader writes for
 * them. `firstDifference` is then the offset in the block of the first byte that differs from
 * what was expected (or of the field that could not be read).
 */
export function parseTarHeader(block: Uint8Array): { header: ParsedHeader } | { firstDifference: number } {
  const b = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const nul = b.indexOf(0);
  const nameEnd = nul < 0 || nul > 100 ? 100 : nul;
  const name = b.toString('latin1', 0, nameEnd);
  const sizeText = b.toString('latin1', 124, 135);
  if (!/^[0-7]{11}$/.test(sizeText)) return { firstDifference: 124 };
  let expected: Buffer;
  try {
    expected = tarHeader(name, Number.parseInt(sizeText, 8));
  } catch {
    return { firstDifference: 0 };
  }
  for (let i = 0; i < BLOCK; i++) if (expected[i] !== b[i]) return { firstDifference: i };
  return { header: { name, size: Number.parseInt(sizeText, 8) } };
}
