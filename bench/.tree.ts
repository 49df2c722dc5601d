import crypto from 'node:crypto';
import { MerkleAppender } from '../src-main/integrity/merkle/appender';
const n = 1_000_000;
const leaves = crypto.randomBytes(n * 32);
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const a = new MerkleAppender();
  for (let j = 0; j < n; j++) a.appendLeafHash(leaves.subarray(j * 32, j * 32 + 32));
  const ra = a.root();
  const t1 = performance.now() - t;
  t = performance.now();
  const b = new MerkleAppender();
  b.appendLeafHashes(leaves);
  const rb = b.root();
  console.log(`one by one ${t1.toFixed(0)} ms, appendLeafHashes ${(performance.now() - t).toFixed(0)} ms`, ra.equals(rb));
}
// lean: frontier in one buffer, hashing through one scratch
function leanRoot(hashes: Buffer, count: number): Buffer {
  const frontier = Buffer.alloc(64 * 32);
  const scratch = Buffer.alloc(65);
  scratch[0] = 1;
  let k = 0;
  for (let i = 0; i < count; i++) {
    let s = i;
    if ((s & 1) === 0) { hashes.copy(frontier, k * 32, i * 32, i * 32 + 32); k++; continue; }
    hashes.copy(scratch, 33, i * 32, i * 32 + 32);
    frontier.copy(scratch, 1, (k - 1) * 32, k * 32);
    let h = crypto.hash('sha256', scratch, 'buffer');
    k--; s >>>= 1;
    while ((s & 1) === 1) {
      h.copy(scratch, 33); frontier.copy(scratch, 1, (k - 1) * 32, k * 32);
      h = crypto.hash('sha256', scratch, 'buffer'); k--; s >>>= 1;
    }
    h.copy(frontier, k * 32); k++;
  }
  let h = Buffer.from(frontier.subarray((k - 1) * 32, k * 32));
  for (let j = k - 2; j >= 0; j--) { h.copy(scratch, 33); frontier.copy(scratch, 1, j * 32, j * 32 + 32); h = crypto.hash('sha256', scratch, 'buffer'); }
  return h;
}
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const x = leanRoot(leaves, n);
  const a = new MerkleAppender(); a.appendLeafHashes(leaves);
  console.log(`lean ${(performance.now() - t).toFixed(0)} ms (incl. nothing else)`, x.equals(a.root()));
}
