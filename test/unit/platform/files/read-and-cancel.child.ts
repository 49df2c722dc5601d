// Child process of input-file.test.ts: starts reading argv[2] the way a job does, and either
// cancels after the first chunk (argv[3] = "cancel") or lets it fail (argv[3] = "refused"). It
// never calls process.exit: it must end by itself, which it cannot while a read is stuck in a
// thread of libuv's pool (a FIFO with no writer), so the parent's timeout proves nothing hangs.
// Run with `node --import tsx`.
import { verifyFile } from '../../../../src-main/domains/verification/verify-file';

const [file, mode] = process.argv.slice(2);
const controller = new AbortController();
const started = Date.now();
verifyFile(file!, {
  signal: controller.signal,
  progress: (done) => {
    if (mode === 'cancel' && done > 0) controller.abort();
  },
}).then(
  (result) => process.stdout.write(`${JSON.stringify({ outcome: 'finished', total: result.total })}\n`),
  (error: Error & { code?: string }) =>
    process.stdout.write(
      `${JSON.stringify({ outcome: error.name === 'AbortError' ? 'cancelled' : (error.code ?? 'error'), message: error.message, ms: Date.now() - started })}\n`,
    ),
);
