/** MTH(D[n]) of RFC 9162 §2.1.1 for leaves held in memory. */
import type { Buffer } from 'node:buffer';
import { MerkleAppender } from './appender';

/** The root hash of the tree whose leaves are `entries` (leaf data, not yet hashed). */
export function merkleTreeHash(entries: Iterable<Uint8Array>): Buffer {
  const appender = new MerkleAppender();
  for (const e of entries) appender.appendLeafData(e);
  return appender.root();
}

/** The root hash of the tree whose leaf hashes are `leafHashes`. */
export function merkleTreeHashOfLeafHashes(leafHashes: Iterable<Uint8Array>): Buffer {
  const appender = new MerkleAppender();
  for (const h of leafHashes) appender.appendLeafHash(h);
  return appender.root();
}
