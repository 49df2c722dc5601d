import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEntries } from '../../../src-main/domains/demo/sample-log';
import { importJsonlFile } from '../../../src-main/domains/import/import-file';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import type { TestDatabase } from '../../support/test-db';
import { recordFigure } from '../../support/figures';
import { count, importDatabase, jsonlV1Line, OPERATOR, scratchDir, sql } from './support';

/**
 * Lines a hostile or broken service file holds, each rejected on its own while the rest imports:
 * U+0000 in a stored string (Sequelize would store `\0` altered; PostgreSQL cannot store it at
 * all) as nul-not-storable, a line over the length limit as line-too-long; and a FIFO instead of
 * a file refused before anything is written.
 */

let db: TestDatabase;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  db = await importDatabase('import_hostile');
  scratch = scratchDir();
});
afterAll(async () => {
  scratch?.remove();
  await db?.drop();
});

describe('hostile lines in a service file', () => {
  it('are rejected one by one, with their reason, and every other line is imported', async () => {
    const entries = [...sampleEntries({ lines: 6, seed: 4242 })];
    const good = entries.slice(0, 3).map(jsonlV1Line);
    const withNul = jsonlV1Line({ ...entries[3]!, workflow_name: 'wf\u0000x' });
    const nulInParameters = jsonlV1Line({ ...entries[4]!, parameters: { ['k\u0000']: 'v' } });
    const long = jsonlV1Line({ ...entries[5]!, mission_objective: 'm'.repeat(5000) });
    const file = scratch.file('audit.jsonl', good[0]!, withNul, good[1]!, long, nulInParameters, good[2]!);
    const result = await importJsonlFile({ connectionString: db.url }, file, { operator: OPERATOR, maxLineBytes: 4096 });
    expect(result).toMatchObject({ total: 6, imported: 3, rejected_total: 3 });
    expect(result.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, 'nul-not-storable'],
      [4, 'line-too-long'],
      [5, 'nul-not-storable'],
    ]);
    expect(result.rejected[0]!.message).toMatch(/workflow_name contains U\+0000/);
    expect(result.rejected[1]!.message).toMatch(/^line 4 is 5\.\d KiB long, over the limit of 4 KiB/);
    expect(await count(db.url, 'audit_logs')).toBe(3);
    // Nothing altered got in: no stored text holds a backslash-zero written in NUL's place.
    expect(await sql(db.url, "SELECT id FROM audit_logs WHERE workflow_name LIKE '%\\\\0%' OR parameters::text LIKE '%\\\\0%'")).toEqual(
      [],
    );
    expect(await verifyDatabase({ connectionString: db.url })).toMatchObject({ total: 3, ok: 3 });
    recordFigure('hostile-service-lines', {
      what: 'Service lines with U+0000 in a stored string or key, or over the line-length limit, among good lines',
      inputs: 6,
      failures: 0,
      detail: '3 rejected on their own (nul-not-storable, line-too-long), 3 imported, none stored altered',
    });
  });

  it('a FIFO given as the file is refused before any run is recorded', async () => {
    const fifo = path.join(scratch.dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    const runsBefore = await count(db.url, 'console_import_files');
    await expect(importJsonlFile({ connectionString: db.url }, fifo, { operator: OPERATOR })).rejects.toMatchObject({
      code: 'FILE_ERROR',
      message: expect.stringContaining('FIFO'),
    });
    expect(await count(db.url, 'console_import_files')).toBe(runsBefore);
  });
});
