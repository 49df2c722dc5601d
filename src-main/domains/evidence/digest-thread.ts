/**
 * The bundle's SHA-256 digests (the file's and each member's) computed on a second thread while
 * the main one checks rows and proofs: hashing is about half of a verification's work, so with a
 * free core a bundle verifies up to twice as fast. The worker is DigestTracker (the verifier's own)
 * in a script given as text, so the standalone verifier stays one file. Chunks are copied to the
 * worker; at most MAX_AHEAD of them wait there (a shared counter and Atomics.wait), so memory
 * stays flat whatever the file's size.
 */
import { Worker } from 'node:worker_threads';
import { DigestTracker } from '../../integrity/bundle/verifier';
import type { BundleDigests } from '../../integrity/bundle/verifier';

const MAX_AHEAD = 16;

// The worker: the same algorithm as DigestTracker, in plain JavaScript (it runs as eval'd CommonJS).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const acked = new Int32Array(workerData);
const file = crypto.createHash('sha256');
const open = [];
const done = {};
let offset = 0;
parentPort.on('message', (m) => {
  if (m.member) return void open.push({ ...m.member, end: m.member.start + m.member.size, hash: crypto.createHash('sha256') });
  if (m.end) return void parentPort.postMessage({ file: file.digest('hex'), members: done });
  const chunk = Buffer.from(m.chunk);
  file.update(chunk);
  const lo = offset, hi = lo + chunk.length;
  for (const s of open) if (s.start < hi && s.end > lo) s.hash.update(chunk.subarray(Math.max(s.start, lo) - lo, Math.min(s.end, hi) - lo));
  for (let i = open.length - 1; i >= 0; i--) if (open[i].end <= hi) { done[open[i].name] = open[i].hash.digest('hex'); open.splice(i, 1); }
  offset = hi;
  Atomics.add(acked, 0, 1);
  Atomics.notify(acked, 0);
});
`;

export interface DigestThread {
  member(name: string, start: number, size: number): void;
  /** Copies `chunk` to the worker (waiting while it is MAX_AHEAD chunks behind). */
  write(chunk: Buffer): void;
  digests(): Promise<BundleDigests>;
  /** Stops the worker (after digests(), or when the verification is abandoned). */
  close(): void;
}

/** A digest thread, or the same work inline when no worker can be started. */
export function digestThread(): DigestThread {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    worker = new Worker(WORKER, { eval: true, workerData: shared.buffer });
  } catch {
    const inline = new DigestTracker();
    return {
      member: (n, s, z) => inline.member(n, s, z),
      write: (c) => inline.write(c),
      digests: async () => inline.digests(),
      close: () => undefined,
    };
  }
  let posted = 0;
  return {
    member: (name, start, size) => worker.postMessage({ member: { name, start, size } }),
    write(chunk) {
      for (let a = Atomics.load(shared, 0); posted - a >= MAX_AHEAD; a = Atomics.load(shared, 0)) Atomics.wait(shared, 0, a, 1000);
      const copy = new Uint8Array(chunk);
      worker.postMessage({ chunk: copy }, [copy.buffer]);
      posted++;
    },
    digests: () =>
      new Promise<BundleDigests>((resolve, reject) => {
        worker.once('message', (d: BundleDigests) => resolve(d));
        worker.once('error', reject);
        worker.postMessage({ end: true });
      }),
    close: () => void worker.terminate(),
  };
}
