/**
 * Integer helpers for tree sizes and leaf indices. They are JavaScript numbers, so anything up
 * to Number.MAX_SAFE_INTEGER (2^53 − 1) is exact; JavaScript's bitwise operators work on 32
 * bits only, hence the arithmetic below instead of `&`, `>>` and `Math.clz32` past 2^31.
 */

const TWO_32 = 2 ** 32;

/** A leaf count or index this module can represent exactly: a safe, non-negative integer. */
export function isTreeIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function assertTreeIndex(n: unknown, what: string): asserts n is number {
  if (!isTreeIndex(n)) throw new RangeError(`${what} must be an integer in [0, 2^53), got ${String(n)}`);
}

/** The largest power of two strictly less than n (RFC 9162's split point k); n ≥ 2. */
export function splitPoint(n: number): number {
  if (n <= 2 ** 31) return 2 ** (31 - Math.clz32(n - 1));
  let k = 2 ** 31;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True when n is a power of two (1, 2, 4, …). */
export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && splitPoint(n + 1) === n;
}

/** Number of one bits in n. */
export function popcount(n: number): number {
  return popcount32(n % TWO_32) + popcount32(Math.floor(n / TWO_32));
}

function popcount32(x: number): number {
  let v = x >>> 0;
  let c = 0;
  while (v !== 0) {
    v &= v - 1;
    c++;
  }
  return c;
}

/** Whether the lowest bit of n is set. */
export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** n >> 1 without 32-bit truncation. */
export function half(n: number): number {
  return Math.floor(n / 2);
}
