/**
 * Which side of each seal still holds (docs/seal-format.md §9): the root rebuilt from the leaf
 * records, and the root rebuilt from the rows' own leaf hashes, against the root each seal
 * signs. A row whose leaf differs from its record is modified when the records still give the
 * signed root, and the record is what was altered when only the rows do.
 *
 * The rows' tree is the records' tree with the differing leaves put in their place, so up to
 * the first leaf that differs the two are one tree: it is built once, and copied at that leaf
 * only when there is one. A clean log of a million leaves is a million hashes, not two.
 */
import { MerkleAppender } from '../../integrity/merkle/appender';
import { HASH_SIZE } from '../../integrity/merkle/hash';

export interface SignedSize {
  seal_number: number;
  tree_size: number;
  /** The root the seal's note signs. */
  root: Uint8Array;
}

export interface SealRootVerdicts {
  /** Seal number → the leaf records give its signed root. */
  recordOk: Map<number, boolean>;
  /** Seal number → the rows give its signed root. */
  rowOk: Map<number, boolean>;
}

/**
 * Appends to `tree` (already holding the leaves before the first one given here) the leaves
 * 0 … `available` − 1 that follow it — `recordHash(j)` from the records, `rowHashes` where the
 * rows differ — and judges every seal of `seals` (in order) at its size.
 */
export function judgeSealRoots(
  tree: MerkleAppender,
  seals: readonly SignedSize[],
  available: number,
  recordHash: (j: number) => Uint8Array,
  rowHashes: ReadonlyMap<number, Uint8Array>,
): SealRootVerdicts {
  const offset = tree.size;
  let firstDiffering = Number.POSITIVE_INFINITY;
  for (const j of rowHashes.keys()) if (j < firstDiffering) firstDiffering = j;
  const recordOk = new Map<number, boolean>();
  const rowOk = new Map<number, boolean>();
  let rowTree: MerkleAppender | null = null;
  let j = 0;
  for (const seal of seals) {
    const upTo = Math.min(seal.tree_size - offset, available);
    for (; j < upTo; j++) {
      if (j === firstDiffering) rowTree = tree.clone();
      const record = recordHash(j);
      tree.appendLeafHash(record);
      rowTree?.appendLeafHash(rowHashes.get(j) ?? record);
    }
    const fromRecords = holdsAt(tree, seal);
    recordOk.set(seal.seal_number, fromRecords);
    rowOk.set(seal.seal_number, rowTree ? holdsAt(rowTree, seal) : fromRecords);
  }
  return { recordOk, rowOk };
}

/** A tree holds at a seal when it has exactly the seal's leaves and gives the root it signs. */
function holdsAt(tree: MerkleAppender, seal: SignedSize): boolean {
  return tree.size === seal.tree_size && tree.matchesRoot(seal.root);
}

/** Leaves appended per turn of the event loop: about half a millisecond of hashing. */
const LEAVES_PER_TURN = 512;

export interface BackgroundJudgement {
  /** Seal number → the leaf records give its signed root; resolves once every seal is judged. */
  readonly recordOk: Promise<Map<number, boolean>>;
  /** Stops the work (the promise then never resolves): for a pass that failed or was cancelled. */
  stop(): void;
}

/**
 * The records' side of judgeSealRoots (from an empty tree), computed a few hundred leaves per
 * turn of the event loop while the caller reads the rows. The pass over the rows waits on the
 * server a fifth of its time or more, and building a million-leaf tree is a million hashes (about
 * 1.5 s here): done in those waits, it is mostly finished when the rows are, instead of after
 * them. Each turn yields to whatever I/O is ready, so the rows are never held up for long.
 */
export function judgeRecordRootsMeanwhile(seals: readonly SignedSize[], available: number, leafHashes: Uint8Array): BackgroundJudgement {
  const tree = new MerkleAppender();
  const recordOk = new Map<number, boolean>();
  let stopped = false;
  let s = 0;
  let j = 0;
  const done = new Promise<Map<number, boolean>>((resolve) => {
    const turn = () => {
      if (stopped) return;
      let budget = LEAVES_PER_TURN;
      while (s < seals.length) {
        const seal = seals[s]!;
        const upTo = Math.min(seal.tree_size, available);
        if (j < upTo) {
          if (budget === 0) return void setImmediate(turn);
          const to = Math.min(upTo, j + budget);
          tree.appendLeafHashes(leafHashes.subarray(j * HASH_SIZE, to * HASH_SIZE));
          budget -= to - j;
          j = to;
          continue;
        }
        recordOk.set(seal.seal_number, holdsAt(tree, seal));
        s++;
      }
      resolve(recordOk);
    };
    setImmediate(turn);
  });
  return {
    recordOk: done,
    stop: () => {
      stopped = true;
    },
  };
}
