/**
 * The RFC 9162 §2.1 definitions written out literally (recursive, list slicing, no cleverness),
 * to check the iterative code against. Test-only: quadratic in places and allocation-heavy.
 */
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';

const sha256 = (...parts: Uint8Array[]): Buffer => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();

export const refLeaf = (d: Uint8Array): Buffer => sha256(Buffer.of(0), d);
const node = (l: Uint8Array, r: Uint8Array): Buffer => sha256(Buffer.of(1), l, r);

/** k: the largest power of two smaller than n (n > 1). */
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

/** MTH(D[n]) over leaf hashes (the leaves are already hashed). */
export function refMth(h: readonly Uint8Array[]): Buffer {
  if (h.length === 0) return sha256();
  if (h.length === 1) return Buffer.from(h[0]);
  const s = k(h.length);
  return node(refMth(h.slice(0, s)), refMth(h.slice(s)));
}

/** PATH(m, D[n]). */
export function refPath(m: number, h: readonly Uint8Array[]): Buffer[] {
  if (h.length <= 1) return [];
  const s = k(h.length);
  if (m < s) return [...refPath(m, h.slice(0, s)), refMth(h.slice(s))];
  return [...refPath(m - s, h.slice(s)), refMth(h.slice(0, s))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function refProof(m: number, h: readonly Uint8Array[]): Buffer[] {
  return subproof(m, h, true);
}

function subproof(m: number, h: readonly Uint8Array[], b: boolean): Buffer[] {
  if (m === h.length) return b ? [] : [refMth(h)];
  const s = k(h.length);
  if (m <= s) return [...subproof(m, h.slice(0, s), b), refMth(h.slice(s))];
  return [...subproof(m - s, h.slice(s), false), refMth(h.slice(0, s))];
}

/** Leaf hashes of `n` distinct synthetic leaves. */
export function syntheticLeafHashes(n: number, seed = 'leaf'): Buffer[] {
  return Array.from({ length: n }, (_, i) => refLeaf(Buffer.from(`${seed} ${i}`)));
}
