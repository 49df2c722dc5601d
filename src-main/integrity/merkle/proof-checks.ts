/** Shape checks shared by the proof verifiers: they see untrusted input, so nothing is assumed. */
import { HASH_SIZE } from './hash';
import { MerkleProofError } from './errors';
import { isTreeIndex } from './tree-math';

export function checkIndex(n: unknown, what: string): asserts n is number {
  if (!isTreeIndex(n)) throw new MerkleProofError(`${what} must be an integer in [0, 2^53)`);
}

export function checkHash(h: unknown, what: string): asserts h is Uint8Array {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) throw new MerkleProofError(`${what} must be 32 bytes`);
}

export function checkHashList(list: unknown, what: string): asserts list is readonly Uint8Array[] {
  if (!Array.isArray(list)) throw new MerkleProofError(`${what} must be an array of hashes`);
  list.forEach((h, i) => checkHash(h, `${what}[${i}]`));
}
