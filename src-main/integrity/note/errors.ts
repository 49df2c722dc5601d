/** A signed note (or a checkpoint body) that breaks the format's rules. */
export class NoteFormatError extends Error {
  override name = 'NoteFormatError';
}

/** A verifier key, signer key or key list that cannot be used. */
export class NoteKeyError extends Error {
  override name = 'NoteKeyError';
}
