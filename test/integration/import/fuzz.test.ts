import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCustody } from '../../../src-main/domains/import/custody-verify';
import { importJsonlFile } from '../../../src-main/domains/import/import-file';
import { verifyJsonlLine } from '../../../src-main/integrity/jsonl-v1';
import { recordFigure } from '../../support/figures';
import { mutatedLines } from '../../support/jsonl-fuzz';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';

/**
 * The importer against seeded mutations of the vector lines (the unit fuzz test gives the
 * verifier many more): it finishes, and no line it imported fails verification — each custody
 * line's raw text verifies ok on its own, and custody re-verification passes.
 */
const COUNT = Number(process.env.GOVCON_FUZZ_IMPORT_LINES ?? 1_500);
const OPERATOR = { name: 'Fuzz Tests', email: null };
let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createInitialisedDatabase('import_fuzz', OPERATOR);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-fuzz-'));
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('import-jsonl fuzzing', () => {
  it(`imports none of ${COUNT.toLocaleString('en')} mutated lines that fail verification, and finishes`, async () => {
    const vectors = fs
      .readFileSync('test/fixtures/vectors/audit-v1.jsonl')
      .toString('latin1')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => Buffer.from(l, 'latin1'));
    const lines = [...mutatedLines(vectors, COUNT, 7)].map((m) => m.line);
    const file = path.join(dir, 'fuzzed.jsonl');
    fs.writeFileSync(file, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    const ok = lines.filter((l) => verifyJsonlLine(l).verdict === 'ok').length;

    const result = await importJsonlFile({ connectionString: db.url }, file, { operator: OPERATOR, batchSize: 200 });
    expect(result.total).toBe(COUNT);
    expect(result.imported + result.already_present + result.duplicates + result.rejected_total).toBe(COUNT);
    expect(result.imported).toBeLessThanOrEqual(ok);

    const custody = await sql<{ raw_line: string }>(db.url, 'SELECT raw_line FROM console_import_lines WHERE audit_log_id IS NOT NULL');
    expect(custody.length).toBe(result.imported);
    const failing = custody.filter((c) => verifyJsonlLine(Buffer.from(c.raw_line, 'utf8')).verdict !== 'ok');
    expect(failing).toEqual([]);
    expect(await verifyCustody({ connectionString: db.url })).toMatchObject({ failed: 0 });
    recordFigure('jsonl-import-fuzz', {
      what: 'Mutated jsonl-v1 lines (flips, cuts, splices, deep nesting, huge values, invalid UTF-8, NUL) in one file given to import-jsonl',
      inputs: COUNT,
      failures: failing.length,
      detail: `${result.imported} imported (all verify ok), ${result.duplicates} duplicates, ${result.rejected_total} rejected; ${ok} lines verify ok on their own`,
    });
  }, 180_000);
});
