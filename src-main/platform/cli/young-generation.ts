/**
 * For a command line that streams a large file or table through short-lived objects
 * (import-jsonl: ~23 KB allocated per line; verify-db: a string and a hash or two per row,
 * nearly all of it dead before the next one), V8 grows the young generation to its maximum
 * (two 16 MB semi-spaces) although almost nothing survives a scavenge, and that growth was most
 * of the variation of the import's peak memory. Asking V8 not to grow it
 * (`--semi-space-growth-factor=1`, a flag read each time the young generation would grow, so it
 * takes effect after start-up; given on node's command line instead, it was not obeyed here)
 * keeps it at its starting size for the rest of the process: scavenges come more often and
 * each finds as little alive. Measured (docs/scale.md): import-jsonl of 200,000 lines of 800
 * bytes, peak RSS 109-120 MB against 136-154 MB, the same wall time, the importer's CPU 56
 * against 47-49 µs a line; verify-db of 1,000,000 rows, 83-87 against 112-123 MB, and with
 * --seals 146-151 against 179-180 MB, at the same speed.
 *
 * The govcon process sets it (through its io, io.ts) before it loads a command marked
 * `memory: 'stream'` (cli/commands.ts). Only for a process that exits when its command is done,
 * never the desktop app's main process or a test runner: V8's flags are the whole process's.
 */
import v8 from 'node:v8';

export function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
