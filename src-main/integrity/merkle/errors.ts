/** A proof that does not verify: wrong shape, bad arguments or a root that does not match. */
export class MerkleProofError extends Error {
  override name = 'MerkleProofError';
}

/** Exported appender state that is malformed or does not match the root it was checked against. */
export class MerkleStateError extends Error {
  override name = 'MerkleStateError';
}
