// Child process of resume.test.ts: imports argv[3] into the database at argv[2] in batches of
// argv[4] lines, and says on stderr each time a batch has been committed ("imported N"), so
// the parent can kill it mid-way ("started" once it begins). Run with `node --import tsx`.
import { importJsonlFile } from '../../../src-main/domains/import/import-file';

const [url, file, batch] = process.argv.slice(2);
if (!url || !file || !batch) throw new Error('usage: import.child.ts <database url> <file> <batch size>');

let last = 0;
// The parent times some of its kills from here ("started"), the others from a commit.
process.stderr.write('started\n');
const result = await importJsonlFile({ connectionString: url }, file, {
  operator: { name: 'Killed Child', email: null },
  batchSize: Number(batch),
  progressDetail: (p) => {
    if (p.imported !== last) {
      last = p.imported;
      process.stderr.write(`imported ${p.imported}\n`);
    }
  },
});
process.stdout.write(`${JSON.stringify({ imported: result.imported, total: result.total })}\n`);
