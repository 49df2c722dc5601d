// Child process of concurrency.test.ts: initialises the database at argv[2] and prints the
// outcome as one JSON line. Run with tsx.
import { initialise, type MigrationProgress } from '../../../src-main/schema/migrator';
import { createSequelize } from '../../../src-main/platform/db/sequelize';

const url = process.argv[2];
const label = process.argv[3] ?? 'child';
if (!url) throw new Error('usage: concurrent-init.child.ts <database url> [label]');

const sequelize = createSequelize({ url, pool: { size: 3, maxOverflow: 0 } });
const steps: MigrationProgress['step'][] = [];
try {
  // Tell the parent we are about to ask for the lock.
  process.stderr.write('ready\n');
  const result = await initialise(sequelize, {
    operator: { name: label, email: null },
    onProgress: (p) => {
      steps.push(p.step);
      // The parent waits until both children are waiting for the lock.
      if (p.step === 'waiting-for-lock') process.stderr.write('waiting\n');
    },
  });
  process.stdout.write(JSON.stringify({ ok: true, label, steps, ...result }) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, label, steps, error: String(e) }) + '\n');
  process.exitCode = 1;
} finally {
  await sequelize.close();
}
